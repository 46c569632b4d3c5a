/** What the S3 operations are built from (wired by the app). */
import type { BlobStore } from '../../store/blob/blob-store.js';
import type { S3State } from './s3-state.js';

export interface S3Deps {
  readonly state: S3State;
  readonly blobs: BlobStore;
  /** The largest single PUT or part; default 5 GiB (S3's limit). */
  readonly maxObjectBytes?: number;
  /**
   * The lab account whose canonical user id this is (ACL grants name accounts by it, aws-behaviour.md §9.6);
   * without it only the caller's account and the owners of buckets are known.
   */
  readonly accountOfCanonicalId?: (id: string) => string | undefined;
}
