/**
 * Every bucket, object's metadata and multipart upload, in memory, loaded from the store at start: a
 * StateView (store/state-view.ts) like Ec2State's. Bucket names are global across the lab's accounts
 * (aws-behaviour.md §5.2). The plan sees a consistent state, its writes and deletes commit in one store
 * transaction and only then reach memory. Object bytes are in the BlobStore; handlers write them before
 * `mutate` and delete replaced blobs after it. A key holds a list of versions, newest first (§9.5): the `null`
 * version is stored under `<bucket>/<key>` as before versioning existed, every other one under
 * `<bucket>/<versionId>` in a collection of its own.
 */
import type { LabSync } from '../../store/lab-sync.js';
import type { Json, Store } from '../../store/port.js';
import type { ViewSpec } from '../../store/state-view.js';
import { StateView } from '../../store/state-view.js';
import type { BucketRecord, DeleteMarkerRecord, ObjectRecord, S3Record, UploadRecord, VersionRecord } from './s3-records.js';
import { NULL_VERSION, objectStoreKey, S3_COLLECTIONS, versionIdOf } from './s3-records.js';

export type S3Delete =
  | { readonly kind: 'bucket'; readonly name: string }
  /** One version of a key (absent: the `null` version), object or delete marker. */
  | { readonly kind: 'object'; readonly bucket: string; readonly key: string; readonly versionId?: string }
  | { readonly kind: 'upload'; readonly uploadId: string };

interface S3Plan<T> {
  readonly writes?: readonly S3Record[];
  readonly deletes?: readonly S3Delete[];
  readonly result: T;
}

interface Loaded {
  readonly buckets: Map<string, BucketRecord>;
  /** By bucket, then key: the key's versions, newest (highest sequence) first. */
  readonly objects: Map<string, Map<string, VersionRecord[]>>;
  readonly uploads: Map<string, UploadRecord>;
  /** The highest sequence of any version seen. */
  sequence: number;
}

const sequenceOf = (record: VersionRecord): number => record.sequence ?? 0;

function setVersion(data: Loaded, record: VersionRecord): void {
  let objects = data.objects.get(record.bucket);
  if (objects === undefined) data.objects.set(record.bucket, (objects = new Map<string, VersionRecord[]>()));
  const id = versionIdOf(record);
  const versions = (objects.get(record.key) ?? []).filter((v) => versionIdOf(v) !== id);
  versions.push(record);
  versions.sort((a, b) => sequenceOf(b) - sequenceOf(a));
  objects.set(record.key, versions);
  data.sequence = Math.max(data.sequence, sequenceOf(record));
}

function forgetVersion(data: Loaded, bucket: string, key: string, versionId: string): void {
  const objects = data.objects.get(bucket);
  const versions = objects?.get(key)?.filter((v) => versionIdOf(v) !== versionId);
  if (objects === undefined || versions === undefined) return;
  if (versions.length === 0) objects.delete(key);
  else objects.set(key, versions);
}

function versionAddress(bucket: string, key: string, versionId: string | undefined): readonly [string, string] {
  return versionId === undefined || versionId === NULL_VERSION
    ? [S3_COLLECTIONS.objects, objectStoreKey(bucket, key)]
    : [S3_COLLECTIONS.versions, objectStoreKey(bucket, versionId)];
}

function storeAddress(record: S3Record | S3Delete): readonly [string, string] {
  switch (record.kind) {
    case 'bucket':
      return [S3_COLLECTIONS.buckets, record.name];
    case 'object':
    case 'marker':
      return versionAddress(record.bucket, record.key, record.versionId);
    case 'upload':
      return [S3_COLLECTIONS.uploads, record.uploadId];
  }
}

/** One write of a mutation: a record put, or a record deleted. */
type S3Write = { readonly op: 'put'; readonly record: S3Record } | { readonly op: 'delete'; readonly gone: S3Delete };

const S3_VIEW: ViewSpec<Loaded, S3Write> = {
  name: 'S3',
  read: async (tx) => {
    const loaded: Loaded = { buckets: new Map(), objects: new Map(), uploads: new Map(), sequence: 0 };
    for (const entry of await tx.list(S3_COLLECTIONS.buckets)) {
      const record = entry.value as unknown as BucketRecord;
      loaded.buckets.set(record.name, record);
    }
    for (const entry of await tx.list(S3_COLLECTIONS.objects)) setVersion(loaded, entry.value as unknown as VersionRecord);
    for (const entry of await tx.list(S3_COLLECTIONS.versions)) setVersion(loaded, entry.value as unknown as VersionRecord);
    for (const entry of await tx.list(S3_COLLECTIONS.uploads)) {
      const record = entry.value as unknown as UploadRecord;
      loaded.uploads.set(record.uploadId, record);
    }
    return loaded;
  },
  write: async (tx, writes) => {
    for (const write of writes) {
      if (write.op === 'delete') await tx.delete(...storeAddress(write.gone));
      else await tx.put(...storeAddress(write.record), write.record as unknown as Json);
    }
  },
  apply: (data, writes) => {
    for (const write of writes) {
      if (write.op === 'delete') forget(data, write.gone);
      else remember(data, write.record);
    }
  },
};

function remember(data: Loaded, record: S3Record): void {
  if (record.kind === 'bucket') data.buckets.set(record.name, record);
  else if (record.kind === 'upload') data.uploads.set(record.uploadId, record);
  else setVersion(data, record);
}

function forget(data: Loaded, gone: S3Delete): void {
  if (gone.kind === 'bucket') {
    data.buckets.delete(gone.name);
    data.objects.delete(gone.name);
  } else if (gone.kind === 'object') forgetVersion(data, gone.bucket, gone.key, gone.versionId ?? NULL_VERSION);
  else data.uploads.delete(gone.uploadId);
}

/** S3 lists keys in UTF-8 binary order, which differs from UTF-16 order for characters beyond U+FFFF. */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

export class S3State {
  readonly #view: StateView<Loaded, S3Write, never>;

  private constructor(view: StateView<Loaded, S3Write, never>) {
    this.#view = view;
  }

  static async load(store: Store, sync?: LabSync): Promise<S3State> {
    return new S3State(await StateView.load<Loaded, S3Write, never>(store, S3_VIEW, sync === undefined ? {} : { sync }));
  }

  get #data(): Loaded {
    return this.#view.data;
  }

  bucket(name: string): BucketRecord | undefined {
    return this.#data.buckets.get(name);
  }

  /** An account's buckets by name. */
  bucketsOf(account: string): BucketRecord[] {
    return [...this.#data.buckets.values()].filter((b) => b.ownerAccount === account).sort((a, b) => compareKeys(a.name, b.name));
  }

  /** The current object under a key: its latest version, unless that is a delete marker. */
  object(bucket: string, key: string): ObjectRecord | undefined {
    const latest = this.latest(bucket, key);
    return latest?.kind === 'object' ? latest : undefined;
  }

  /** A key's latest version, object or delete marker. */
  latest(bucket: string, key: string): ObjectRecord | DeleteMarkerRecord | undefined {
    return this.#data.objects.get(bucket)?.get(key)?.[0];
  }

  /** A key's versions, newest first. */
  versions(bucket: string, key: string): readonly VersionRecord[] {
    return this.#data.objects.get(bucket)?.get(key) ?? [];
  }

  /** One version of a key by id (`null` included), or undefined. */
  version(bucket: string, key: string, versionId: string): VersionRecord | undefined {
    return this.versions(bucket, key).find((v) => versionIdOf(v) === versionId);
  }

  /** A bucket's current objects in key order (keys whose latest version is a delete marker are left out). */
  objects(bucket: string): ObjectRecord[] {
    const current: ObjectRecord[] = [];
    for (const versions of this.#data.objects.get(bucket)?.values() ?? []) if (versions[0]?.kind === 'object') current.push(versions[0]);
    return current.sort((a, b) => compareKeys(a.key, b.key));
  }

  /** Every version of a bucket's keys: by key, then newest first (ListObjectVersions). */
  allVersions(bucket: string): VersionRecord[] {
    const keys = [...(this.#data.objects.get(bucket)?.keys() ?? [])].sort(compareKeys);
    return keys.flatMap((key) => this.versions(bucket, key));
  }

  /** How many keys hold any version, delete markers included (DeleteBucket needs none). */
  objectCount(bucket: string): number {
    return this.#data.objects.get(bucket)?.size ?? 0;
  }

  /** A sequence above every version's, for a version written by the current plan. */
  nextSequence(): number {
    return this.#data.sequence + 1;
  }

  /** Every blob key the metadata refers to: objects' bytes and uploaded parts (orphan clean-up keeps these). */
  *blobKeys(): IterableIterator<string> {
    for (const objects of this.#data.objects.values())
      for (const versions of objects.values()) for (const v of versions) if (v.kind === 'object') yield v.blobKey;
    for (const upload of this.#data.uploads.values()) for (const part of Object.values(upload.parts)) yield part.blobKey;
  }

  upload(uploadId: string): UploadRecord | undefined {
    return this.#data.uploads.get(uploadId);
  }

  /** A bucket's multipart uploads by key, then initiation time. */
  uploads(bucket: string): UploadRecord[] {
    return [...this.#data.uploads.values()]
      .filter((u) => u.bucket === bucket)
      .sort((a, b) => compareKeys(a.key, b.key) || a.initiatedMs - b.initiatedMs || a.uploadId.localeCompare(b.uploadId));
  }

  /** Runs one mutation (see the file comment); AwsErrors thrown by `plan` reach the client. */
  mutate<T>(plan: (state: S3State) => S3Plan<T>): Promise<T> {
    return this.#view.mutate(() => {
      const planned = plan(this);
      // Deletes first, as a key deleted and written again by one plan (a bucket's objects) ends up written.
      const writes: S3Write[] = [
        ...(planned.deletes ?? []).map((gone) => ({ op: 'delete' as const, gone })),
        ...(planned.writes ?? []).map((record) => ({ op: 'put' as const, record })),
      ];
      return { writes, result: planned.result };
    });
  }

  /** Reads everything again (admin reset, recovery, or another node changed the store). */
  reload(): Promise<void> {
    return this.#view.reload();
  }
}
