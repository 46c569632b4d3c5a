/** Instance profiles (one role at most) and tags through the real gateway. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AddRoleToInstanceProfileCommand,
  CreateInstanceProfileCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteInstanceProfileCommand,
  GetInstanceProfileCommand,
  ListInstanceProfilesCommand,
  ListInstanceProfilesForRoleCommand,
  ListInstanceProfileTagsCommand,
  ListPolicyTagsCommand,
  ListRoleTagsCommand,
  ListUserTagsCommand,
  RemoveRoleFromInstanceProfileCommand,
  TagInstanceProfileCommand,
  TagPolicyCommand,
  TagRoleCommand,
  TagUserCommand,
  UntagRoleCommand,
  UntagUserCommand,
} from '@aws-sdk/client-iam';
import { ALLOW_S3_READ, failure, startIamLab, TRUST_EC2 } from './iam-lab.js';
import type { IamLab } from './iam-lab.js';

describe('IAM instance profiles and tags', () => {
  let l: IamLab;
  before(async () => {
    l = await startIamLab();
  });
  after(async () => {
    await l.dispose();
  });

  it('CreateInstanceProfile, GetInstanceProfile, duplicates case-insensitively, missing profiles', async () => {
    const { InstanceProfile } = await l.iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'Web', Path: '/ec2/' }));
    assert.equal(InstanceProfile?.Arn, 'arn:aws:iam::123456789012:instance-profile/ec2/Web');
    assert.match(InstanceProfile?.InstanceProfileId ?? '', /^AIPA[A-Z2-7]{17}$/);
    assert.deepEqual(InstanceProfile?.Roles, []);
    assert.deepEqual(await failure(() => l.iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'web' }))), {
      code: 'EntityAlreadyExists',
      status: 409,
      message: 'Instance Profile web already exists.',
    });
    assert.deepEqual(await failure(() => l.iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'nope' }))), {
      code: 'NoSuchEntity',
      status: 404,
      message: 'Instance Profile nope cannot be found.',
    });
  });

  it('one role per profile; the role appears in the profile and the profile in the role listing', async () => {
    await l.iam.send(new CreateRoleCommand({ RoleName: 'web-role', AssumeRolePolicyDocument: TRUST_EC2 }));
    await l.iam.send(new CreateRoleCommand({ RoleName: 'other-role', AssumeRolePolicyDocument: TRUST_EC2 }));
    await l.iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'Web', RoleName: 'web-role' }));
    assert.deepEqual(await failure(() => l.iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'Web', RoleName: 'other-role' }))), {
      code: 'LimitExceeded',
      status: 409,
      message: 'Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1',
    });
    const { InstanceProfile } = await l.iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'Web' }));
    assert.deepEqual(
      InstanceProfile?.Roles?.map((r) => r.RoleName),
      ['web-role'],
    );
    assert.equal(decodeURIComponent(InstanceProfile?.Roles?.[0]?.AssumeRolePolicyDocument ?? ''), TRUST_EC2);
    const forRole = await l.iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'web-role' }));
    assert.deepEqual(
      forRole.InstanceProfiles?.map((p) => p.InstanceProfileName),
      ['Web'],
    );
    assert.deepEqual(await failure(() => l.iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'Web' }))), {
      code: 'DeleteConflict',
      status: 409,
      message: 'Cannot delete entity, must remove roles from instance profile first.',
    });
    await l.iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'Web', RoleName: 'web-role' }));
    assert.deepEqual(
      await failure(() => l.iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'Web', RoleName: 'web-role' }))),
      // The role exists but is not in the profile [O: LS-SNAP remove-unattached-role-error].
      { code: 'NoSuchEntity', status: 404, message: 'Role web-role in Instance Profile Web cannot be found.' },
    );
    await l.iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'Web', RoleName: 'other-role' }));
    await l.iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'Web', RoleName: 'other-role' }));
    await l.iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'Web' }));
    assert.equal((await failure(() => l.iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'Web' })))).status, 404);
  });

  it('ListInstanceProfiles paginates', async () => {
    for (const n of ['ip1', 'ip2', 'ip3']) await l.iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: n, Path: '/p/' }));
    const first = await l.iam.send(new ListInstanceProfilesCommand({ PathPrefix: '/p/', MaxItems: 2 }));
    assert.deepEqual(
      first.InstanceProfiles?.map((p) => p.InstanceProfileName),
      ['ip1', 'ip2'],
    );
    const rest = await l.iam.send(new ListInstanceProfilesCommand({ PathPrefix: '/p/', Marker: first.Marker }));
    assert.deepEqual(
      rest.InstanceProfiles?.map((p) => p.InstanceProfileName),
      ['ip3'],
    );
  });

  it('tags on users, roles, policies and instance profiles; case-insensitive keys; at most 50', async () => {
    await l.iam.send(new CreateUserCommand({ UserName: 'tagged', Tags: [{ Key: 'Team', Value: 'a' }] }));
    await l.iam.send(
      new TagUserCommand({
        UserName: 'tagged',
        Tags: [
          { Key: 'team', Value: 'b' },
          { Key: 'env', Value: 'dev' },
        ],
      }),
    );
    assert.deepEqual((await l.iam.send(new ListUserTagsCommand({ UserName: 'tagged' }))).Tags, [
      { Key: 'team', Value: 'b' },
      { Key: 'env', Value: 'dev' },
    ]);
    await l.iam.send(new UntagUserCommand({ UserName: 'tagged', TagKeys: ['ENV'] }));
    assert.deepEqual((await l.iam.send(new ListUserTagsCommand({ UserName: 'tagged' }))).Tags, [{ Key: 'team', Value: 'b' }]);
    assert.deepEqual(
      await failure(() =>
        l.iam.send(
          new TagUserCommand({
            UserName: 'tagged',
            Tags: [
              { Key: 'a', Value: '1' },
              { Key: 'A', Value: '2' },
            ],
          }),
        ),
      ),
      { code: 'InvalidInput', status: 400, message: 'Duplicate tag keys found. Please note that Tag keys are case insensitive.' },
    );

    await l.iam.send(new CreateRoleCommand({ RoleName: 'tagrole', AssumeRolePolicyDocument: TRUST_EC2 }));
    const fifty = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    await l.iam.send(new TagRoleCommand({ RoleName: 'tagrole', Tags: fifty }));
    const page = await l.iam.send(new ListRoleTagsCommand({ RoleName: 'tagrole', MaxItems: 20 }));
    assert.equal(page.Tags?.length, 20);
    assert.equal(page.IsTruncated, true);
    assert.deepEqual(await failure(() => l.iam.send(new TagRoleCommand({ RoleName: 'tagrole', Tags: [{ Key: 'one-more', Value: 'v' }] }))), {
      code: 'LimitExceeded',
      status: 409,
      message: 'The number of tags has reached the maximum limit.',
    });
    await l.iam.send(new UntagRoleCommand({ RoleName: 'tagrole', TagKeys: ['k0'] }));
    await l.iam.send(new TagRoleCommand({ RoleName: 'tagrole', Tags: [{ Key: 'one-more', Value: 'v' }] }));

    const { Policy } = await l.iam.send(new CreatePolicyCommand({ PolicyName: 'tagpol', PolicyDocument: ALLOW_S3_READ }));
    await l.iam.send(new TagPolicyCommand({ PolicyArn: Policy?.Arn, Tags: [{ Key: 'p', Value: '1' }] }));
    assert.deepEqual((await l.iam.send(new ListPolicyTagsCommand({ PolicyArn: Policy?.Arn }))).Tags, [{ Key: 'p', Value: '1' }]);

    await l.iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'tagip', Tags: [{ Key: 'i', Value: '1' }] }));
    await l.iam.send(new TagInstanceProfileCommand({ InstanceProfileName: 'tagip', Tags: [{ Key: 'j', Value: '2' }] }));
    assert.deepEqual((await l.iam.send(new ListInstanceProfileTagsCommand({ InstanceProfileName: 'tagip' }))).Tags, [
      { Key: 'i', Value: '1' },
      { Key: 'j', Value: '2' },
    ]);
  });
});
