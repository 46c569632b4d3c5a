/**
 * A world for driving the S3 handlers directly: a real in-memory SQLite store, a temp-dir BlobStore, a clock
 * whose wall time the test sets, seeded ids, and callers in two accounts.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Principal } from '../../src/auth/principal.js';
import { Clock } from '../../src/clock/clock.js';
import { AwsError } from '../../src/errors/aws-error.js';
import { IdSource, seededRandom } from '../../src/ids/id-source.js';
import type { OperationTable, ServiceContext } from '../../src/services/operation.js';
import { createS3Operations, S3State } from '../../src/services/s3/index.js';
import { FsBlobStore } from '../../src/store/blob/index.js';
import { openSqliteStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/port.js';

export const ACCOUNT = '123456789012';
export const OTHER_ACCOUNT = '210987654321';
const T0 = 1_700_000_000_000;

export const userIn = (account: string, userName = 'admin'): Principal => ({
  type: 'user',
  account,
  arn: `arn:aws:iam::${account}:user/${userName}`,
  userId: 'AIDACALLER',
  userName,
  accessKeyId: 'AKIAEXAMPLE',
});

const NOT_FOR_S3 = new Proxy(
  {},
  {
    get(_target, property) {
      throw new Error(`S3 handlers must not use ctx.iam (read ${String(property)})`);
    },
  },
) as ServiceContext['iam'];

export interface World {
  readonly store: Store;
  state: S3State;
  readonly blobs: FsBlobStore;
  readonly blobDir: string;
  readonly clock: Clock;
  ops: OperationTable;
  wallMs: number;
  region: string;
  call(name: string, input: object, principal?: Principal): Promise<Record<string, unknown>>;
  /** Reloads the state from the store, as a restart would. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function makeWorld(options: { maxObjectBytes?: number } = {}): Promise<World> {
  const store = await openSqliteStore({ memory: true });
  const blobDir = await mkdtemp(join(tmpdir(), 'iamlab-s3-'));
  const blobs = new FsBlobStore(blobDir);
  const ids = new IdSource(seededRandom('s3-tests'));
  const build = (state: S3State): OperationTable =>
    createS3Operations({ state, blobs, ...(options.maxObjectBytes === undefined ? {} : { maxObjectBytes: options.maxObjectBytes }) });
  const state = await S3State.load(store);
  const world: World = {
    store,
    state,
    blobs,
    blobDir,
    clock: new Clock(() => world.wallMs),
    ops: build(state),
    wallMs: T0,
    region: 'us-east-1',
    async call(name, input, principal = userIn(ACCOUNT)) {
      const operation = world.ops.get(name);
      assert.ok(operation !== undefined, `operation ${name} is in the table`);
      const ctx: ServiceContext = {
        requestId: 'req-1',
        principal,
        account: principal.type === 'anonymous' ? ACCOUNT : principal.account,
        region: world.region,
        nowMs: world.clock.now(),
        clock: world.clock,
        ids,
        iam: NOT_FOR_S3,
      };
      return await operation.handle(input as Record<string, unknown>, ctx);
    },
    async restart() {
      world.state = await S3State.load(store);
      world.ops = build(world.state);
    },
    async close() {
      await store.close();
      await rm(blobDir, { recursive: true, force: true });
    },
  };
  return world;
}

/** Asserts that `promise` rejects with exactly this AWS error. */
export async function rejectsWith(promise: Promise<unknown>, code: string, status: number, message?: string): Promise<AwsError> {
  let caught: AwsError | undefined;
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof AwsError, `expected an AwsError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.equal(error.status, status);
    if (message !== undefined) assert.equal(error.message, message);
    caught = error;
    return true;
  });
  assert.ok(caught !== undefined);
  return caught;
}

export const extraOf = (error: AwsError): Record<string, string> => Object.fromEntries(error.extra);

export async function collect(body: unknown): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

export const md5Hex = (bytes: Uint8Array): string => createHash('md5').update(bytes).digest('hex');
export const md5Base64 = (bytes: Uint8Array): string => createHash('md5').update(bytes).digest('base64');

/** A deterministic body of `size` bytes, streamed in 64 KiB chunks, never held whole. */
export async function* generated(size: number, seed = 7): AsyncIterable<Uint8Array> {
  const chunk = 64 * 1024;
  for (let offset = 0; offset < size; offset += chunk) {
    const n = Math.min(chunk, size - offset);
    const bytes = Buffer.alloc(n);
    for (let i = 0; i < n; i++) bytes[i] = ((offset + i) * 31 + seed) & 0xff;
    yield bytes;
  }
}

export async function putText(world: World, bucket: string, key: string, text: string, extra: object = {}): Promise<Record<string, unknown>> {
  return world.call('PutObject', { Bucket: bucket, Key: key, Body: Buffer.from(text), ...extra });
}
