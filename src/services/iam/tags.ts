/**
 * Tags on users, roles, customer managed policies and instance profiles: at most 50 per entity, keys
 * unique case-insensitively (a tag whose key differs only in case replaces the old one).
 */
import { iamErrors } from './iam-errors.js';
import type { TagRecord } from './records.js';

export type TaggedNoun = 'User' | 'Role' | 'Policy' | 'InstanceProfile';

const DUPLICATE_KEYS = 'Duplicate tag keys found. Please note that Tag keys are case insensitive.';

export function mergeTags(existing: readonly TagRecord[], added: readonly TagRecord[], limit: number, noun: TaggedNoun): TagRecord[] {
  const seen = new Set<string>();
  for (const tag of added) {
    const key = tag.Key.toLowerCase();
    if (seen.has(key)) throw iamErrors.invalidInput(DUPLICATE_KEYS);
    seen.add(key);
  }
  const merged = existing.filter((tag) => !seen.has(tag.Key.toLowerCase()));
  merged.push(...added.map((t) => ({ Key: t.Key, Value: t.Value })));
  if (merged.length > limit) throw iamErrors.quota(`TagsPer${noun}`, limit);
  return merged;
}

export function removeTags(existing: readonly TagRecord[], keys: readonly string[]): TagRecord[] {
  const drop = new Set(keys.map((k) => k.toLowerCase()));
  return existing.filter((tag) => !drop.has(tag.Key.toLowerCase()));
}
