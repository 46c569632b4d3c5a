/**
 * Version ids on the lab's buckets, which are never versioned (aws-behaviour.md §9.3): every object is the
 * `null` version, so `versionId=null` names it, and any other id is one S3 cannot decode for such a bucket —
 * `InvalidArgument` `Invalid version id specified` for single-object requests, a `NoSuchVersion` entry in a
 * DeleteObjects answer (both recorded from AWS).
 */
import { s3Errors } from './s3-errors.js';

const NULL_VERSION = 'null';

/** True when a request names a version other than the one an unversioned bucket holds. */
export const namesOtherVersion = (versionId: string | undefined): boolean => versionId !== undefined && versionId !== NULL_VERSION;

export function checkVersionId(versionId: string | undefined): void {
  if (versionId !== undefined && namesOtherVersion(versionId)) throw s3Errors.invalidArgument('Invalid version id specified', 'versionId', versionId);
}
