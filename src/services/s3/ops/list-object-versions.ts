/**
 * ListObjectVersions, `GET /<b>?versions` (aws-behaviour.md §9.5), `s3:ListBucketVersions`: every version and
 * delete marker by key, newest first within a key, after `key-marker` (all of that key's versions when
 * `version-id-marker` is absent, else those up to that version), under `prefix`, with `delimiter` rolling keys
 * up into common prefixes that count once toward `max-keys`. A bucket never versioned lists each object once,
 * as the `null` version. Versions and delete markers keep their one order on the wire (`atWirePosition`).
 */
import { bucketArn } from '../../../arn/arn.js';
import type { DeleteMarkerEntry, ListObjectVersionsOutput, ListObjectVersionsRequest, ObjectVersion } from '../../../protocol/models/s3.js';
import { atWirePosition } from '../../../protocol/models/wire-position.js';
import type { Operation } from '../../operation.js';
import { defineOperation } from '../../operation.js';
import { clampMaxKeys, encodeKey } from '../list-keys.js';
import { checksumAlgorithms, checksumType } from '../checksums.js';
import type { S3Deps } from '../s3-deps.js';
import { s3Errors } from '../s3-errors.js';
import { requireBucket } from '../s3-lookup.js';
import { ownerOf } from '../s3-owner.js';
import type { VersionRecord } from '../s3-records.js';
import { versionIdOf } from '../s3-records.js';
import type { S3State } from '../s3-state.js';
import { compareKeys } from '../s3-state.js';

type Item = { readonly kind: 'version'; readonly record: VersionRecord } | { readonly kind: 'prefix'; readonly prefix: string };

/** Versions after the markers: a key before or at `keyMarker` is skipped whole, or up to `versionIdMarker`. */
function afterMarkers(versions: readonly VersionRecord[], keyMarker: string | undefined, versionIdMarker: string | undefined): VersionRecord[] {
  if (keyMarker === undefined || keyMarker === '') return [...versions];
  const out: VersionRecord[] = [];
  const wholeKey = versionIdMarker === undefined || versionIdMarker === '';
  let passed = false;
  for (const v of versions) {
    const order = compareKeys(v.key, keyMarker);
    if (order < 0 || (order === 0 && wholeKey)) continue;
    if (order === 0 && !passed) {
      passed = versionIdOf(v) === versionIdMarker;
      continue;
    }
    out.push(v);
  }
  return out;
}

function page(state: S3State, input: ListObjectVersionsRequest, maxKeys: number): { items: Item[]; truncated: boolean } {
  const prefix = input.Prefix ?? '';
  const delimiter = input.Delimiter === '' ? undefined : input.Delimiter;
  const items: Item[] = [];
  let lastPrefix: string | undefined;
  for (const record of afterMarkers(state.allVersions(input.Bucket), input.KeyMarker, input.VersionIdMarker)) {
    if (!record.key.startsWith(prefix)) continue;
    const at = delimiter === undefined ? -1 : record.key.indexOf(delimiter, prefix.length);
    const item: Item = at < 0 ? { kind: 'version', record } : { kind: 'prefix', prefix: record.key.slice(0, at + (delimiter?.length ?? 0)) };
    if (item.kind === 'prefix' && (item.prefix === lastPrefix || (input.KeyMarker !== undefined && compareKeys(item.prefix, input.KeyMarker) <= 0)))
      continue;
    if (items.length >= maxKeys) return { items, truncated: true };
    items.push(item);
    if (item.kind === 'prefix') lastPrefix = item.prefix;
  }
  return { items, truncated: false };
}

function versionEntry(state: S3State, record: VersionRecord & { kind: 'object' }, encoding: string | undefined): ObjectVersion {
  const algorithms = checksumAlgorithms(record.checksums);
  return {
    ETag: record.etag,
    ...(algorithms.length === 0 ? {} : { ChecksumAlgorithm: algorithms }),
    ...checksumType(record.checksums),
    Size: record.size,
    StorageClass: 'STANDARD',
    Key: encodeKey(record.key, encoding),
    VersionId: versionIdOf(record),
    IsLatest: state.latest(record.bucket, record.key) === record,
    LastModified: record.lastModifiedMs,
    Owner: ownerOf(record.ownerAccount),
  };
}

function markerEntry(state: S3State, record: VersionRecord, encoding: string | undefined): DeleteMarkerEntry {
  return {
    Owner: ownerOf(record.ownerAccount),
    Key: encodeKey(record.key, encoding),
    VersionId: versionIdOf(record),
    IsLatest: state.latest(record.bucket, record.key) === record,
    LastModified: record.lastModifiedMs,
  };
}

export function listObjectVersions(deps: S3Deps): Operation {
  return defineOperation<ListObjectVersionsRequest, ListObjectVersionsOutput>({
    name: 'ListObjectVersions',
    authorization: { kind: 'policy', action: 's3:ListBucketVersions', resources: (input) => [bucketArn(input.Bucket)] },
    handle: (input) => {
      requireBucket(deps.state, input.Bucket);
      if (input.MaxKeys !== undefined && input.MaxKeys < 0)
        throw s3Errors.invalidArgument('Argument maxKeys must be an integer between 0 and 2147483647', 'maxKeys', String(input.MaxKeys));
      const maxKeys = clampMaxKeys(input.MaxKeys);
      const enc = input.EncodingType;
      const { items, truncated } = page(deps.state, input, maxKeys);
      const last = items[items.length - 1];
      const versions: ObjectVersion[] = [];
      const markers: DeleteMarkerEntry[] = [];
      const prefixes: string[] = [];
      // Versions and delete markers are one sequence on the wire, by key then newest first (aws-behaviour.md §9.7).
      items.forEach((item, position) => {
        if (item.kind === 'prefix') prefixes.push(item.prefix);
        else if (item.record.kind === 'object') versions.push(atWirePosition(versionEntry(deps.state, item.record, enc), position));
        else markers.push(atWirePosition(markerEntry(deps.state, item.record, enc), position));
      });
      // [U] after a common prefix, the next page starts after the prefix: no version id marker.
      const next =
        !truncated || last === undefined
          ? {}
          : last.kind === 'prefix'
            ? { NextKeyMarker: encodeKey(last.prefix, enc) }
            : { NextKeyMarker: encodeKey(last.record.key, enc), NextVersionIdMarker: versionIdOf(last.record) };
      return {
        IsTruncated: truncated,
        KeyMarker: encodeKey(input.KeyMarker ?? '', enc),
        VersionIdMarker: input.VersionIdMarker ?? '',
        ...next,
        ...(versions.length === 0 ? {} : { Versions: versions }),
        ...(markers.length === 0 ? {} : { DeleteMarkers: markers }),
        Name: input.Bucket,
        Prefix: encodeKey(input.Prefix ?? '', enc),
        ...(input.Delimiter === undefined ? {} : { Delimiter: encodeKey(input.Delimiter, enc) }),
        MaxKeys: maxKeys,
        ...(prefixes.length === 0 ? {} : { CommonPrefixes: prefixes.map((p) => ({ Prefix: encodeKey(p, enc) })) }),
        ...(enc === undefined ? {} : { EncodingType: enc }),
      };
    },
  });
}
