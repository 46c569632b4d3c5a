/**
 * Object and bucket tag sets (aws-behaviour.md §9.4): the XML TagSet of Put*Tagging and the `x-amz-tagging`
 * header of PutObject, CopyObject and CreateMultipartUpload, checked as S3 checks them, and the condition
 * keys the tags give a request (`s3:ExistingObjectTag/<key>`, `s3:RequestObjectTag/<key>`,
 * `s3:RequestObjectTagKeys`).
 */
import type { AwsError } from '../../errors/aws-error.js';
import type { ContextValue } from '../../policy/evaluator.js';
import type { Tag } from '../../protocol/models/s3.js';
import { s3Errors } from './s3-errors.js';
import type { StoredTag } from './s3-records.js';

type TagOwner = 'object' | 'bucket';

/** S3-UG object-tagging and CostAllocTagging: 10 tags per object, 50 per bucket; keys 128, values 256 characters. */
const MAX_TAGS: Readonly<Record<TagOwner, number>> = { object: 10, bucket: 50 };
const MAX_KEY_CHARS = 128;
const MAX_VALUE_CHARS = 256;

/** Letters, digits, spaces and `+ - = . _ : / @` (§9.4; a comma is refused [R]). */
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}+\-=._:/@]*$/u;

/** Characters as AWS counts them: Unicode code points. */
const length = (text: string): number => [...text].length;

/** The first problem of one tag, or undefined. Key checks come before value checks [U: S3's order is not recorded]. */
function tagProblem(tag: StoredTag, owner: TagOwner): AwsError | undefined {
  const { key, value } = tag;
  if (length(key) > MAX_KEY_CHARS) return s3Errors.invalidTag(`The TagKey you have provided is too long, max ${MAX_KEY_CHARS}`, [['TagKey', key]]);
  if (key === '' || !TAG_TEXT.test(key)) return s3Errors.invalidTag('The TagKey you have provided is invalid', [['TagKey', key]]);
  if (key.startsWith('aws:')) {
    const message = owner === 'bucket' ? 'System tags cannot be added/updated by requester' : 'Your TagKey cannot be prefixed with aws:';
    return s3Errors.invalidTag(message, [['TagKey', key]]);
  }
  if (length(value) > MAX_VALUE_CHARS)
    return s3Errors.invalidTag(`The TagValue you have provided is too long, max ${MAX_VALUE_CHARS}`, [
      ['TagKey', key],
      ['TagValue', value],
    ]);
  if (!TAG_TEXT.test(value))
    return s3Errors.invalidTag('The TagValue you have provided is invalid', [
      ['TagKey', key],
      ['TagValue', value],
    ]);
  return undefined;
}

/** [U] the texts of the count limits: reported for objects, none recorded for buckets. */
function tooMany(owner: TagOwner): AwsError {
  return owner === 'object'
    ? s3Errors.badRequest('Object tags cannot be greater than 10')
    : s3Errors.invalidTag('Bucket tag count cannot be greater than 50');
}

/** A TagSet from XML (PutObjectTagging, PutBucketTagging): a tag without Key or Value is `MalformedXML` [R]. */
export function tagSetFromXml(tagSet: readonly Partial<Tag>[] | undefined, owner: TagOwner): StoredTag[] {
  const tags: StoredTag[] = [];
  for (const tag of tagSet ?? []) {
    if (typeof tag.Key !== 'string' || typeof tag.Value !== 'string') throw s3Errors.malformedXml();
    tags.push({ key: tag.Key, value: tag.Value });
  }
  if (tags.length > MAX_TAGS[owner]) throw tooMany(owner);
  const seen = new Set<string>();
  for (const tag of tags) {
    const problem = tagProblem(tag, owner);
    if (problem !== undefined) throw problem;
    if (seen.has(tag.key)) throw s3Errors.invalidTag('Cannot provide multiple Tags with the same key', [['TagKey', tag.key]]);
    seen.add(tag.key);
  }
  return tags;
}

const headerError = (value: string): AwsError =>
  s3Errors.invalidArgument(
    "The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates.",
    'x-amz-tagging',
    value,
  );

function decodeComponent(text: string, header: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    throw headerError(header);
  }
}

/**
 * The `x-amz-tagging` header: `k1=v1&k2=v2`, URL-encoded; a segment without `=` is a key with an empty value
 * and empty segments are skipped (`key1&&&key2` gives two tags) [R: test_put_object_with_tags]. A duplicate
 * key, or a character a tag may not hold, is `InvalidArgument` naming the header [R: test_object_tagging_exc];
 * an `aws:` key, a long key or value and more than 10 tags answer as in a TagSet [U].
 */
export function tagSetFromHeader(header: string): StoredTag[] {
  const tags: StoredTag[] = [];
  const seen = new Set<string>();
  for (const segment of header.split('&')) {
    if (segment === '') continue;
    const equals = segment.indexOf('=');
    const key = decodeComponent(equals < 0 ? segment : segment.slice(0, equals), header);
    const value = equals < 0 ? '' : decodeComponent(segment.slice(equals + 1), header);
    if (seen.has(key) || key === '' || !TAG_TEXT.test(key) || !TAG_TEXT.test(value)) throw headerError(header);
    seen.add(key);
    tags.push({ key, value });
  }
  if (tags.length > MAX_TAGS.object) throw tooMany('object');
  for (const tag of tags) {
    const problem = tagProblem(tag, 'object');
    if (problem !== undefined) throw problem;
  }
  return tags;
}

/** Tags on the wire (GetObjectTagging, GetBucketTagging), in the order they were put. */
export const tagSetOut = (tags: readonly StoredTag[] | undefined): Tag[] => (tags ?? []).map((t) => ({ Key: t.key, Value: t.value }));

/** `s3:ExistingObjectTag/<key>` for each tag of the object a request acts on (S3-UG tagging-and-policies). */
export function existingTagKeys(tags: readonly StoredTag[] | undefined): Record<string, ContextValue> {
  const keys: Record<string, ContextValue> = {};
  for (const tag of tags ?? []) keys[`s3:ExistingObjectTag/${tag.key}`] = tag.value;
  return keys;
}

/** `s3:RequestObjectTag/<key>` for each tag a request sets, and the multi-valued `s3:RequestObjectTagKeys`. */
export function requestTagKeys(tags: readonly StoredTag[]): Record<string, ContextValue> {
  // [U] a request that sets no tag carries neither key (AWS documents none for an empty set).
  if (tags.length === 0) return {};
  const keys: Record<string, ContextValue> = { 's3:RequestObjectTagKeys': tags.map((t) => t.key) };
  for (const tag of tags) keys[`s3:RequestObjectTag/${tag.key}`] = tag.value;
  return keys;
}

/** The condition keys of an `x-amz-tagging` header; one that fails validation gives none (the handler refuses it). */
export function headerTagKeys(header: string | undefined): Record<string, ContextValue> {
  if (header === undefined) return {};
  try {
    return requestTagKeys(tagSetFromHeader(header));
  } catch {
    return {};
  }
}

/** `tags` as a record member: absent when empty, as on an object never tagged. */
export const tagsMember = (tags: readonly StoredTag[]): { tags?: readonly StoredTag[] } => (tags.length === 0 ? {} : { tags });
