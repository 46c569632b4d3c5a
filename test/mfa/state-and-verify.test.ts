/** MfaState persistence and serialisation, and the STS entry points verifyMfa and currentCode. */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { totpStep } from '../../src/lib/totp.js';
import { currentCode, MfaState, verifyMfa } from '../../src/services/mfa/index.js';
import type { Store } from '../../src/store/port.js';
import { ACCOUNT, OTHER_ACCOUNT, codeAt, makeWorld, rejectsWith, seedOf, type World } from './harness.js';

const serial = (name: string): string => `arn:aws:iam::${ACCOUNT}:mfa/${name}`;
const ALICE_ARN = `arn:aws:iam::${ACCOUNT}:user/alice`;

let world: World;
let seed: Buffer;
beforeEach(async () => {
  world = await makeWorld();
  world.users.add(ACCOUNT, 'alice');
  seed = seedOf(await world.call('CreateVirtualMFADevice', { VirtualMFADeviceName: 'phone', Tags: [{ Key: 'k', Value: 'v' }] }));
  await world.call('EnableMFADevice', {
    UserName: 'alice',
    SerialNumber: serial('phone'),
    AuthenticationCode1: codeAt(seed, world.wallMs, -1),
    AuthenticationCode2: codeAt(seed, world.wallMs, 0),
  });
  world.wallMs += 30_000; // the enablement used the current step; move to the next one
});
afterEach(() => world.close());

const verify = (code: string, extra: { userArn?: string; serialNumber?: string; account?: string } = {}) =>
  verifyMfa(world.state, { account: ACCOUNT, serialNumber: serial('phone'), code, wallNowMs: world.wallMs, ...extra });

describe('verifyMfa', () => {
  it('accepts the current code once, then calls the same code reused', async () => {
    const code = codeAt(seed, world.wallMs, 0);
    const ok = await verify(code, { userArn: ALICE_ARN });
    assert.equal(ok.kind, 'ok');
    assert.equal(ok.kind === 'ok' ? ok.device.lastUsedStep : undefined, totpStep(world.wallMs));
    assert.equal((await verify(code)).kind, 'reused');
  });

  it('refuses the codes EnableMFADevice consumed, and older steps than an accepted one', async () => {
    assert.equal((await verify(codeAt(seed, world.wallMs, -1))).kind, 'reused');
    assert.equal((await verify(codeAt(seed, world.wallMs, 1))).kind, 'ok');
    assert.equal((await verify(codeAt(seed, world.wallMs, 0))).kind, 'reused');
  });

  it('tolerates one step either side of the wall clock, not two', async () => {
    world.wallMs += 60_000;
    assert.equal((await verify(codeAt(seed, world.wallMs, 2))).kind, 'invalid');
    assert.equal((await verify(codeAt(seed, world.wallMs, -1))).kind, 'ok');
    assert.equal((await verify(codeAt(seed, world.wallMs, 1))).kind, 'ok');
  });

  it('distinguishes an unknown device, another account, an unassigned device, another user and a wrong code', async () => {
    const code = codeAt(seed, world.wallMs, 0);
    assert.equal((await verify(code, { serialNumber: serial('ghost') })).kind, 'no-such-device');
    assert.equal((await verify(code, { account: OTHER_ACCOUNT })).kind, 'no-such-device');
    assert.equal((await verify(code, { userArn: `arn:aws:iam::${ACCOUNT}:user/bob` })).kind, 'not-assigned');
    await world.call('CreateVirtualMFADevice', { VirtualMFADeviceName: 'spare' });
    assert.equal((await verify(code, { serialNumber: serial('spare') })).kind, 'not-assigned');
    const windowCodes = new Set([-1, 0, 1].map((offset) => codeAt(seed, world.wallMs, offset)));
    const wrong = ['000000', '111111', '222222'].find((candidate) => !windowCodes.has(candidate)) ?? '333333';
    assert.equal((await verify(wrong)).kind, 'invalid');
  });

  it('lets exactly one of two concurrent requests use a code', async () => {
    const code = codeAt(seed, world.wallMs, 0);
    const kinds = (await Promise.all([verify(code), verify(code), verify(code)])).map((result) => result.kind).sort();
    assert.deepEqual(kinds, ['ok', 'reused', 'reused']);
  });
});

describe('currentCode', () => {
  it('prints the code an authenticator shows now, which verifies', async () => {
    const code = currentCode(world.state, serial('phone'), world.wallMs);
    assert.equal(code, codeAt(seed, world.wallMs, 0));
    assert.equal((await verify(code ?? '')).kind, 'ok');
  });

  it('follows the drift a resync learnt', async () => {
    await world.call('ResyncMFADevice', {
      UserName: 'alice',
      SerialNumber: serial('phone'),
      AuthenticationCode1: codeAt(seed, world.wallMs, 4),
      AuthenticationCode2: codeAt(seed, world.wallMs, 5),
    });
    world.wallMs += 30_000;
    const code = currentCode(world.state, serial('phone'), world.wallMs);
    assert.equal(code, codeAt(seed, world.wallMs, 5));
    assert.equal((await verify(code ?? '')).kind, 'ok');
    assert.equal((await verify(codeAt(seed, world.wallMs, 0))).kind, 'invalid');
  });

  it('is undefined for a serial number iamlab does not know', () => {
    assert.equal(currentCode(world.state, serial('ghost'), world.wallMs), undefined);
  });
});

describe('MfaState persistence', () => {
  it('a state loaded from the same store has the same devices, seeds, tags, assignments and used steps', async () => {
    const code = codeAt(seed, world.wallMs, 0);
    assert.equal((await verify(code)).kind, 'ok');
    const reloaded = await MfaState.load(world.store);
    assert.deepEqual(reloaded.devicesOf(ACCOUNT), world.state.devicesOf(ACCOUNT));
    const device = reloaded.find(ACCOUNT, serial('phone'));
    assert.deepEqual(device?.seed, seed);
    assert.deepEqual(device?.tags, [{ key: 'k', value: 'v' }]);
    assert.equal(device?.assignment?.userArn, ALICE_ARN);
    const again = await verifyMfa(reloaded, { account: ACCOUNT, serialNumber: serial('phone'), code, wallNowMs: world.wallMs });
    assert.equal(again.kind, 'reused');
  });

  it('reload picks up what another MfaState on the store wrote', async () => {
    const other = await MfaState.load(world.store);
    await world.call('DeactivateMFADevice', { UserName: 'alice', SerialNumber: serial('phone') });
    await world.call('DeleteVirtualMFADevice', { SerialNumber: serial('phone') });
    assert.ok(other.find(ACCOUNT, serial('phone')) !== undefined);
    await other.reload();
    assert.equal(other.find(ACCOUNT, serial('phone')), undefined);
  });

  it('two concurrent creates of one name: one wins, the other is EntityAlreadyExists', async () => {
    const results = await Promise.allSettled([
      world.call('CreateVirtualMFADevice', { VirtualMFADeviceName: 'race' }),
      world.call('CreateVirtualMFADevice', { VirtualMFADeviceName: 'race' }),
    ]);
    assert.deepEqual(results.map((result) => result.status).sort(), ['fulfilled', 'rejected']);
    const reloaded = await MfaState.load(world.store);
    assert.deepEqual(reloaded.find(ACCOUNT, serial('race')), world.state.find(ACCOUNT, serial('race')));
  });

  it('a failed store transaction leaves memory as it was', async () => {
    // The state loads through the real store, then every later transaction fails.
    let transactions = 0;
    const flaky: Store = Object.create(world.store, {
      transaction: {
        value: async <T>(fn: Parameters<Store['transaction']>[0]): Promise<T> => {
          if (transactions++ === 0) return (await world.store.transaction(fn)) as T;
          throw new Error('disk full');
        },
      },
    }) as Store;
    const onFlaky = await MfaState.load(flaky);
    const before = onFlaky.find(ACCOUNT, serial('phone'));
    await assert.rejects(
      verifyMfa(onFlaky, { account: ACCOUNT, serialNumber: serial('phone'), code: codeAt(seed, world.wallMs, 0), wallNowMs: world.wallMs }),
      /disk full/,
    );
    assert.equal(onFlaky.find(ACCOUNT, serial('phone')), before);
    assert.equal(before?.lastUsedStep, totpStep(world.wallMs) - 1);
  });

  it('an AwsError thrown by a plan writes nothing', async () => {
    await rejectsWith(world.call('CreateVirtualMFADevice', { VirtualMFADeviceName: 'phone' }), 'EntityAlreadyExists', 409);
    const reloaded = await MfaState.load(world.store);
    assert.equal(reloaded.devicesOf(ACCOUNT).length, 1);
  });
});
