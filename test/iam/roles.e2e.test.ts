/** IAM roles, trust policies, inline policies and permissions boundaries through the real gateway. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AttachRolePolicyCommand,
  CreateInstanceProfileCommand,
  AddRoleToInstanceProfileCommand,
  RemoveRoleFromInstanceProfileCommand,
  DeleteInstanceProfileCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteRoleCommand,
  DeleteRolePermissionsBoundaryCommand,
  DeleteRolePolicyCommand,
  DeleteUserCommand,
  DetachRolePolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetUserPolicyCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  PutRolePermissionsBoundaryCommand,
  PutRolePolicyCommand,
  PutUserPermissionsBoundaryCommand,
  PutUserPolicyCommand,
  GetUserCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
  UpdateRoleDescriptionCommand,
} from '@aws-sdk/client-iam';
import { ALLOW_S3_READ, failure, startIamLab, TRUST_EC2 } from './iam-lab.js';
import type { IamLab } from './iam-lab.js';

const trustFor = (principal: string): string =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' }] });

const decode = (text: string | undefined): unknown => JSON.parse(decodeURIComponent(text ?? ''));

describe('IAM roles', () => {
  let l: IamLab;
  before(async () => {
    l = await startIamLab();
  });
  after(async () => {
    await l.dispose();
  });

  it('CreateRole returns the role with its trust policy (URL-encoded on the wire); GetRole adds RoleLastUsed', async () => {
    const { Role } = await l.iam.send(
      new CreateRoleCommand({ RoleName: 'App', Path: '/svc/', AssumeRolePolicyDocument: TRUST_EC2, Description: 'd', MaxSessionDuration: 7200 }),
    );
    assert.equal(Role?.Arn, 'arn:aws:iam::123456789012:role/svc/App');
    assert.match(Role?.RoleId ?? '', /^AROA[A-Z2-7]{17}$/);
    assert.equal(Role?.AssumeRolePolicyDocument, encodeURIComponent(TRUST_EC2));
    // CreateRole's answer has neither (recorded from AWS, aws-behaviour.md §10.1); GetRole has both.
    assert.equal(Role?.MaxSessionDuration, undefined);
    assert.equal(Role?.Description, undefined);
    const got = await l.iam.send(new GetRoleCommand({ RoleName: 'app' }));
    assert.equal(got.Role?.MaxSessionDuration, 7200);
    assert.equal(got.Role?.Description, 'd');
    assert.deepEqual(decode(got.Role?.AssumeRolePolicyDocument), JSON.parse(TRUST_EC2));
    assert.deepEqual(got.Role?.RoleLastUsed, {});
    assert.deepEqual(await failure(() => l.iam.send(new CreateRoleCommand({ RoleName: 'APP', AssumeRolePolicyDocument: TRUST_EC2 }))), {
      code: 'EntityAlreadyExists',
      status: 409,
      message: 'Role with name APP already exists.',
    });
    assert.deepEqual(await failure(() => l.iam.send(new GetRoleCommand({ RoleName: 'ghost' }))), {
      code: 'NoSuchEntity',
      status: 404,
      message: 'The role with name ghost cannot be found.',
    });
  });

  it('trust policies: invalid JSON, no principal, a missing principal, and the 2048 quota', async () => {
    assert.deepEqual(await failure(() => l.iam.send(new CreateRoleCommand({ RoleName: 'bad1', AssumeRolePolicyDocument: '{not json' }))), {
      code: 'MalformedPolicyDocument',
      status: 400,
      message: 'This policy contains invalid Json',
    });
    const noPrincipal = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole' }] });
    assert.deepEqual(await failure(() => l.iam.send(new CreateRoleCommand({ RoleName: 'bad2', AssumeRolePolicyDocument: noPrincipal }))), {
      code: 'MalformedPolicyDocument',
      status: 400,
      message: 'Invalid principal in policy: com.amazon.balsa.error.InvalidPolicyException: The passed in policy has a statement with no principals!',
    });
    const missing = 'arn:aws:iam::123456789012:role/X';
    assert.deepEqual(await failure(() => l.iam.send(new CreateRoleCommand({ RoleName: 'bad3', AssumeRolePolicyDocument: trustFor(missing) }))), {
      code: 'MalformedPolicyDocument',
      status: 400,
      message: 'Invalid principal in policy: "AWS":"arn:aws:iam::123456789012:role/X"',
    });
    const big = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'ec2.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'sts:ExternalId': 'x'.repeat(2000) } },
        },
      ],
    });
    assert.deepEqual(await failure(() => l.iam.send(new CreateRoleCommand({ RoleName: 'bad4', AssumeRolePolicyDocument: big }))), {
      code: 'LimitExceeded',
      status: 409,
      message: 'Cannot exceed quota for ACLSizePerRole: 2048',
    });
    // Whitespace does not count towards the quota.
    const spaced = TRUST_EC2.split(',').join(`,${' '.repeat(900)}\n`);
    assert.ok(spaced.length > 2048);
    await l.iam.send(new CreateRoleCommand({ RoleName: 'spaced', AssumeRolePolicyDocument: spaced }));
    assert.equal((await failure(() => l.iam.send(new GetRoleCommand({ RoleName: 'bad1' })))).code, 'NoSuchEntity');
  });

  it('a trusted user that is deleted shows as its unique id in the trust policy', async () => {
    const { User } = await l.iam.send(new CreateUserCommand({ UserName: 'truster' }));
    const arn = 'arn:aws:iam::123456789012:user/truster';
    await l.iam.send(new CreateRoleCommand({ RoleName: 'trusting', AssumeRolePolicyDocument: trustFor(arn) }));
    const before = decode((await l.iam.send(new GetRoleCommand({ RoleName: 'trusting' }))).Role?.AssumeRolePolicyDocument) as {
      Statement: { Principal: { AWS: string } }[];
    };
    assert.equal(before.Statement[0]?.Principal.AWS, arn);
    await l.iam.send(new DeleteUserCommand({ UserName: 'truster' }));
    await l.iam.send(new CreateUserCommand({ UserName: 'truster' }));
    const afterDelete = decode((await l.iam.send(new GetRoleCommand({ RoleName: 'trusting' }))).Role?.AssumeRolePolicyDocument) as {
      Statement: { Principal: { AWS: string } }[];
    };
    assert.equal(afterDelete.Statement[0]?.Principal.AWS, User?.UserId);
  });

  it('UpdateRole, UpdateRoleDescription and UpdateAssumeRolePolicy', async () => {
    await l.iam.send(new CreateRoleCommand({ RoleName: 'upd', AssumeRolePolicyDocument: TRUST_EC2 }));
    await l.iam.send(new UpdateRoleCommand({ RoleName: 'upd', MaxSessionDuration: 43200, Description: 'x' }));
    const described = await l.iam.send(new UpdateRoleDescriptionCommand({ RoleName: 'upd', Description: 'y' }));
    assert.equal(described.Role?.Description, 'y');
    // UpdateRoleDescription's role has no MaxSessionDuration (aws-behaviour.md §10.1); GetRole shows it.
    assert.equal(described.Role?.MaxSessionDuration, undefined);
    assert.equal((await l.iam.send(new GetRoleCommand({ RoleName: 'upd' }))).Role?.MaxSessionDuration, 43200);
    const rootTrust = trustFor('arn:aws:iam::123456789012:root');
    await l.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'upd', PolicyDocument: rootTrust }));
    assert.equal((await l.iam.send(new GetRoleCommand({ RoleName: 'upd' }))).Role?.AssumeRolePolicyDocument, encodeURIComponent(rootTrust));
    assert.deepEqual(
      await failure(() =>
        l.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'upd', PolicyDocument: trustFor('arn:aws:iam::123456789012:user/none') })),
      ),
      { code: 'MalformedPolicyDocument', status: 400, message: 'Invalid principal in policy: "AWS":"arn:aws:iam::123456789012:user/none"' },
    );
    assert.deepEqual(await failure(() => l.iam.send(new UpdateRoleCommand({ RoleName: 'upd', MaxSessionDuration: 100 }))), {
      code: 'ValidationError',
      status: 400,
      message:
        "1 validation error detected: Value at 'maxSessionDuration' failed to satisfy constraint: Member must have value greater than or equal to 3600",
    });
  });

  it('inline role policies: put replaces, get, list, delete; permission policies reject Principal', async () => {
    await l.iam.send(new CreateRoleCommand({ RoleName: 'inline', AssumeRolePolicyDocument: TRUST_EC2 }));
    await l.iam.send(new PutRolePolicyCommand({ RoleName: 'inline', PolicyName: 'b', PolicyDocument: ALLOW_S3_READ }));
    await l.iam.send(new PutRolePolicyCommand({ RoleName: 'inline', PolicyName: 'a', PolicyDocument: ALLOW_S3_READ }));
    const replaced = ALLOW_S3_READ.replace('s3:GetObject', 's3:PutObject');
    await l.iam.send(new PutRolePolicyCommand({ RoleName: 'inline', PolicyName: 'a', PolicyDocument: replaced }));
    const got = await l.iam.send(new GetRolePolicyCommand({ RoleName: 'inline', PolicyName: 'a' }));
    assert.equal(got.RoleName, 'inline');
    assert.equal(got.PolicyName, 'a');
    assert.equal(decodeURIComponent(got.PolicyDocument ?? ''), replaced);
    const listed = await l.iam.send(new ListRolePoliciesCommand({ RoleName: 'inline', MaxItems: 1 }));
    assert.deepEqual(listed.PolicyNames, ['a']);
    assert.equal(listed.IsTruncated, true);
    const rest = await l.iam.send(new ListRolePoliciesCommand({ RoleName: 'inline', Marker: listed.Marker }));
    assert.deepEqual(rest.PolicyNames, ['b']);
    assert.deepEqual(await failure(() => l.iam.send(new PutRolePolicyCommand({ RoleName: 'inline', PolicyName: 'c', PolicyDocument: TRUST_EC2 }))), {
      code: 'MalformedPolicyDocument',
      status: 400,
      message: 'Policy document should not specify a principal.',
    });
    assert.deepEqual(await failure(() => l.iam.send(new DeleteRoleCommand({ RoleName: 'inline' }))), {
      code: 'DeleteConflict',
      status: 409,
      message: 'Cannot delete entity, must delete policies first.',
    });
    await l.iam.send(new DeleteRolePolicyCommand({ RoleName: 'inline', PolicyName: 'a' }));
    await l.iam.send(new DeleteRolePolicyCommand({ RoleName: 'inline', PolicyName: 'b' }));
    assert.deepEqual(await failure(() => l.iam.send(new GetRolePolicyCommand({ RoleName: 'inline', PolicyName: 'a' }))), {
      code: 'NoSuchEntity',
      status: 404,
      message: 'The role policy with name a cannot be found.',
    });
    await l.iam.send(new DeleteRoleCommand({ RoleName: 'inline' }));
  });

  it('aggregate inline size quotas: user 2048, role 10240', async () => {
    const sized = (n: number): string =>
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${'b'.repeat(n)}` }] });
    await l.iam.send(new CreateUserCommand({ UserName: 'sizer' }));
    await l.iam.send(new PutUserPolicyCommand({ UserName: 'sizer', PolicyName: 'one', PolicyDocument: sized(1000) }));
    assert.deepEqual(
      await failure(() => l.iam.send(new PutUserPolicyCommand({ UserName: 'sizer', PolicyName: 'two', PolicyDocument: sized(1000) }))),
      {
        code: 'LimitExceeded',
        status: 409,
        message: 'Maximum policy size of 2048 bytes exceeded for user sizer',
      },
    );
    assert.equal((await failure(() => l.iam.send(new GetUserPolicyCommand({ UserName: 'sizer', PolicyName: 'two' })))).code, 'NoSuchEntity');
    await l.iam.send(new CreateRoleCommand({ RoleName: 'sizer', AssumeRolePolicyDocument: TRUST_EC2 }));
    for (const name of ['p1', 'p2', 'p3', 'p4', 'p5']) {
      await l.iam.send(new PutRolePolicyCommand({ RoleName: 'sizer', PolicyName: name, PolicyDocument: sized(1900) }));
    }
    assert.deepEqual(
      await failure(() => l.iam.send(new PutRolePolicyCommand({ RoleName: 'sizer', PolicyName: 'p6', PolicyDocument: sized(1000) }))),
      {
        code: 'LimitExceeded',
        status: 409,
        message: 'Maximum policy size of 10240 bytes exceeded for role sizer',
      },
    );
  });

  it('permissions boundaries on create and by Put/Delete; missing policies are refused', async () => {
    const { Policy } = await l.iam.send(new CreatePolicyCommand({ PolicyName: 'bound', PolicyDocument: ALLOW_S3_READ }));
    const arn = Policy?.Arn ?? '';
    const { Role } = await l.iam.send(new CreateRoleCommand({ RoleName: 'bounded', AssumeRolePolicyDocument: TRUST_EC2, PermissionsBoundary: arn }));
    assert.deepEqual(Role?.PermissionsBoundary, { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: arn });
    await l.iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: 'bounded' }));
    assert.equal((await l.iam.send(new GetRoleCommand({ RoleName: 'bounded' }))).Role?.PermissionsBoundary, undefined);
    await l.iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'bounded', PermissionsBoundary: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
    assert.equal(
      (await l.iam.send(new GetRoleCommand({ RoleName: 'bounded' }))).Role?.PermissionsBoundary?.PermissionsBoundaryArn,
      'arn:aws:iam::aws:policy/ReadOnlyAccess',
    );
    const missing = 'arn:aws:iam::123456789012:policy/none';
    assert.deepEqual(await failure(() => l.iam.send(new CreateUserCommand({ UserName: 'ub', PermissionsBoundary: missing }))), {
      code: 'NoSuchEntity',
      status: 404,
      message: `Scope ARN: ${missing} does not exist or is not attachable.`,
    });
    await l.iam.send(new CreateUserCommand({ UserName: 'ub' }));
    await l.iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'ub', PermissionsBoundary: arn }));
    assert.equal((await l.iam.send(new GetUserCommand({ UserName: 'ub' }))).User?.PermissionsBoundary?.PermissionsBoundaryArn, arn);
  });

  it('DeleteRole refuses while attached or in an instance profile', async () => {
    await l.iam.send(new CreateRoleCommand({ RoleName: 'busy', AssumeRolePolicyDocument: TRUST_EC2 }));
    await l.iam.send(new AttachRolePolicyCommand({ RoleName: 'busy', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
    assert.deepEqual(await failure(() => l.iam.send(new DeleteRoleCommand({ RoleName: 'busy' }))), {
      code: 'DeleteConflict',
      status: 409,
      message: 'Cannot delete entity, must detach all policies first.',
    });
    await l.iam.send(new DetachRolePolicyCommand({ RoleName: 'busy', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
    await l.iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'busy-profile' }));
    await l.iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'busy-profile', RoleName: 'busy' }));
    assert.deepEqual(await failure(() => l.iam.send(new DeleteRoleCommand({ RoleName: 'busy' }))), {
      code: 'DeleteConflict',
      status: 409,
      message: 'Cannot delete entity, must remove roles from instance profile first.',
    });
    await l.iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'busy-profile', RoleName: 'busy' }));
    await l.iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'busy-profile' }));
    await l.iam.send(new DeleteRoleCommand({ RoleName: 'busy' }));
    assert.equal((await failure(() => l.iam.send(new GetRoleCommand({ RoleName: 'busy' })))).status, 404);
  });

  it('ListRoles paginates and leaves out tags, boundary and RoleLastUsed', async () => {
    for (const n of ['lr-a', 'lr-b', 'lr-c']) {
      await l.iam.send(new CreateRoleCommand({ RoleName: n, Path: '/lr/', AssumeRolePolicyDocument: TRUST_EC2, Tags: [{ Key: 't', Value: 'v' }] }));
    }
    const first = await l.iam.send(new ListRolesCommand({ PathPrefix: '/lr/', MaxItems: 2 }));
    assert.deepEqual(
      first.Roles?.map((r) => r.RoleName),
      ['lr-a', 'lr-b'],
    );
    assert.equal(first.Roles?.[0]?.Tags, undefined);
    assert.equal(first.Roles?.[0]?.RoleLastUsed, undefined);
    const second = await l.iam.send(new ListRolesCommand({ PathPrefix: '/lr/', Marker: first.Marker }));
    assert.deepEqual(
      second.Roles?.map((r) => r.RoleName),
      ['lr-c'],
    );
    assert.equal(second.IsTruncated, false);
  });
});
