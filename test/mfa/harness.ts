/**
 * A world for driving the MFA handlers directly: a real in-memory SQLite store, a clock whose wall time the
 * test sets, seeded ids, a stub user directory, and callers of every principal type.
 */
import assert from 'node:assert/strict';
import { userArn } from '../../src/arn/arn.js';
import type { Principal } from '../../src/auth/principal.js';
import { Clock } from '../../src/clock/clock.js';
import { AwsError } from '../../src/errors/aws-error.js';
import { IdSource, seededRandom } from '../../src/ids/id-source.js';
import { hotp, totpStep } from '../../src/lib/totp.js';
import { base32Decode } from '../../src/lib/base32.js';
import { createMfaOperations, MfaState, type DirectoryUser, type UserDirectory } from '../../src/services/mfa/index.js';
import type { OperationTable, ServiceContext } from '../../src/services/operation.js';
import { openSqliteStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/port.js';

export const ACCOUNT = '123456789012';
export const OTHER_ACCOUNT = '210987654321';
/** A wall instant in the middle of a TOTP step. */
const T0 = 1_700_000_010_000;

export class StubUsers implements UserDirectory {
  readonly #users = new Map<string, DirectoryUser>();

  add(account: string, userName: string, path = '/'): DirectoryUser {
    const user: DirectoryUser = {
      userName,
      userArn: userArn(account, path, userName),
      userId: `AIDA${userName
        .toUpperCase()
        .replace(/[^A-Z]/g, 'X')
        .padEnd(17, 'Q')
        .slice(0, 17)}`,
      createDateMs: 1_600_000_000_000,
    };
    this.#users.set(`${account}/${userName.toLowerCase()}`, user);
    return user;
  }

  findUser(account: string, userName: string): DirectoryUser | undefined {
    return this.#users.get(`${account}/${userName.toLowerCase()}`);
  }
}

export const principals = {
  user: (account: string, userName: string, path = '/'): Principal => ({
    type: 'user',
    account,
    arn: userArn(account, path, userName),
    userId: 'AIDACALLER',
    userName,
    accessKeyId: 'AKIAEXAMPLE',
  }),
  root: (account: string): Principal => ({ type: 'root', account, arn: `arn:aws:iam::${account}:root`, userId: account, accessKeyId: 'AKIAROOT' }),
  role: (account: string): Principal => ({
    type: 'assumed-role',
    account,
    arn: `arn:aws:sts::${account}:assumed-role/r/s`,
    userId: 'AROAEXAMPLE:s',
    roleArn: `arn:aws:iam::${account}:role/r`,
    roleId: 'AROAEXAMPLE',
    roleName: 'r',
    sessionName: 's',
    accessKeyId: 'ASIAEXAMPLE',
  }),
};

/** The MFA handlers must not reach into IAM's state (users come through UserDirectory), so every use throws. */
const NOT_FOR_MFA = new Proxy(
  {},
  {
    get(_target, property) {
      throw new Error(`MFA handlers must not use ctx.iam (read ${String(property)})`);
    },
  },
) as ServiceContext['iam'];

export interface World {
  readonly store: Store;
  readonly state: MfaState;
  readonly users: StubUsers;
  readonly clock: Clock;
  readonly ops: OperationTable;
  wallMs: number;
  /** Runs an operation's handler as `principal` (default: user `admin` of ACCOUNT). */
  call(name: string, input: object, principal?: Principal): Promise<Record<string, unknown>>;
  ctx(principal?: Principal): ServiceContext;
  close(): Promise<void>;
}

export async function makeWorld(options: { store?: Store; seed?: string } = {}): Promise<World> {
  const store = options.store ?? (await openSqliteStore({ memory: true }));
  const state = await MfaState.load(store);
  const users = new StubUsers();
  const ids = new IdSource(seededRandom(options.seed ?? 'mfa-tests'));
  const world: World = {
    store,
    state,
    users,
    clock: new Clock(() => world.wallMs),
    ops: createMfaOperations({ state, users }),
    wallMs: T0,
    ctx(principal = principals.user(ACCOUNT, 'admin')): ServiceContext {
      const account = principal.type === 'anonymous' ? ACCOUNT : principal.account;
      return {
        requestId: 'req-1',
        principal,
        account,
        region: 'us-east-1',
        nowMs: world.clock.now(),
        clock: world.clock,
        ids,
        iam: NOT_FOR_MFA,
      };
    },
    async call(name, input, principal) {
      const operation = world.ops.get(name);
      assert.ok(operation !== undefined, `operation ${name} is in the table`);
      return await operation.handle(input as Record<string, unknown>, world.ctx(principal));
    },
    close: () => store.close(),
  };
  return world;
}

/** The seed of a device, from the `Base32StringSeed` bytes CreateVirtualMFADevice returned. */
export function seedOf(created: Record<string, unknown>): Buffer {
  const device = created['VirtualMFADevice'] as { Base32StringSeed: Uint8Array };
  const seed = base32Decode(Buffer.from(device.Base32StringSeed).toString('ascii'));
  assert.ok(seed !== undefined);
  return seed;
}

/** The code of the step `offset` steps from the wall instant. */
export function codeAt(seed: Buffer, wallMs: number, offset: number): string {
  return hotp(seed, totpStep(wallMs) + offset);
}

/** Asserts that `promise` rejects with exactly this AWS error. */
export async function rejectsWith(promise: Promise<unknown>, code: string, status: number, message?: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof AwsError, `expected an AwsError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.equal(error.status, status);
    if (message !== undefined) assert.equal(error.message, message);
    return true;
  });
}
