/**
 * `x-amz-copy-source`: `bucket/key` or `/bucket/key`, URL-encoded, optionally `?versionId=…` (S3 API
 * reference, CopyObject). Keys may contain `/`; only the first one separates bucket from key.
 */
import { s3Errors } from './s3-errors.js';

export interface CopySource {
  readonly bucket: string;
  readonly key: string;
  /** `?versionId=` of the header: the source version (aws-behaviour.md §9.5). */
  readonly versionId?: string;
}

const invalid = (value: string): Error => s3Errors.invalidArgument('Invalid copy source object key', 'x-amz-copy-source', value);

export function parseCopySource(value: string): CopySource {
  const [withoutVersion = '', versionId] = value.split('?versionId=');
  const path = withoutVersion.startsWith('/') ? withoutVersion.slice(1) : withoutVersion;
  const slash = path.indexOf('/');
  if (slash <= 0 || slash === path.length - 1) throw invalid(value);
  try {
    return {
      bucket: decodeURIComponent(path.slice(0, slash)),
      key: decodeURIComponent(path.slice(slash + 1)),
      ...(versionId === undefined ? {} : { versionId: decodeURIComponent(versionId) }),
    };
  } catch {
    throw invalid(value);
  }
}
