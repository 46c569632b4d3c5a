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
  /**
   * Object Ownership (aws-behaviour.md §9.6): absent means the default of a new bucket (`BucketOwnerEnforced`),
   * as records written before the lab modelled it belong to buckets that were created with that default; null
   * means deleted (the bucket then behaves as `ObjectWriter`).
   */
  readonly ownership?: ObjectOwnershipSetting | null;
  /** Block Public Access: absent means a new bucket's default (all four on), null means deleted (§9.6). */
  readonly publicAccessBlock?: PublicAccessBlockSettings | null;
  /** The bucket ACL; absent means the owner's FULL_CONTROL only (§9.6). */
  readonly acl?: readonly AclGrant[];
  /** PutBucketTagging's set, in its order; absent when the bucket has none (aws-behaviour.md §9.4). */
  readonly tags?: readonly StoredTag[];
  /** Absent for a bucket never versioned; once set, never absent again (aws-behaviour.md §9.5). */
  readonly versioning?: 'Enabled' | 'Suspended';
}

/** S3 Object Ownership (aws-behaviour.md §9.6). */
export type ObjectOwnershipSetting = 'BucketOwnerEnforced' | 'BucketOwnerPreferred' | 'ObjectWriter';

export interface PublicAccessBlockSettings {
  readonly blockPublicAcls: boolean;
  readonly ignorePublicAcls: boolean;
  readonly blockPublicPolicy: boolean;
  readonly restrictPublicBuckets: boolean;
}

export type AclPermission = 'FULL_CONTROL' | 'WRITE' | 'WRITE_ACP' | 'READ' | 'READ_ACP';
export type AclGroup = 'AllUsers' | 'AuthenticatedUsers' | 'LogDelivery';

/** An account is kept by its id; its canonical user id is derived from it (s3-owner.ts). */
export type AclGrantee = { readonly kind: 'account'; readonly account: string } | { readonly kind: 'group'; readonly group: AclGroup };

export interface AclGrant {
  readonly grantee: AclGrantee;
  readonly permission: AclPermission;
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
  readonly crc64nvme?: string;
  readonly sha1?: string;
  readonly sha256?: string;
  /** `COMPOSITE` for a checksum of part checksums (`<base64>-<parts>`); absent: of the whole object (aws-behaviour.md §9.7). */
  readonly type?: 'COMPOSITE';
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
  /** The object ACL; absent means its owner's FULL_CONTROL only (§9.6). */
  readonly acl?: readonly AclGrant[];
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
  /** The part's checksum in its upload's algorithm, when the upload has one (aws-behaviour.md §9.7). */
  readonly checksum?: string;
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
  /** The ACL the completed object gets (CreateMultipartUpload's `x-amz-acl` or grants, §9.6). */
  readonly acl?: readonly AclGrant[];
  /** `x-amz-checksum-algorithm` and `x-amz-checksum-type` of CreateMultipartUpload (aws-behaviour.md §9.7). */
  readonly checksum?: { readonly algorithm: ChecksumAlgorithmName; readonly type: 'COMPOSITE' | 'FULL_OBJECT' };
}

/** The checksum algorithms S3 accepts (aws-behaviour.md §9.7). */
export type ChecksumAlgorithmName = 'CRC32' | 'CRC32C' | 'CRC64NVME' | 'SHA1' | 'SHA256';

export type S3Record = BucketRecord | ObjectRecord | DeleteMarkerRecord | UploadRecord;

export function objectStoreKey(bucket: string, key: string): string {
  return `${bucket}/${key}`;
}
