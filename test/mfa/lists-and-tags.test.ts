/** ListMFADevices, ListVirtualMFADevices, GetMFADevice, the tag operations, and each operation's IAM action. */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ACCOUNT, OTHER_ACCOUNT, codeAt, makeWorld, principals, rejectsWith, seedOf, type World } from './harness.js';

const serial = (name: string): string => `arn:aws:iam::${ACCOUNT}:mfa/${name}`;

let world: World;
beforeEach(async () => {
  world = await makeWorld();
  world.users.add(ACCOUNT, 'alice');
  world.users.add(ACCOUNT, 'bob', '/team/');
  // c-bob is enabled for bob, a-alice and d-alice for alice, b-free stays unassigned.
  for (const [name, user] of [
    ['a-alice', 'alice'],
    ['b-free', undefined],
    ['c-bob', 'bob'],
    ['d-alice', 'alice'],
  ] as const) {
    const seed = seedOf(await world.call('CreateVirtualMFADevice', { VirtualMFADeviceName: name }));
    if (user === undefined) continue;
    await world.call('EnableMFADevice', {
      UserName: user,
      SerialNumber: serial(name),
      AuthenticationCode1: codeAt(seed, world.wallMs, -1),
      AuthenticationCode2: codeAt(seed, world.wallMs, 0),
    });
  }
  await world.call('CreateVirtualMFADevice', { VirtualMFADeviceName: 'elsewhere' }, principals.root(OTHER_ACCOUNT));
});
afterEach(() => world.close());

const serialsOf = (out: Record<string, unknown>, member: string): string[] =>
  (out[member] as { SerialNumber: string }[]).map((device) => device.SerialNumber);

describe('ListMFADevices', () => {
  it('lists the devices enabled for the named user, with user name and enable date', async () => {
    const out = await world.call('ListMFADevices', { UserName: 'alice' });
    assert.deepEqual(out['MFADevices'], [
      { UserName: 'alice', SerialNumber: serial('a-alice'), EnableDate: world.clock.now() },
      { UserName: 'alice', SerialNumber: serial('d-alice'), EnableDate: world.clock.now() },
    ]);
    assert.equal(out['IsTruncated'], false);
  });

  it('without UserName lists the calling user`s devices, nothing for root, and refuses a role', async () => {
    assert.deepEqual(serialsOf(await world.call('ListMFADevices', {}, principals.user(ACCOUNT, 'bob', '/team/')), 'MFADevices'), [serial('c-bob')]);
    assert.deepEqual(serialsOf(await world.call('ListMFADevices', {}, principals.root(ACCOUNT)), 'MFADevices'), []);
    await rejectsWith(world.call('ListMFADevices', {}, principals.role(ACCOUNT)), 'ValidationError', 400);
  });

  it('reports an unknown user', async () => {
    await rejectsWith(world.call('ListMFADevices', { UserName: 'nobody' }), 'NoSuchEntity', 404, 'The user with name nobody cannot be found.');
  });

  it('pages with MaxItems and Marker', async () => {
    const first = await world.call('ListMFADevices', { UserName: 'alice', MaxItems: 1 });
    assert.deepEqual(serialsOf(first, 'MFADevices'), [serial('a-alice')]);
    assert.equal(first['IsTruncated'], true);
    const second = await world.call('ListMFADevices', { UserName: 'alice', MaxItems: 1, Marker: first['Marker'] });
    assert.deepEqual(serialsOf(second, 'MFADevices'), [serial('d-alice')]);
    assert.equal(second['IsTruncated'], false);
    assert.equal('Marker' in second, false);
  });
});

describe('ListVirtualMFADevices', () => {
  it('defaults to Any and lists only the caller`s account, in serial order', async () => {
    const out = await world.call('ListVirtualMFADevices', {});
    assert.deepEqual(serialsOf(out, 'VirtualMFADevices'), ['a-alice', 'b-free', 'c-bob', 'd-alice'].map(serial));
  });

  it('filters by AssignmentStatus', async () => {
    assert.deepEqual(serialsOf(await world.call('ListVirtualMFADevices', { AssignmentStatus: 'Assigned' }), 'VirtualMFADevices'), [
      serial('a-alice'),
      serial('c-bob'),
      serial('d-alice'),
    ]);
    assert.deepEqual(serialsOf(await world.call('ListVirtualMFADevices', { AssignmentStatus: 'Unassigned' }), 'VirtualMFADevices'), [
      serial('b-free'),
    ]);
  });

  it('shows the assigned user (path from the ARN) and enable date, and never the seed or tags', async () => {
    const out = await world.call('ListVirtualMFADevices', {});
    const devices = out['VirtualMFADevices'] as Record<string, unknown>[];
    assert.deepEqual(devices[1], { SerialNumber: serial('b-free') });
    assert.deepEqual(devices[2], {
      SerialNumber: serial('c-bob'),
      User: {
        Path: '/team/',
        UserName: 'bob',
        UserId: world.users.findUser(ACCOUNT, 'bob')?.userId,
        Arn: `arn:aws:iam::${ACCOUNT}:user/team/bob`,
        CreateDate: 1_600_000_000_000,
      },
      EnableDate: world.clock.now(),
    });
  });

  it('walks every page and rejects a marker it did not issue', async () => {
    const seen: string[] = [];
    let marker: unknown;
    do {
      const out = await world.call('ListVirtualMFADevices', { MaxItems: 3, ...(marker === undefined ? {} : { Marker: marker }) });
      seen.push(...serialsOf(out, 'VirtualMFADevices'));
      marker = out['Marker'];
    } while (marker !== undefined);
    assert.deepEqual(seen, ['a-alice', 'b-free', 'c-bob', 'd-alice'].map(serial));
    await rejectsWith(world.call('ListVirtualMFADevices', { Marker: 'invalid-marker-value' }), 'ValidationError', 400, 'Invalid Marker.');
  });
});

describe('GetMFADevice', () => {
  it('returns the assignment, or only the serial number for an unassigned device', async () => {
    assert.deepEqual(await world.call('GetMFADevice', { SerialNumber: serial('c-bob'), UserName: 'bob' }), {
      SerialNumber: serial('c-bob'),
      UserName: 'bob',
      EnableDate: world.clock.now(),
    });
    assert.deepEqual(await world.call('GetMFADevice', { SerialNumber: serial('b-free') }), { SerialNumber: serial('b-free') });
  });

  it('reports a device not enabled for the named user', async () => {
    await rejectsWith(world.call('GetMFADevice', { SerialNumber: serial('c-bob'), UserName: 'alice' }), 'NoSuchEntity', 404);
  });
});

describe('MFA device tags', () => {
  const listTags = async (extra: object = {}): Promise<Record<string, unknown>> =>
    world.call('ListMFADeviceTags', { SerialNumber: serial('b-free'), ...extra });

  it('adds, replaces case-insensitively, removes, and lists sorted by key', async () => {
    await world.call('TagMFADevice', {
      SerialNumber: serial('b-free'),
      Tags: [
        { Key: 'Env', Value: 'dev' },
        { Key: 'owner', Value: 'alice' },
      ],
    });
    await world.call('TagMFADevice', {
      SerialNumber: serial('b-free'),
      Tags: [
        { Key: 'env', Value: 'prod' },
        { Key: 'Cost', Value: '1' },
      ],
    });
    assert.deepEqual((await listTags())['Tags'], [
      { Key: 'Cost', Value: '1' },
      { Key: 'env', Value: 'prod' },
      { Key: 'owner', Value: 'alice' },
    ]);
    await world.call('UntagMFADevice', { SerialNumber: serial('b-free'), TagKeys: ['OWNER', 'absent'] });
    assert.deepEqual((await listTags())['Tags'], [
      { Key: 'Cost', Value: '1' },
      { Key: 'env', Value: 'prod' },
    ]);
  });

  it('pages the tag list', async () => {
    await world.call('TagMFADevice', {
      SerialNumber: serial('b-free'),
      Tags: [
        { Key: 'a', Value: '1' },
        { Key: 'b', Value: '2' },
      ],
    });
    const first = await listTags({ MaxItems: 1 });
    assert.deepEqual(first['Tags'], [{ Key: 'a', Value: '1' }]);
    assert.deepEqual((await listTags({ MaxItems: 1, Marker: first['Marker'] }))['Tags'], [{ Key: 'b', Value: '2' }]);
  });

  it('refuses more than 50 tags in all', async () => {
    const tags = (prefix: string, n: number): object[] => Array.from({ length: n }, (_, i) => ({ Key: `${prefix}${i}`, Value: '' }));
    await world.call('TagMFADevice', { SerialNumber: serial('b-free'), Tags: tags('a', 30) });
    await rejectsWith(world.call('TagMFADevice', { SerialNumber: serial('b-free'), Tags: tags('b', 21) }), 'LimitExceeded', 409);
    assert.equal(((await listTags())['Tags'] as unknown[]).length, 30);
  });

  it('reports an unknown device', async () => {
    for (const [name, input] of [
      ['TagMFADevice', { Tags: [{ Key: 'a', Value: 'b' }] }],
      ['UntagMFADevice', { TagKeys: ['a'] }],
      ['ListMFADeviceTags', {}],
    ] as const) {
      await rejectsWith(world.call(name, { SerialNumber: serial('ghost'), ...input }), 'NoSuchEntity', 404);
    }
  });
});

describe('authorization declarations (aws-behaviour.md §7.8)', () => {
  const expected: readonly [string, object, string, string][] = [
    ['CreateVirtualMFADevice', { VirtualMFADeviceName: 'n', Path: '/p/' }, 'iam:CreateVirtualMFADevice', `arn:aws:iam::${ACCOUNT}:mfa/p/n`],
    ['EnableMFADevice', { UserName: 'bob', SerialNumber: serial('x') }, 'iam:EnableMFADevice', `arn:aws:iam::${ACCOUNT}:user/team/bob`],
    ['ResyncMFADevice', { UserName: 'nobody', SerialNumber: serial('x') }, 'iam:ResyncMFADevice', `arn:aws:iam::${ACCOUNT}:user/nobody`],
    ['DeactivateMFADevice', { SerialNumber: serial('x') }, 'iam:DeactivateMFADevice', `arn:aws:iam::${ACCOUNT}:user/admin`],
    ['ListMFADevices', { UserName: 'alice' }, 'iam:ListMFADevices', `arn:aws:iam::${ACCOUNT}:user/alice`],
    ['GetMFADevice', { SerialNumber: serial('x'), UserName: 'alice' }, 'iam:GetMFADevice', `arn:aws:iam::${ACCOUNT}:user/alice`],
    ['ListVirtualMFADevices', {}, 'iam:ListVirtualMFADevices', '*'],
    ['DeleteVirtualMFADevice', { SerialNumber: serial('x') }, 'iam:DeleteVirtualMFADevice', serial('x')],
    ['TagMFADevice', { SerialNumber: serial('x'), Tags: [] }, 'iam:TagMFADevice', serial('x')],
    ['UntagMFADevice', { SerialNumber: serial('x'), TagKeys: [] }, 'iam:UntagMFADevice', serial('x')],
    ['ListMFADeviceTags', { SerialNumber: serial('x') }, 'iam:ListMFADeviceTags', serial('x')],
  ];

  it('covers every operation in the table', () => {
    assert.deepEqual([...world.ops.keys()].sort(), expected.map(([name]) => name).sort());
  });

  for (const [name, input, action, resource] of expected) {
    it(`${name} is ${action} on ${resource}`, () => {
      const authorization = world.ops.get(name)?.authorization;
      assert.equal(authorization?.kind, 'policy');
      if (authorization?.kind !== 'policy') return;
      assert.equal(authorization.action, action);
      assert.deepEqual(authorization.resources(input as Record<string, unknown>, world.ctx()), [resource]);
    });
  }
});
