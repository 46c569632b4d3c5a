/** The headers S3 keeps with an object, from a PutObject/CreateMultipartUpload/CopyObject(REPLACE) request. */
import type { StoredHeaders } from './s3-records.js';

interface HeaderInput {
  readonly ContentType?: string;
  readonly CacheControl?: string;
  readonly ContentDisposition?: string;
  readonly ContentEncoding?: string;
  readonly ContentLanguage?: string;
  readonly Expires?: string;
  readonly WebsiteRedirectLocation?: string;
  readonly StorageClass?: string;
  readonly Metadata?: Record<string, string>;
}

/** S3's default when a client sends no Content-Type. */
const DEFAULT_CONTENT_TYPE = 'binary/octet-stream';

export function storedHeaders(input: HeaderInput): StoredHeaders {
  // `aws-chunked` describes the transfer (§5.3), not the object: S3 does not store it.
  const encoding = input.ContentEncoding?.split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '' && s !== 'aws-chunked')
    .join(', ');
  return {
    contentType: input.ContentType ?? DEFAULT_CONTENT_TYPE,
    storageClass: input.StorageClass ?? 'STANDARD',
    ...(input.CacheControl === undefined ? {} : { cacheControl: input.CacheControl }),
    ...(input.ContentDisposition === undefined ? {} : { contentDisposition: input.ContentDisposition }),
    ...(encoding === undefined || encoding === '' ? {} : { contentEncoding: encoding }),
    ...(input.ContentLanguage === undefined ? {} : { contentLanguage: input.ContentLanguage }),
    ...(input.Expires === undefined ? {} : { expires: input.Expires }),
    ...(input.WebsiteRedirectLocation === undefined ? {} : { websiteRedirectLocation: input.WebsiteRedirectLocation }),
  };
}

/** User metadata names are case-insensitive on the wire; S3 returns them lower-cased. */
export function storedMetadata(metadata: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(metadata ?? {})) out[name.toLowerCase()] = value;
  return out;
}
