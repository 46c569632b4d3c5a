/** What S3State keeps, one JSON document per record (design.md "Storage"). Times are virtual epoch ms. */

export const S3_COLLECTIONS = {
  buckets: 's3.buckets',
  /** Keyed `<bucket>/<key>`: bucket names contain no `/`, so a bucket's objects share one prefix. */
  objects: 's3.objects',
  /** Versions other than the `null` one, objects and delete markers, keyed `<bucket>/<versionId>` (§9.5). */
  versions: 's3.versions',
  uploads: 's3.uploads',
} as const;

export interface BucketRecord {
  readonly kind: 'bucket';
  readonly name: string;
  readonly ownerAccount: string;
  readonly region: string;
  readonly createdMs: number;
  /** The bucket policy as the client sent it (GetBucketPolicy returns it verbatim). */
  readonly policy: string | null;
  /** PutBucketTagging's set, in its order; absent when the bucket has none (aws-behaviour.md §9.4). */
  readonly tags?: readonly StoredTag[];
  /** Absent for a bucket never versioned; once set, never absent again (aws-behaviour.md §9.5). */
  readonly versioning?: 'Enabled' | 'Suspended';
}

/** One object or bucket tag. */
export interface StoredTag {
  readonly key: string;
  readonly value: string;
}

/** Headers stored with an object and returned by GetObject/HeadObject. */
export interface StoredHeaders {
  readonly contentType: string;
  readonly cacheControl?: string;
  readonly contentDisposition?: string;
  readonly contentEncoding?: string;
  readonly contentLanguage?: string;
  readonly expires?: string;
  readonly websiteRedirectLocation?: string;
  readonly storageClass: string;
}

export interface ObjectChecksums {
  readonly crc32?: string;
  readonly crc32c?: string;
  readonly sha1?: string;
  readonly sha256?: string;
}

export interface ObjectRecord {
  readonly kind: 'object';
  readonly bucket: string;
  readonly key: string;
  /** Where the bytes are in the BlobStore (a fresh key per write, so a replaced blob can be deleted later). */
  readonly blobKey: string;
  readonly size: number;
  /** Quoted, as on the wire: `"<md5 hex>"` or `"<hex>-<parts>"`. */
  readonly etag: string;
  readonly lastModifiedMs: number;
  readonly ownerAccount: string;
  readonly headers: StoredHeaders;
  readonly metadata: Readonly<Record<string, string>>;
  readonly checksums: ObjectChecksums;
  readonly partsCount?: number;
  /** The object's tags in the order they were set; absent when it has none (aws-behaviour.md §9.4). */
  readonly tags?: readonly StoredTag[];
  /** Absent for the `null` version (every object written before versioning, or while it is off or suspended). */
  readonly versionId?: string;
  /** Orders a key's versions, newest highest; absent (0) for records older than versioning (§9.5). */
  readonly sequence?: number;
}

/** A delete marker: the latest version of a key deleted in a versioned bucket (aws-behaviour.md §9.5). */
export interface DeleteMarkerRecord {
  readonly kind: 'marker';
  readonly bucket: string;
  readonly key: string;
  /** Absent for the `null` marker of a suspended bucket. */
  readonly versionId?: string;
  readonly lastModifiedMs: number;
  readonly ownerAccount: string;
  readonly sequence: number;
}

/** One version of a key: an object or a delete marker. */
export type VersionRecord = ObjectRecord | DeleteMarkerRecord;

/** The version id S3 gives objects written while versioning is off or suspended. */
export const NULL_VERSION = 'null';

export const versionIdOf = (record: VersionRecord): string => record.versionId ?? NULL_VERSION;

export interface PartRecord {
  readonly partNumber: number;
  readonly blobKey: string;
  readonly size: number;
  readonly etag: string;
  readonly md5Hex: string;
  readonly lastModifiedMs: number;
}

export interface UploadRecord {
  readonly kind: 'upload';
  readonly uploadId: string;
  readonly bucket: string;
  readonly key: string;
  readonly initiatedMs: number;
  readonly ownerAccount: string;
  readonly initiatorArn: string;
  readonly initiatorId: string;
  readonly headers: StoredHeaders;
  readonly metadata: Readonly<Record<string, string>>;
  /** `x-amz-tagging` of CreateMultipartUpload, applied to the object at Complete. */
  readonly tags?: readonly StoredTag[];
  /** By part number (as a string: JSON object keys). */
  readonly parts: Readonly<Record<string, PartRecord>>;
}

export type S3Record = BucketRecord | ObjectRecord | DeleteMarkerRecord | UploadRecord;

export function objectStoreKey(bucket: string, key: string): string {
  return `${bucket}/${key}`;
}
