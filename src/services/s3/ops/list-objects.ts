/** ListObjects (v1, marker) and ListObjectsV2 (continuation token / StartAfter): §5.2, `s3:ListBucket`. */
import { bucketArn } from '../../../arn/arn.js';
import type {
  ListObjectsOutput,
  ListObjectsRequest,
  ListObjectsV2Output,
  ListObjectsV2Request,
  Object as S3Object,
} from '../../../protocol/models/s3.js';
import type { Operation } from '../../operation.js';
import { defineOperation } from '../../operation.js';
import type { ListItem, ListPage } from '../list-keys.js';
import { clampMaxKeys, encodeKey, listPage } from '../list-keys.js';
import type { S3Deps } from '../s3-deps.js';
import { s3Errors } from '../s3-errors.js';
import { requireBucket } from '../s3-lookup.js';
import { ownerOf } from '../s3-owner.js';
import { checksumAlgorithms, checksumType } from '../checksums.js';
import type { ObjectRecord } from '../s3-records.js';

const TOKEN_PREFIX = 'iamlab1:';

function encodeToken(name: string): string {
  return Buffer.from(TOKEN_PREFIX + name, 'utf8').toString('base64');
}

function decodeToken(token: string): string {
  const text = Buffer.from(token, 'base64').toString('utf8');
  if (!text.startsWith(TOKEN_PREFIX)) {
    throw s3Errors.invalidArgument('The continuation token provided is incorrect', 'continuation-token', token);
  }
  return text.slice(TOKEN_PREFIX.length);
}

function objectEntry(record: ObjectRecord, encoding: string | undefined, withOwner: boolean): S3Object {
  return {
    Key: encodeKey(record.key, encoding),
    LastModified: record.lastModifiedMs,
    ETag: record.etag,
    // As ListObjectVersions: the stored checksum's algorithm and type (S3's answers since 2025, aws-behaviour.md §9.7).
    ...(checksumAlgorithms(record.checksums).length === 0 ? {} : { ChecksumAlgorithm: checksumAlgorithms(record.checksums) }),
    ...checksumType(record.checksums),
    Size: record.size,
    StorageClass: record.headers.storageClass as S3Object['StorageClass'] & string,
    ...(withOwner ? { Owner: ownerOf(record.ownerAccount) } : {}),
  };
}

function split(page: ListPage<ObjectRecord>): { keys: ObjectRecord[]; prefixes: string[] } {
  const keys: ObjectRecord[] = [];
  const prefixes: string[] = [];
  for (const item of page.items) {
    if (item.kind === 'key') keys.push(item.value);
    else prefixes.push(item.name);
  }
  return { keys, prefixes };
}

function checkMaxKeys(value: number | undefined): void {
  if (value !== undefined && value < 0)
    throw s3Errors.invalidArgument('Argument maxKeys must be an integer between 0 and 2147483647', 'maxKeys', String(value));
}

interface ListingInput {
  readonly Bucket: string;
  readonly MaxKeys?: number | undefined;
  readonly Prefix?: string | undefined;
  readonly Delimiter?: string | undefined;
  readonly EncodingType?: ListObjectsRequest['EncodingType'] | undefined;
}

/**
 * What both listings share: the bucket must exist, MaxKeys is checked and clamped, one page is cut, and the
 * members both answers carry (Name, Prefix, Delimiter, MaxKeys, CommonPrefixes, EncodingType).
 */
function listedPage(deps: S3Deps, input: ListingInput, after: string | undefined) {
  requireBucket(deps.state, input.Bucket);
  checkMaxKeys(input.MaxKeys);
  const maxKeys = clampMaxKeys(input.MaxKeys);
  const prefix = input.Prefix ?? '';
  const enc = input.EncodingType;
  const page: ListPage<ObjectRecord> = listPage(deps.state.objects(input.Bucket), (o) => o.key, {
    prefix,
    delimiter: input.Delimiter,
    after,
    maxKeys,
  });
  const { keys, prefixes } = split(page);
  const common = {
    Name: input.Bucket,
    Prefix: encodeKey(prefix, enc),
    ...(input.Delimiter === undefined ? {} : { Delimiter: encodeKey(input.Delimiter, enc) }),
    MaxKeys: maxKeys,
    CommonPrefixes: prefixes.map((p) => ({ Prefix: encodeKey(p, enc) })),
    ...(enc === undefined ? {} : { EncodingType: enc }),
  };
  const last: ListItem<ObjectRecord> | undefined = page.items[page.items.length - 1];
  return { page, keys, last, common };
}

export function listObjectsV2(deps: S3Deps): Operation {
  return defineOperation<ListObjectsV2Request, ListObjectsV2Output>({
    name: 'ListObjectsV2',
    authorization: { kind: 'policy', action: 's3:ListBucket', resources: (input) => [bucketArn(input.Bucket)] },
    handle: async (input) => {
      const after = input.ContinuationToken !== undefined ? decodeToken(input.ContinuationToken) : input.StartAfter;
      const { page, keys, last, common } = listedPage(deps, input, after);
      const enc = input.EncodingType;
      return {
        IsTruncated: page.truncated,
        Contents: keys.map((o) => objectEntry(o, enc, input.FetchOwner === true)),
        ...common,
        KeyCount: page.items.length,
        ...(input.ContinuationToken === undefined ? {} : { ContinuationToken: input.ContinuationToken }),
        ...(page.truncated && last !== undefined ? { NextContinuationToken: encodeToken(last.name) } : {}),
        ...(input.StartAfter === undefined ? {} : { StartAfter: encodeKey(input.StartAfter, enc) }),
      };
    },
  });
}

export function listObjects(deps: S3Deps): Operation {
  return defineOperation<ListObjectsRequest, ListObjectsOutput>({
    name: 'ListObjects',
    authorization: { kind: 'policy', action: 's3:ListBucket', resources: (input) => [bucketArn(input.Bucket)] },
    handle: async (input) => {
      const { page, keys, last, common } = listedPage(deps, input, input.Marker);
      const enc = input.EncodingType;
      return {
        IsTruncated: page.truncated,
        Marker: encodeKey(input.Marker ?? '', enc),
        // S3 sends NextMarker only with a delimiter; clients use the last key otherwise. Sending it always is harmless.
        ...(page.truncated && last !== undefined ? { NextMarker: encodeKey(last.name, enc) } : {}),
        Contents: keys.map((o) => objectEntry(o, enc, true)),
        ...common,
      };
    },
  });
}
