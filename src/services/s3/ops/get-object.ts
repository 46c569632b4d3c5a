/**
 * GetObject and HeadObject (§5.2): conditionals first (304/412), then the range (206 with `ContentRange`,
 * 416 `InvalidRange`), then `response-*` overrides. The gateway answers 206 when the output carries
 * `ContentRange`. Both authorize `s3:GetObject` (§5.6); with a `versionId`, `s3:GetObjectVersion` (§9.3). The
 * version read is the latest or the one named (§9.5).
 */
import { bucketArn } from '../../../arn/arn.js';
import type { GetObjectOutput, GetObjectRequest, HeadObjectOutput, HeadObjectRequest } from '../../../protocol/models/s3.js';
import type { Authorization, Operation } from '../../operation.js';
import { defineOperation } from '../../operation.js';
import { s3Errors } from '../s3-errors.js';
import { resolveRange } from '../byte-range.js';
import { checkConditions } from '../conditionals.js';
import { checksumMembers, checksumType } from '../checksums.js';
import type { S3Deps } from '../s3-deps.js';
import { requireObjectVersion, versionIdMember, versionTags } from '../version-lookup.js';
import { objectAuthorization } from '../object-authorization.js';
import { existingTagKeys } from '../tag-set.js';
import type { ObjectRecord } from '../s3-records.js';
import type { ByteRange } from '../../../store/blob/blob-store.js';

type ReadRequest = GetObjectRequest | HeadObjectRequest;
type ReadOutput = HeadObjectOutput & GetObjectOutput;

/** What an HTTP header value may hold (RFC 9110 field-vchar, SP and HTAB); node refuses to write anything else. */
const HEADER_VALUE = /^[\t\u0020-\u007e\u0080-\u00ff]*$/;

/**
 * The `response-*` overrides become response headers: a value no header can carry is refused before anything
 * is read ([U]: S3's exact answer is not recorded; InvalidArgument names the parameter, as S3's do).
 */
function checkOverrides(input: ReadRequest): void {
  const overrides: readonly [string, string | undefined][] = [
    ['response-content-type', input.ResponseContentType],
    ['response-cache-control', input.ResponseCacheControl],
    ['response-content-disposition', input.ResponseContentDisposition],
    ['response-content-encoding', input.ResponseContentEncoding],
    ['response-content-language', input.ResponseContentLanguage],
  ];
  for (const [name, value] of overrides) {
    if (value !== undefined && !HEADER_VALUE.test(value))
      throw s3Errors.invalidArgument(`Header value cannot be represented using ISO-8859-1.`, name, value);
  }
}

function headersOf(record: ObjectRecord, input: ReadRequest, range: ByteRange | undefined): ReadOutput {
  const h = record.headers;
  const responseExpires = input.ResponseExpires === undefined ? undefined : new Date(input.ResponseExpires).toUTCString();
  const pick = (override: string | undefined, stored: string | undefined): { value?: string } =>
    override !== undefined ? { value: override } : stored !== undefined ? { value: stored } : {};
  const opt = <K extends string>(name: K, chosen: { value?: string }): Partial<Record<K, string>> =>
    chosen.value === undefined ? {} : ({ [name]: chosen.value } as Partial<Record<K, string>>);
  return {
    AcceptRanges: 'bytes',
    LastModified: record.lastModifiedMs,
    ContentLength: range === undefined ? record.size : range.end - range.start + 1,
    ETag: record.etag,
    ...(range === undefined ? {} : { ContentRange: `bytes ${range.start}-${range.end}/${record.size}` }),
    ContentType: input.ResponseContentType ?? h.contentType,
    ...opt('CacheControl', pick(input.ResponseCacheControl, h.cacheControl)),
    ...opt('ContentDisposition', pick(input.ResponseContentDisposition, h.contentDisposition)),
    ...opt('ContentEncoding', pick(input.ResponseContentEncoding, h.contentEncoding)),
    ...opt('ContentLanguage', pick(input.ResponseContentLanguage, h.contentLanguage)),
    ...opt('Expires', pick(responseExpires, h.expires)),
    ...opt('WebsiteRedirectLocation', pick(undefined, h.websiteRedirectLocation)),
    ...(h.storageClass === 'STANDARD' ? {} : { StorageClass: h.storageClass as ReadOutput['StorageClass'] & string }),
    ServerSideEncryption: 'AES256',
    Metadata: { ...record.metadata },
    ...(record.partsCount === undefined ? {} : { PartsCount: record.partsCount }),
    // Only for an object with tags, on GetObject and HeadObject alike [R: test_head_object_with_tags].
    ...(record.tags === undefined || record.tags.length === 0 ? {} : { TagCount: record.tags.length }),
    // Checksums are whole-object values: only on request, and never for a range.
    ...(input.ChecksumMode === 'ENABLED' && range === undefined ? { ...checksumMembers(record.checksums), ...checksumType(record.checksums) } : {}),
  };
}

function prepare(deps: S3Deps, input: ReadRequest, method: 'GET' | 'HEAD'): { record: ObjectRecord; range: ByteRange | undefined } {
  checkOverrides(input);
  const record = requireObjectVersion(deps.state, input, method, { markerLatest: 'not-found' });
  checkConditions(
    record,
    {
      ifMatch: input.IfMatch,
      ifNoneMatch: input.IfNoneMatch,
      ifModifiedSinceMs: input.IfModifiedSince,
      ifUnmodifiedSinceMs: input.IfUnmodifiedSince,
    },
    'read',
  );
  const decision = resolveRange(input.Range, record.size);
  return { record, range: decision.kind === 'partial' ? decision.range : undefined };
}

/** `s3:GetObject`, or `s3:GetObjectVersion` when the request names a version (§9.3), with the object's tags (§9.4). */
const readAuthorization = <I extends ReadRequest>(deps: S3Deps): Authorization<I> =>
  objectAuthorization<I>('s3:GetObject', 's3:GetObjectVersion', (input) => existingTagKeys(versionTags(deps.state, input)));

export function getObject(deps: S3Deps): Operation {
  return defineOperation<GetObjectRequest, GetObjectOutput>({
    name: 'GetObject',
    authorization: readAuthorization<GetObjectRequest>(deps),
    handle: async (input) => {
      const { record, range } = prepare(deps, input, 'GET');
      return { ...headersOf(record, input, range), ...versionIdMember(deps.state, record), Body: deps.blobs.read(record.blobKey, range) };
    },
    concealMissing: { codes: ['NoSuchKey'], check: (input) => ({ action: 's3:ListBucket', resource: bucketArn(input.Bucket) }) },
  });
}

export function headObject(deps: S3Deps): Operation {
  return defineOperation<HeadObjectRequest, HeadObjectOutput>({
    name: 'HeadObject',
    authorization: readAuthorization<HeadObjectRequest>(deps),
    handle: async (input) => {
      const { record, range } = prepare(deps, input, 'HEAD');
      return { ...headersOf(record, input, range), ...versionIdMember(deps.state, record) };
    },
    concealMissing: { codes: ['NoSuchKey'], check: (input) => ({ action: 's3:ListBucket', resource: bucketArn(input.Bucket) }) },
  });
}
