/**
 * EC2's `Filter.N.Name` / `Filter.N.Value.M` (aws-behaviour.md §3.2, EC2-MODEL Filter doc): values OR
 * within a filter, filters AND together; values may use `*` and `?` wildcards. A filter name the operation
 * does not know is refused as AWS does.
 */
import type { Filter } from '../../protocol/models/ec2.js';
import { ec2Errors } from './ec2-errors.js';

/** The values a named filter sees on one item. */
type FilterValues<T> = (name: string, item: T) => readonly string[];

function wildcard(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, 's');
}

/** Checks every filter name first (an unknown one is an error even when nothing would match). */
export function compileFilters<T>(
  filters: readonly Filter[] | undefined,
  known: (name: string) => boolean,
  valuesOf: FilterValues<T>,
): (item: T) => boolean {
  const compiled = (filters ?? []).map((filter) => {
    const name = filter.Name ?? '';
    if (!known(name)) throw ec2Errors.invalidFilter(name);
    return { name, patterns: (filter.Values ?? []).map(wildcard) };
  });
  return (item) =>
    compiled.every(({ name, patterns }) => {
      const values = valuesOf(name, item);
      return patterns.some((pattern) => values.some((value) => pattern.test(value)));
    });
}

export const isTagFilter = (name: string): boolean => (name.startsWith('tag:') && name.length > 4) || name === 'tag-key' || name === 'tag-value';

/** `tag:<key>`, `tag-key`, `tag-value` over a tag list. */
export function tagFilterValues(name: string, tags: readonly { readonly Key: string; readonly Value: string }[]): readonly string[] {
  if (name.startsWith('tag:')) {
    const key = name.slice('tag:'.length);
    return tags.filter((t) => t.Key === key).map((t) => t.Value);
  }
  if (name === 'tag-key') return tags.map((t) => t.Key);
  if (name === 'tag-value') return tags.map((t) => t.Value);
  return [];
}
