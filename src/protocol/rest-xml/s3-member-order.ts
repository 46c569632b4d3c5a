/**
 * The order in which S3 writes the body members of some structures, where it differs from the model's
 * (botocore's member order is not the wire's). Members not named follow, in the model's order. A nested list
 * names flattened list members written as one sequence, merged by each item's `WIRE_POSITION`.
 *
 * - `ListVersionsResult`, `Version`, `DeleteMarker`: S3-API ListObjectVersions and S3-UG
 *   list-obj-version-enabled-bucket sample responses — Name, Prefix, KeyMarker, VersionIdMarker,
 *   NextKeyMarker, NextVersionIdMarker, MaxKeys, IsTruncated, then `<Version>` and `<DeleteMarker>` entries
 *   interleaved; an entry is Key, VersionId, IsLatest, LastModified, (ETag, Size, StorageClass,) Owner
 *   (aws-behaviour.md §9.7). [U] Delimiter, EncodingType and the checksum members are placed as in
 *   ListObjects' answers.
 * - `Contents` of ListObjects(V2): Key, LastModified, ETag, ChecksumAlgorithm, ChecksumType, Size, Owner,
 *   StorageClass, as answers captured from S3 in 2025 show (aws-behaviour.md §9.7).
 */
export type MemberOrder = readonly (string | readonly string[])[];

export const S3_MEMBER_ORDER: Readonly<Record<string, MemberOrder>> = {
  ListObjectVersionsOutput: [
    'Name',
    'Prefix',
    'KeyMarker',
    'VersionIdMarker',
    'NextKeyMarker',
    'NextVersionIdMarker',
    'MaxKeys',
    'Delimiter',
    'IsTruncated',
    ['Versions', 'DeleteMarkers'],
    'CommonPrefixes',
    'EncodingType',
  ],
  ObjectVersion: ['Key', 'VersionId', 'IsLatest', 'LastModified', 'ETag', 'ChecksumAlgorithm', 'ChecksumType', 'Size', 'StorageClass', 'Owner'],
  DeleteMarkerEntry: ['Key', 'VersionId', 'IsLatest', 'LastModified', 'Owner'],
  Object: ['Key', 'LastModified', 'ETag', 'ChecksumAlgorithm', 'ChecksumType', 'Size', 'Owner', 'StorageClass'],
  Owner: ['ID', 'DisplayName'],
};
