/**
 * Version ids (aws-behaviour.md §9.3, §9.5). S3's are 32 characters of `[A-Za-z0-9._]` that S3 can decode: an
 * id it cannot decode is `InvalidArgument` `Invalid version id specified`, on any bucket, while a well-formed id
 * of a version that is gone is `NoSuchVersion` [R]. The lab's ids carry a check of their own (26 random
 * characters, then 6 of a SHA-256 of those) so that the two cases can be told apart without remembering every
 * id ever issued. On a bucket never versioned every object is the `null` version and any other id is refused
 * as S3 refuses it there.
 */
import { createHash } from 'node:crypto';
import { s3Errors } from './s3-errors.js';
import { NULL_VERSION } from './s3-records.js';

const BODY_CHARS = 26;
const CHECK_CHARS = 6;

/** base64 in S3's alphabet: `+` and `/` become `.` and `_`. */
const s3Alphabet = (base64: string): string => base64.replace(/\+/g, '.').replace(/\//g, '_').replace(/=+$/, '');

const checkOf = (body: string): string => s3Alphabet(createHash('sha256').update(body).digest('base64')).slice(0, CHECK_CHARS);

export function newVersionId(ids: { token(bytes: number): string }): string {
  const body = s3Alphabet(ids.token(24)).slice(0, BODY_CHARS);
  return body + checkOf(body);
}

/** True for `null` and for ids the lab issued (or could have). */
export function isDecodable(versionId: string): boolean {
  if (versionId === NULL_VERSION) return true;
  if (!/^[A-Za-z0-9._]{32}$/.test(versionId)) return false;
  return checkOf(versionId.slice(0, BODY_CHARS)) === versionId.slice(BODY_CHARS);
}

export const invalidVersionId = (versionId: string): Error => s3Errors.invalidArgument('Invalid version id specified', 'versionId', versionId);

/** True when a request names a version other than the one a never-versioned bucket holds. */
export const namesOtherVersion = (versionId: string | undefined): boolean => versionId !== undefined && versionId !== NULL_VERSION;
