/**
 * Tag rules for MFA devices, as for other IAM resources: keys are case-insensitive but keep their case,
 * tagging an existing key replaces its value (and its spelling), at most 50 tags (aws-behaviour.md §2.2).
 * Key/value lengths and patterns are checked by the protocol layer from the model.
 */
import type { Tag } from '../../protocol/models/iam.js';
import type { MfaTag } from './mfa-device.js';
import { MAX_TAGS, mfaErrors } from './mfa-errors.js';

/** Wire tags → ours, refusing two spellings of one key in a single request. */
export function tagsFromWire(tags: readonly Tag[] | undefined): MfaTag[] {
  const list = (tags ?? []).map((tag) => ({ key: tag.Key, value: tag.Value }));
  const keys = new Set(list.map((tag) => tag.key.toLowerCase()));
  if (keys.size !== list.length) throw mfaErrors.duplicateTagKeys();
  if (list.length > MAX_TAGS) throw mfaErrors.tooManyTags();
  return list;
}

export function tagsToWire(tags: readonly MfaTag[]): Tag[] {
  return tags.map((tag) => ({ Key: tag.key, Value: tag.value }));
}

export function mergeTags(current: readonly MfaTag[], added: readonly MfaTag[]): MfaTag[] {
  const addedKeys = new Set(added.map((tag) => tag.key.toLowerCase()));
  const merged = [...current.filter((tag) => !addedKeys.has(tag.key.toLowerCase())), ...added];
  if (merged.length > MAX_TAGS) throw mfaErrors.tooManyTags();
  return merged;
}

export function removeTags(current: readonly MfaTag[], keys: readonly string[]): MfaTag[] {
  const removed = new Set(keys.map((key) => key.toLowerCase()));
  return current.filter((tag) => !removed.has(tag.key.toLowerCase()));
}
