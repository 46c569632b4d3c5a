/** CreateVirtualMFADevice, EnableMFADevice, DeactivateMFADevice, ResyncMFADevice, DeleteVirtualMFADevice. */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { base32Encode } from '../../src/lib/base32.js';
import { totpStep } from '../../src/lib/totp.js';
import { QR_MARGIN, QR_SCALE, qrMatrix } from '../../src/lib/qr-png.js';
import { ACCOUNT, OTHER_ACCOUNT, codeAt, makeWorld, principals, rejectsWith, seedOf, type World } from './harness.js';
import { decodeBilevelPng, readModules } from './png-reader.js';

const serial = (name: string, path = '/'): string => `arn:aws:iam::${ACCOUNT}:mfa${path}${name}`;
const NOT_VALID = 'Authentication code for device is not valid.';

let world: World;
beforeEach(async () => {
  world = await makeWorld();
  world.users.add(ACCOUNT, 'alice');
  world.users.add(ACCOUNT, 'bob', '/team/');
});
afterEach(() => world.close());

async function create(name: string, path?: string): Promise<Buffer> {
  return seedOf(await world.call('CreateVirtualMFADevice', { VirtualMFADeviceName: name, ...(path === undefined ? {} : { Path: path }) }));
}

async function enable(userName: string, name: string, seed: Buffer, first = -1, second = 0): Promise<Record<string, unknown>> {
  return world.call('EnableMFADevice', {
    UserName: userName,
    SerialNumber: serial(name),
    AuthenticationCode1: codeAt(seed, world.wallMs, first),
    AuthenticationCode2: codeAt(seed, world.wallMs, second),
  });
}

describe('CreateVirtualMFADevice', () => {
  it('returns the serial ARN, a 20-byte base32 seed and a QR PNG of the otpauth URI naming the account', async () => {
    const out = await world.call('CreateVirtualMFADevice', { VirtualMFADeviceName: 'alice-phone' });
    const device = out['VirtualMFADevice'] as { SerialNumber: string; Base32StringSeed: Uint8Array; QRCodePNG: Uint8Array };
    assert.equal(device.SerialNumber, serial('alice-phone'));
    const secret = Buffer.from(device.Base32StringSeed).toString('ascii');
    assert.match(secret, /^[A-Z2-7]{32}$/);
    assert.equal(seedOf(out).length, 20);
    const image = decodeBilevelPng(device.QRCodePNG);
    assert.deepEqual(readModules(image, QR_SCALE, QR_MARGIN), qrMatrix(`otpauth://totp/alice-phone@${ACCOUNT}?secret=${secret}`));
    assert.equal('Tags' in device, false);
  });

  it('puts the path in the serial number and echoes tags', async () => {
    const out = await world.call('CreateVirtualMFADevice', {
      VirtualMFADeviceName: 'token',
      Path: '/division/',
      Tags: [{ Key: 'team', Value: 'blue' }],
    });
    const device = out['VirtualMFADevice'] as { SerialNumber: string; Tags: unknown };
    assert.equal(device.SerialNumber, serial('token', '/division/'));
    assert.deepEqual(device.Tags, [{ Key: 'team', Value: 'blue' }]);
  });

  it('gives every device its own seed', async () => {
    assert.notDeepEqual(await create('one'), await create('two'));
  });

  it('refuses a second device at the same path and name', async () => {
    await create('dup');
    await rejectsWith(
      world.call('CreateVirtualMFADevice', { VirtualMFADeviceName: 'dup' }),
      'EntityAlreadyExists',
      409,
      'MFA device already exists.',
    );
  });

  it('allows the same name under another path and in another account', async () => {
    await create('same');
    await create('same', '/other/');
    await world.call('CreateVirtualMFADevice', { VirtualMFADeviceName: 'same' }, principals.root(OTHER_ACCOUNT));
    assert.equal(world.state.devicesOf(ACCOUNT).length, 2);
    assert.equal(world.state.devicesOf(OTHER_ACCOUNT).length, 1);
  });

  it('refuses duplicate tag keys, case-insensitively', async () => {
    await rejectsWith(
      world.call('CreateVirtualMFADevice', {
        VirtualMFADeviceName: 'x',
        Tags: [
          { Key: 'Env', Value: 'a' },
          { Key: 'env', Value: 'b' },
        ],
      }),
      'InvalidInput',
      400,
      'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
    );
    assert.equal(world.state.devicesOf(ACCOUNT).length, 0);
  });
});

describe('EnableMFADevice', () => {
  it('accepts code 1 of the previous step and code 2 of the current one', async () => {
    const seed = await create('phone');
    await enable('alice', 'phone', seed);
    const device = world.state.find(ACCOUNT, serial('phone'));
    assert.equal(device?.assignment?.userName, 'alice');
    assert.equal(device?.assignment?.userArn, `arn:aws:iam::${ACCOUNT}:user/alice`);
    assert.equal(device?.lastUsedStep, totpStep(world.wallMs));
  });

  for (const [label, first, second] of [
    ['one step late', -2, -1],
    ['one step early', 0, 1],
  ] as const) {
    it(`tolerates a pair ${label}`, async () => {
      const seed = await create('phone');
      await enable('alice', 'phone', seed, first, second);
      assert.equal(world.state.find(ACCOUNT, serial('phone'))?.assignment?.userName, 'alice');
    });
  }

  for (const [label, first, second] of [
    ['two steps late', -3, -2],
    ['two steps early', 1, 2],
    ['not consecutive', -2, 0],
    ['in the wrong order', 0, -1],
    ['the same code twice', 0, 0],
  ] as const) {
    it(`refuses a pair ${label}`, async () => {
      const seed = await create('phone');
      await rejectsWith(enable('alice', 'phone', seed, first, second), 'InvalidAuthenticationCode', 403, NOT_VALID);
      assert.equal(world.state.find(ACCOUNT, serial('phone'))?.assignment, undefined);
    });
  }

  it('checks codes against the wall clock, not the virtual one, and dates the enablement in virtual time', async () => {
    const seed = await create('phone');
    assert.equal(world.clock.advance(6 * 3600_000).kind === 'ok', true);
    await enable('alice', 'phone', seed);
    assert.equal(world.state.find(ACCOUNT, serial('phone'))?.assignment?.enableDateMs, world.wallMs + 6 * 3600_000);
  });

  it('names an unknown user before looking at the device', async () => {
    const seed = await create('phone');
    await rejectsWith(enable('nobody', 'phone', seed), 'NoSuchEntity', 404, 'The user with name nobody cannot be found.');
  });

  it('reports an unknown device, including one of another account', async () => {
    await rejectsWith(
      world.call('EnableMFADevice', {
        UserName: 'alice',
        SerialNumber: serial('ghost'),
        AuthenticationCode1: '123456',
        AuthenticationCode2: '654321',
      }),
      'NoSuchEntity',
      404,
      `MFA Device with serial number ${serial('ghost')} does not exist.`,
    );
    await world.call('CreateVirtualMFADevice', { VirtualMFADeviceName: 'theirs' }, principals.root(OTHER_ACCOUNT));
    const theirs = `arn:aws:iam::${OTHER_ACCOUNT}:mfa/theirs`;
    await rejectsWith(
      world.call('EnableMFADevice', { UserName: 'alice', SerialNumber: theirs, AuthenticationCode1: '123456', AuthenticationCode2: '654321' }),
      'NoSuchEntity',
      404,
      `MFA Device with serial number ${theirs} does not exist.`,
    );
  });

  it('refuses a device already enabled, for anyone', async () => {
    const seed = await create('phone');
    await enable('alice', 'phone', seed);
    world.wallMs += 60_000;
    await rejectsWith(enable('bob', 'phone', seed), 'EntityAlreadyExists', 409, 'MFA Device is already in use.');
    await rejectsWith(enable('alice', 'phone', seed), 'EntityAlreadyExists', 409, 'MFA Device is already in use.');
  });

  it('limits a user to 8 devices', async () => {
    for (let i = 0; i < 8; i++) await enable('alice', `d${i}`, await create(`d${i}`));
    await rejectsWith(enable('alice', 'd8', await create('d8')), 'LimitExceeded', 409);
  });

  it('refuses, after deactivation, to enable again with the codes already used', async () => {
    const seed = await create('phone');
    await enable('alice', 'phone', seed);
    await world.call('DeactivateMFADevice', { UserName: 'alice', SerialNumber: serial('phone') });
    await rejectsWith(enable('alice', 'phone', seed), 'InvalidAuthenticationCode', 403, NOT_VALID);
    world.wallMs += 60_000;
    await enable('alice', 'phone', seed);
  });
});

describe('DeactivateMFADevice', () => {
  it('unassigns the device but keeps it', async () => {
    await enable('alice', 'phone', await create('phone'));
    await world.call('DeactivateMFADevice', { UserName: 'alice', SerialNumber: serial('phone') });
    const device = world.state.find(ACCOUNT, serial('phone'));
    assert.ok(device !== undefined);
    assert.equal(device.assignment, undefined);
  });

  it('without UserName acts for the calling user', async () => {
    await enable('alice', 'phone', await create('phone'));
    await world.call('DeactivateMFADevice', { SerialNumber: serial('phone') }, principals.user(ACCOUNT, 'alice'));
    assert.equal(world.state.find(ACCOUNT, serial('phone'))?.assignment, undefined);
  });

  it('without UserName refuses a role session', async () => {
    await rejectsWith(
      world.call('DeactivateMFADevice', { SerialNumber: serial('phone') }, principals.role(ACCOUNT)),
      'ValidationError',
      400,
      'Must specify userName when calling with non-User credentials',
    );
  });

  it('reports an unknown user, an unknown device, and a device enabled for someone else', async () => {
    await enable('alice', 'phone', await create('phone'));
    await rejectsWith(
      world.call('DeactivateMFADevice', { UserName: 'nobody', SerialNumber: serial('phone') }),
      'NoSuchEntity',
      404,
      'The user with name nobody cannot be found.',
    );
    for (const [user, name] of [
      ['alice', 'ghost'],
      ['bob', 'phone'],
    ] as const) {
      await rejectsWith(
        world.call('DeactivateMFADevice', { UserName: user, SerialNumber: serial(name) }),
        'NoSuchEntity',
        404,
        `MFA Device with serial number ${serial(name)} does not exist.`,
      );
    }
    assert.equal(world.state.find(ACCOUNT, serial('phone'))?.assignment?.userName, 'alice');
  });
});

describe('ResyncMFADevice', () => {
  it('finds a drifted pair in the wide window and then checks codes around the drift', async () => {
    const seed = await create('phone');
    await enable('alice', 'phone', seed);
    world.wallMs += 30_000;
    const resync = { UserName: 'alice', SerialNumber: serial('phone') };
    await world.call('ResyncMFADevice', {
      ...resync,
      AuthenticationCode1: codeAt(seed, world.wallMs, 6),
      AuthenticationCode2: codeAt(seed, world.wallMs, 7),
    });
    const device = world.state.find(ACCOUNT, serial('phone'));
    assert.equal(device?.driftSteps, 7);
    assert.equal(device?.lastUsedStep, totpStep(world.wallMs) + 7);
  });

  it('keeps no drift when the pair is within the normal window', async () => {
    const seed = await create('phone');
    await enable('alice', 'phone', seed);
    world.wallMs += 60_000;
    await world.call('ResyncMFADevice', {
      UserName: 'alice',
      SerialNumber: serial('phone'),
      AuthenticationCode1: codeAt(seed, world.wallMs, -1),
      AuthenticationCode2: codeAt(seed, world.wallMs, 0),
    });
    assert.equal(world.state.find(ACCOUNT, serial('phone'))?.driftSteps, 0);
  });

  it('refuses codes beyond the window, reused codes, and devices not enabled for the user', async () => {
    const seed = await create('phone');
    await enable('alice', 'phone', seed);
    const args = (first: number): object => ({
      UserName: 'alice',
      SerialNumber: serial('phone'),
      AuthenticationCode1: codeAt(seed, world.wallMs, first),
      AuthenticationCode2: codeAt(seed, world.wallMs, first + 1),
    });
    await rejectsWith(world.call('ResyncMFADevice', args(20)), 'InvalidAuthenticationCode', 403, NOT_VALID);
    await rejectsWith(world.call('ResyncMFADevice', args(-1)), 'InvalidAuthenticationCode', 403, NOT_VALID);
    await rejectsWith(world.call('ResyncMFADevice', { ...args(3), UserName: 'bob' }), 'NoSuchEntity', 404);
  });
});

describe('DeleteVirtualMFADevice', () => {
  it('deletes an unassigned device', async () => {
    await create('phone');
    await world.call('DeleteVirtualMFADevice', { SerialNumber: serial('phone') });
    assert.equal(world.state.find(ACCOUNT, serial('phone')), undefined);
  });

  it('refuses while the device is enabled', async () => {
    await enable('alice', 'phone', await create('phone'));
    await rejectsWith(world.call('DeleteVirtualMFADevice', { SerialNumber: serial('phone') }), 'DeleteConflict', 409);
    assert.ok(world.state.find(ACCOUNT, serial('phone')) !== undefined);
  });

  it('reports an unknown device', async () => {
    await rejectsWith(
      world.call('DeleteVirtualMFADevice', { SerialNumber: serial('ghost') }),
      'NoSuchEntity',
      404,
      `MFA Device with serial number ${serial('ghost')} does not exist.`,
    );
  });

  it('lets a new device take the deleted one`s name, with a new seed', async () => {
    const first = await create('phone');
    await world.call('DeleteVirtualMFADevice', { SerialNumber: serial('phone') });
    const second = await create('phone');
    assert.notEqual(base32Encode(first), base32Encode(second));
  });
});
