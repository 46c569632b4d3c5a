/**
 * Tags on users, roles, customer managed policies, instance profiles and server certificates (aws-behaviour.md
 * §10.9, §12.2):
 * - users, roles, instance profiles and server certificates [U] compare keys without regard to case: two spellings of one key in a
 *   request are `InvalidInput` `Duplicate tag keys found. Please note that Tag keys are case insensitive.`, and a
 *   tag whose key differs only in case replaces the old one;
 * - policies compare keys exactly: `a` and `A` are two tags, a repeated key is `InvalidInput`
 *   `Duplicate tag keys found.`, and UntagPolicy removes only the spelling given [O: LS-SNAP];
 * - more than 50 after a merge is 409 `LimitExceeded` `The number of tags has reached the maximum limit.`
 *   [O: recorded for OIDC providers; U: for these entities]. More than 50 in one request is the model's Coral
 *   error, raised before this.
 */
import { iamErrors } from './iam-errors.js';
import type { TagRecord } from './records.js';

export type TaggedNoun = 'User' | 'Role' | 'Policy' | 'InstanceProfile' | 'OpenIDConnectProvider' | 'SAMLProvider' | 'ServerCertificate';

const TAGS_LIMIT_REACHED = 'The number of tags has reached the maximum limit.';

function keysAreCaseSensitive(noun: TaggedNoun): boolean {
  return noun === 'Policy';
}

function keyOf(noun: TaggedNoun): (key: string) => string {
  return keysAreCaseSensitive(noun) ? (key) => key : (key) => key.toLowerCase();
}

export function mergeTags(existing: readonly TagRecord[], added: readonly TagRecord[], limit: number, noun: TaggedNoun): TagRecord[] {
  const key = keyOf(noun);
  const seen = new Set<string>();
  for (const tag of added) {
    if (seen.has(key(tag.Key))) {
      throw iamErrors.invalidInput(
        keysAreCaseSensitive(noun) ? 'Duplicate tag keys found.' : 'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
      );
    }
    seen.add(key(tag.Key));
  }
  const merged = existing.filter((tag) => !seen.has(key(tag.Key)));
  merged.push(...added.map((t) => ({ Key: t.Key, Value: t.Value })));
  if (merged.length > limit) throw iamErrors.limitExceeded(TAGS_LIMIT_REACHED);
  return merged;
}

export function removeTags(existing: readonly TagRecord[], keys: readonly string[], noun: TaggedNoun): TagRecord[] {
  const key = keyOf(noun);
  const drop = new Set(keys.map(key));
  return existing.filter((tag) => !drop.has(key(tag.Key)));
}

/**
 * The order of List<Noun>Tags. ListPolicyTags answered `a, b, z, abc` for tags created as `abc, b, z, a`, and
 * `A, a` for `a, A` [O: LS-SNAP `test_policy_tag_order`, `test_policy_tag_lifecycle`, February 2026]: shorter
 * keys first, then by UTF-16 code unit [U: the rule beyond these cases]. The other lists keep the order the
 * tags were added in (every recording is in that order), except identity providers', which the model documents
 * as "sorted by tag key" (aws-federation.md §1.5) [U: the order of keys differing only in case; code units here].
 */
export function listedTags(tags: readonly TagRecord[], noun: TaggedNoun): readonly TagRecord[] {
  switch (noun) {
    case 'Policy':
      return [...tags].sort((a, b) => a.Key.length - b.Key.length || byCodeUnit(a.Key, b.Key));
    case 'OpenIDConnectProvider':
    case 'SAMLProvider':
      return [...tags].sort((a, b) => byCodeUnit(a.Key, b.Key));
    case 'User':
    case 'Role':
    case 'InstanceProfile':
    case 'ServerCertificate':
      return tags;
  }
}

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
