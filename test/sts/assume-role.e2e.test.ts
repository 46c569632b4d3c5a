/**
 * AssumeRole end to end with the JS SDK (aws-behaviour.md §1.2–§1.5, §7.1): who may assume what, the
 * session it gives, duration limits and chaining, ExternalId, tags, source identity, session policies.
 * Every denial is checked for code, HTTP status and exact message.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  DeleteAccessKeyCommand,
  DeleteRoleCommand,
  DeleteUserCommand,
  GetRoleCommand,
  ListRolesCommand,
  PutRolePolicyCommand,
  DeleteRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { ACCOUNT, allow, failure, OTHER_ACCOUNT, policy, StsLab, trust } from './sts-lab.js';
import type { Keys } from './sts-lab.js';

const denied = (caller: string, role: string, action = 'sts:AssumeRole'): { code: string; status: number; message: string } => ({
  code: 'AccessDenied',
  status: 403,
  message: `User: ${caller} is not authorized to perform: ${action} on resource: ${role}`,
});

describe('STS AssumeRole', () => {
  let l: StsLab;
  let alice: Keys & { arn: string };
  let bob: Keys & { arn: string };

  before(async () => {
    l = await StsLab.start();
    alice = await l.user('alice');
    bob = await l.user('bob', policy(allow('sts:AssumeRole')));
  });
  after(async () => {
    await l.dispose();
  });

  it('a user with no permissions assumes a role whose trust policy names the user; the session ARN drops the path', async () => {
    const role = await l.role('ByUser', trust({ AWS: alice.arn }), { Path: '/service/' });
    assert.equal(role.arn, `arn:aws:iam::${ACCOUNT}:role/service/ByUser`);
    const before = l.lab.clock.now();
    const session = await l.assume(alice, { RoleArn: role.arn, RoleSessionName: 'first' });
    assert.match(session.accessKeyId, /^ASIA[A-Z2-7]{16}$/);
    assert.equal(session.secretAccessKey.length, 40);
    assert.match(session.sessionToken ?? '', /^IQoJb3JpZ2luX2Vj/);
    assert.equal(session.arn, `arn:aws:sts::${ACCOUNT}:assumed-role/ByUser/first`);
    const expires = session.expiration?.getTime() ?? 0;
    assert.ok(Math.abs(expires - (before + 3_600_000)) < 2000, 'the default session lasts an hour');
    const identity = await l.stsAs(session).send(new GetCallerIdentityCommand({}));
    assert.deepEqual(
      { Arn: identity.Arn, UserId: identity.UserId, Account: identity.Account },
      { Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/ByUser/first`, UserId: `${role.id}:first`, Account: ACCOUNT },
    );
  });

  it('a trust policy naming the account root needs an identity-policy allow as well (§1.3)', async () => {
    const role = await l.role('ByAccount', trust({ AWS: `arn:aws:iam::${ACCOUNT}:root` }));
    assert.deepEqual(await failure(() => l.assume(alice, { RoleArn: role.arn, RoleSessionName: 'sess' })), denied(alice.arn, role.arn));
    const session = await l.assume(bob, { RoleArn: role.arn, RoleSessionName: 'sess' });
    assert.equal(session.arn, `arn:aws:sts::${ACCOUNT}:assumed-role/ByAccount/sess`);
  });

  it('a role trusting another account is not assumable from this one, even with an identity allow', async () => {
    // The lab has one account; the other side of a cross-account trust is named by its root ARN only.
    const role = await l.role('ForOther', trust({ AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` }));
    assert.deepEqual(await failure(() => l.assume(bob, { RoleArn: role.arn, RoleSessionName: 'sess' })), denied(bob.arn, role.arn));
  });

  it('a service principal trust cannot be used by a user', async () => {
    const role = await l.role('Ec2Only', trust({ Service: 'ec2.amazonaws.com' }));
    assert.deepEqual(await failure(() => l.assume(bob, { RoleArn: role.arn, RoleSessionName: 'sess' })), denied(bob.arn, role.arn));
  });

  it('a missing role answers exactly like a trust mismatch (no existence leak)', async () => {
    const missing = `arn:aws:iam::${ACCOUNT}:role/Nope`;
    assert.deepEqual(await failure(() => l.assume(bob, { RoleArn: missing, RoleSessionName: 'sess' })), denied(bob.arn, missing));
  });

  it('the account root may not assume roles', async () => {
    const role = await l.role('RootTrusted', trust({ AWS: `arn:aws:iam::${ACCOUNT}:root` }));
    assert.deepEqual(await failure(() => l.assume(l.root, { RoleArn: role.arn, RoleSessionName: 'sess' })), {
      code: 'AccessDenied',
      status: 403,
      message: 'Roles may not be assumed by root accounts.',
    });
  });

  it("DurationSeconds: 900 up to the role maximum; above it AWS's exact ValidationError", async () => {
    const role = await l.role('Durations', trust({ AWS: alice.arn }), { MaxSessionDuration: 7200 });
    const start = l.lab.clock.now();
    const short = await l.assume(alice, { RoleArn: role.arn, RoleSessionName: 'sess', DurationSeconds: 900 });
    assert.ok(Math.abs((short.expiration?.getTime() ?? 0) - (start + 900_000)) < 2000);
    const long = await l.assume(alice, { RoleArn: role.arn, RoleSessionName: 'sess', DurationSeconds: 7200 });
    assert.ok(Math.abs((long.expiration?.getTime() ?? 0) - (start + 7_200_000)) < 2000);
    assert.deepEqual(await failure(() => l.assume(alice, { RoleArn: role.arn, RoleSessionName: 'sess', DurationSeconds: 7201 })), {
      code: 'ValidationError',
      status: 400,
      message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    });
  });

  it('a role session assumes a role that trusts its role; chaining caps the duration at one hour', async () => {
    const first = await l.role('ChainFirst', trust({ AWS: alice.arn }), { MaxSessionDuration: 43200 });
    const second = await l.role('ChainSecond', trust({ AWS: first.arn }), { MaxSessionDuration: 43200 });
    const s1 = await l.assume(alice, { RoleArn: first.arn, RoleSessionName: 'one' });
    assert.deepEqual(await failure(() => l.assume(s1, { RoleArn: second.arn, RoleSessionName: 'two', DurationSeconds: 7200 })), {
      code: 'ValidationError',
      status: 400,
      message: 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    });
    const s2 = await l.assume(s1, { RoleArn: second.arn, RoleSessionName: 'two', DurationSeconds: 3600 });
    assert.equal(s2.arn, `arn:aws:sts::${ACCOUNT}:assumed-role/ChainSecond/two`);
    // A role session is not named by a trust policy that names another role.
    assert.deepEqual(
      await failure(() => l.assume(s2, { RoleArn: second.arn, RoleSessionName: 'three' })),
      denied(`arn:aws:sts::${ACCOUNT}:assumed-role/ChainSecond/two`, second.arn),
    );
  });

  it('ExternalId is matched by sts:ExternalId in the trust policy', async () => {
    const role = await l.role('Vendor', trust({ AWS: alice.arn }, { Condition: { StringEquals: { 'sts:ExternalId': 'secret-42' } } }));
    assert.deepEqual(await failure(() => l.assume(alice, { RoleArn: role.arn, RoleSessionName: 'sess' })), denied(alice.arn, role.arn));
    assert.deepEqual(
      await failure(() => l.assume(alice, { RoleArn: role.arn, RoleSessionName: 'sess', ExternalId: 'wrong-1' })),
      denied(alice.arn, role.arn),
    );
    const ok = await l.assume(alice, { RoleArn: role.arn, RoleSessionName: 'sess', ExternalId: 'secret-42' });
    assert.match(ok.accessKeyId, /^ASIA/);
  });

  it('session tags need sts:TagSession in the trust policy, become principal tags, and pass on when transitive', async () => {
    const plain = await l.role('NoTagging', trust({ AWS: alice.arn }));
    assert.deepEqual(
      await failure(() => l.assume(alice, { RoleArn: plain.arn, RoleSessionName: 'sess', Tags: [{ Key: 'team', Value: 'blue' }] })),
      denied(alice.arn, plain.arn, 'sts:TagSession'),
    );
    const taggingTrust = policy({ Effect: 'Allow', Principal: { AWS: alice.arn }, Action: ['sts:AssumeRole', 'sts:TagSession'] });
    const tagged = await l.role('Tagging', taggingTrust, { Tags: [{ Key: 'team', Value: 'red' }] });
    await l.iam.send(
      new PutRolePolicyCommand({
        RoleName: 'Tagging',
        PolicyName: 'by-team',
        PolicyDocument: policy(allow('iam:GetRole', '*', { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue' } } })),
      }),
    );
    const red = await l.assume(alice, { RoleArn: tagged.arn, RoleSessionName: 'red' });
    assert.equal((await failure(() => l.iamAs(red).send(new GetRoleCommand({ RoleName: 'Tagging' })))).code, 'AccessDenied');
    const out = await l
      .stsAs(alice)
      .send(
        new AssumeRoleCommand({ RoleArn: tagged.arn, RoleSessionName: 'blue', Tags: [{ Key: 'Team', Value: 'blue' }], TransitiveTagKeys: ['Team'] }),
      );
    assert.ok((out.PackedPolicySize ?? 0) > 0, 'PackedPolicySize is reported when tags are passed');
    const blue = {
      accessKeyId: out.Credentials?.AccessKeyId ?? '',
      secretAccessKey: out.Credentials?.SecretAccessKey ?? '',
      sessionToken: out.Credentials?.SessionToken ?? '',
    };
    // Session tags override the role's tag of the same key (compared case-insensitively).
    assert.equal((await l.iamAs(blue).send(new GetRoleCommand({ RoleName: 'Tagging' }))).Role?.RoleName, 'Tagging');
    // Chained from the blue session: the transitive tag is inherited and cannot be set again.
    const next = await l.role('TagChain', policy({ Effect: 'Allow', Principal: { AWS: tagged.arn }, Action: ['sts:AssumeRole', 'sts:TagSession'] }));
    await l.iam.send(
      new PutRolePolicyCommand({
        RoleName: 'TagChain',
        PolicyName: 'by-team',
        PolicyDocument: policy(allow('iam:GetRole', '*', { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue' } } })),
      }),
    );
    const chained = await l.assume(blue, { RoleArn: next.arn, RoleSessionName: 'chained' });
    assert.equal((await l.iamAs(chained).send(new GetRoleCommand({ RoleName: 'TagChain' }))).Role?.RoleName, 'TagChain');
    const conflict = await failure(() => l.assume(blue, { RoleArn: next.arn, RoleSessionName: 'again', Tags: [{ Key: 'team', Value: 'green' }] }));
    assert.deepEqual(conflict, {
      code: 'InvalidParameterValue',
      status: 400,
      message: "One of the specified transitive tag keys can't be set because it conflicts with a transitive tag key from the calling session.",
    });
    const notAmongTags = await failure(() =>
      l.assume(blue, { RoleArn: next.arn, RoleSessionName: 'again', Tags: [{ Key: 'env', Value: 'x' }], TransitiveTagKeys: ['other'] }),
    );
    assert.deepEqual(notAmongTags, {
      code: 'InvalidParameterValue',
      status: 400,
      message: 'The specified transitive tag key must be included in the requested tags.',
    });
  });

  it('SourceIdentity needs sts:SetSourceIdentity, is returned, and persists along the chain', async () => {
    const plain = await l.role('NoSourceIdentity', trust({ AWS: alice.arn }));
    assert.deepEqual(
      await failure(() => l.assume(alice, { RoleArn: plain.arn, RoleSessionName: 'sess', SourceIdentity: 'alice-laptop' })),
      denied(alice.arn, plain.arn, 'sts:SetSourceIdentity'),
    );
    const role = await l.role(
      'WithSourceIdentity',
      policy({ Effect: 'Allow', Principal: { AWS: alice.arn }, Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'] }),
    );
    const out = await l.stsAs(alice).send(new AssumeRoleCommand({ RoleArn: role.arn, RoleSessionName: 'sess', SourceIdentity: 'alice-laptop' }));
    assert.equal(out.SourceIdentity, 'alice-laptop');
    const session = {
      accessKeyId: out.Credentials?.AccessKeyId ?? '',
      secretAccessKey: out.Credentials?.SecretAccessKey ?? '',
      sessionToken: out.Credentials?.SessionToken ?? '',
    };
    const next = await l.role('AfterSourceIdentity', trust({ AWS: role.arn }));
    const chained = await l.stsAs(session).send(new AssumeRoleCommand({ RoleArn: next.arn, RoleSessionName: 'next' }));
    assert.equal(chained.SourceIdentity, 'alice-laptop');
  });

  it("a session policy narrows the role's permissions; a malformed one is MalformedPolicyDocument; too large is PackedPolicyTooLarge", async () => {
    const role = await l.role('Narrowed', trust({ AWS: alice.arn }));
    await l.iam.send(
      new PutRolePolicyCommand({ RoleName: 'Narrowed', PolicyName: 'read', PolicyDocument: policy(allow(['iam:GetRole', 'iam:ListRoles'])) }),
    );
    const wide = await l.assume(alice, { RoleArn: role.arn, RoleSessionName: 'wide' });
    await l.iamAs(wide).send(new ListRolesCommand({}));
    const out = await l
      .stsAs(alice)
      .send(new AssumeRoleCommand({ RoleArn: role.arn, RoleSessionName: 'narrow', Policy: policy(allow('iam:GetRole')) }));
    assert.ok((out.PackedPolicySize ?? 0) > 0);
    const narrow = {
      accessKeyId: out.Credentials?.AccessKeyId ?? '',
      secretAccessKey: out.Credentials?.SecretAccessKey ?? '',
      sessionToken: out.Credentials?.SessionToken ?? '',
    };
    assert.equal((await l.iamAs(narrow).send(new GetRoleCommand({ RoleName: 'Narrowed' }))).Role?.RoleName, 'Narrowed');
    assert.deepEqual(await failure(() => l.iamAs(narrow).send(new ListRolesCommand({}))), {
      code: 'AccessDenied',
      status: 403,
      message: `User: arn:aws:sts::${ACCOUNT}:assumed-role/Narrowed/narrow is not authorized to perform: iam:ListRoles on resource: arn:aws:iam::${ACCOUNT}:role/`,
    });
    // A session policy can only narrow: granting more than the role has gives nothing.
    const greedy = await l.assume(alice, { RoleArn: role.arn, RoleSessionName: 'greedy', Policy: policy(allow('iam:*')) });
    assert.equal((await failure(() => l.iamAs(greedy).send(new DeleteRoleCommand({ RoleName: 'Narrowed' })))).code, 'AccessDenied');
    assert.deepEqual(await failure(() => l.assume(alice, { RoleArn: role.arn, RoleSessionName: 'sess', Policy: '{"Version":"2012-10-17"' })), {
      code: 'MalformedPolicyDocument',
      status: 400,
      message: 'Syntax errors in policy.',
    });
    const huge = policy(...Array.from({ length: 40 }, (_, i) => allow(`iam:GetRole`, `arn:aws:iam::${ACCOUNT}:role/some-long-role-name-${i}`)));
    const tooLarge = await failure(() => l.assume(alice, { RoleArn: role.arn, RoleSessionName: 'sess', Policy: huge }));
    assert.equal(tooLarge.code, 'PackedPolicyTooLarge');
    assert.equal(tooLarge.status, 400);
    assert.match(tooLarge.message, /^Packed policy consumes \d+% of allotted space, please use smaller policy\.$/);
  });

  it('managed session policies by ARN narrow too', async () => {
    const role = await l.role('NarrowedByArn', trust({ AWS: alice.arn }));
    await l.iam.send(new PutRolePolicyCommand({ RoleName: 'NarrowedByArn', PolicyName: 'all', PolicyDocument: policy(allow('iam:*')) }));
    const session = await l.assume(alice, {
      RoleArn: role.arn,
      RoleSessionName: 'ro',
      PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' }],
    });
    await l.iamAs(session).send(new GetRoleCommand({ RoleName: 'NarrowedByArn' }));
    assert.equal(
      (await failure(() => l.iamAs(session).send(new DeleteRolePolicyCommand({ RoleName: 'NarrowedByArn', PolicyName: 'all' })))).code,
      'AccessDenied',
    );
  });

  it('sessions of a deleted role are rejected, and a recreated role of the same name does not revive them', async () => {
    const role = await l.role('Doomed', trust({ AWS: alice.arn }));
    const session = await l.assume(alice, { RoleArn: role.arn, RoleSessionName: 'sess' });
    await l.stsAs(session).send(new GetCallerIdentityCommand({}));
    await l.iam.send(new DeleteRoleCommand({ RoleName: 'Doomed' }));
    const rejected = { code: 'InvalidClientTokenId', status: 403, message: 'The security token included in the request is invalid.' };
    assert.deepEqual(await failure(() => l.stsAs(session).send(new GetCallerIdentityCommand({}))), rejected);
    await l.role('Doomed', trust({ AWS: alice.arn }));
    assert.deepEqual(await failure(() => l.stsAs(session).send(new GetCallerIdentityCommand({}))), rejected);
  });

  it('a trust policy naming a user who was deleted and recreated does not name the new user (§2.1)', async () => {
    const henry = await l.user('henry');
    const role = await l.role('ForHenry', trust({ AWS: henry.arn }));
    await l.assume(henry, { RoleArn: role.arn, RoleSessionName: 'first' });
    await l.iam.send(new DeleteAccessKeyCommand({ UserName: 'henry', AccessKeyId: henry.accessKeyId }));
    await l.iam.send(new DeleteUserCommand({ UserName: 'henry' }));
    const again = await l.user('henry');
    assert.deepEqual(await failure(() => l.assume(again, { RoleArn: role.arn, RoleSessionName: 'second' })), denied(again.arn, role.arn));
  });

  it('a forged or mismatched session token is InvalidClientTokenId', async () => {
    const role = await l.role('Forgery', trust({ AWS: alice.arn }));
    const a = await l.assume(alice, { RoleArn: role.arn, RoleSessionName: 'sa' });
    const b = await l.assume(alice, { RoleArn: role.arn, RoleSessionName: 'sb' });
    const rejected = { code: 'InvalidClientTokenId', status: 403, message: 'The security token included in the request is invalid.' };
    assert.deepEqual(await failure(() => l.stsAs({ ...a, sessionToken: b.sessionToken ?? '' }).send(new GetCallerIdentityCommand({}))), rejected);
    const token = a.sessionToken ?? '';
    const flipped = token.slice(0, -6) + (token.at(-6) === 'A' ? 'B' : 'A') + token.slice(-5);
    assert.deepEqual(await failure(() => l.stsAs({ ...a, sessionToken: flipped }).send(new GetCallerIdentityCommand({}))), rejected);
  });
});
