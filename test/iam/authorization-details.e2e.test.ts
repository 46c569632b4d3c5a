/**
 * GetAccountAuthorizationDetails, ListPoliciesGrantingServiceAccess and GetHumanReadableSummary through the real
 * gateway (aws-behaviour.md §12.4): every member AWS sends per kind, the filters, pagination across the lists,
 * URL-encoded documents, which policies grant which service namespace, and the AWS CLI's view.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AddRoleToInstanceProfileCommand,
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateGroupCommand,
  CreateInstanceProfileCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateServiceLinkedRoleCommand,
  CreateUserCommand,
  GetAccountAuthorizationDetailsCommand,
  GetHumanReadableSummaryCommand,
  ListPoliciesGrantingServiceAccessCommand,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  PutUserPermissionsBoundaryCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import type { GetAccountAuthorizationDetailsCommandOutput } from '@aws-sdk/client-iam';
import { awsCli, awsCliVersion, SKIP_NO_AWS_CLI } from '../support/clients.js';
import { ALLOW_S3_READ, failure, startIamLab, TRUST_EC2 } from './iam-lab.js';
import type { IamLab } from './iam-lab.js';

const ACCOUNT = '123456789012';
const doc = (statement: object): string => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });
const IAM_READ = doc({ Effect: 'Allow', Action: 'iam:Get*', Resource: '*' });
const ALL_BUT_IAM = doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' });
const DENY_EC2 = doc({ Effect: 'Deny', Action: 'ec2:*', Resource: '*' });
const NO_SUCH_ACTION = doc({ Effect: 'Allow', Action: 's3:NoSuchThing*', Resource: '*' });

async function setUp(l: IamLab): Promise<{ readonly s3Read: string; readonly iamRead: string }> {
  const { iam } = l;
  const s3Read =
    (await iam.send(new CreatePolicyCommand({ PolicyName: 's3-read', PolicyDocument: ALLOW_S3_READ, Description: 'reads' }))).Policy?.Arn ?? '';
  await iam.send(new CreatePolicyVersionCommand({ PolicyArn: s3Read, PolicyDocument: IAM_READ, SetAsDefault: false }));
  const iamRead = (await iam.send(new CreatePolicyCommand({ PolicyName: 'iam-read', PolicyDocument: IAM_READ }))).Policy?.Arn ?? '';
  await iam.send(new CreatePolicyCommand({ PolicyName: 'unused', PolicyDocument: IAM_READ }));
  await iam.send(new CreateUserCommand({ UserName: 'alice', Tags: [{ Key: 'team', Value: 'red' }] }));
  await iam.send(new CreateUserCommand({ UserName: 'bob', Path: '/staff/' }));
  await iam.send(new CreateGroupCommand({ GroupName: 'admins' }));
  await iam.send(new AddUserToGroupCommand({ GroupName: 'admins', UserName: 'alice' }));
  await iam.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'own', PolicyDocument: ALL_BUT_IAM }));
  await iam.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: s3Read }));
  await iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'alice', PermissionsBoundary: 'arn:aws:iam::aws:policy/PowerUserAccess' }));
  await iam.send(new PutGroupPolicyCommand({ GroupName: 'admins', PolicyName: 'group-iam', PolicyDocument: IAM_READ }));
  await iam.send(new AttachGroupPolicyCommand({ GroupName: 'admins', PolicyArn: s3Read }));
  await iam.send(new AttachGroupPolicyCommand({ GroupName: 'admins', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
  await iam.send(new CreateRoleCommand({ RoleName: 'app', AssumeRolePolicyDocument: TRUST_EC2 }));
  await iam.send(new PutRolePolicyCommand({ RoleName: 'app', PolicyName: 'deny-ec2', PolicyDocument: DENY_EC2 }));
  await iam.send(new PutRolePolicyCommand({ RoleName: 'app', PolicyName: 'nothing', PolicyDocument: NO_SUCH_ACTION }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'app', PolicyArn: iamRead }));
  await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'app-profile' }));
  await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'app-profile', RoleName: 'app' }));
  await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' }));
  return { s3Read, iamRead };
}

const decoded = (text: string | undefined): unknown => JSON.parse(decodeURIComponent(text ?? ''));

describe('GetAccountAuthorizationDetails', () => {
  let l: IamLab;
  let arns: { readonly s3Read: string; readonly iamRead: string };
  before(async () => {
    l = await startIamLab();
    arns = await setUp(l);
  });
  after(async () => {
    await l.dispose();
  });

  it('lists every kind with the members AWS sends, documents URL-encoded', async () => {
    const all = await l.iam.send(new GetAccountAuthorizationDetailsCommand({}));
    assert.equal(all.IsTruncated, false);
    assert.equal(all.Marker, undefined);

    assert.deepEqual(
      all.UserDetailList?.map((u) => u.UserName),
      ['alice', 'bob'],
    );
    const alice = all.UserDetailList?.[0];
    assert.deepEqual(Object.keys(alice ?? {}).sort(), [
      'Arn',
      'AttachedManagedPolicies',
      'CreateDate',
      'GroupList',
      'Path',
      'PermissionsBoundary',
      'Tags',
      'UserId',
      'UserName',
      'UserPolicyList',
    ]);
    assert.deepEqual(alice?.GroupList, ['admins']);
    assert.deepEqual(alice?.Tags, [{ Key: 'team', Value: 'red' }]);
    assert.deepEqual(alice?.PermissionsBoundary, {
      PermissionsBoundaryType: 'Policy',
      PermissionsBoundaryArn: 'arn:aws:iam::aws:policy/PowerUserAccess',
    });
    assert.deepEqual(alice?.AttachedManagedPolicies, [{ PolicyName: 's3-read', PolicyArn: arns.s3Read }]);
    assert.equal(alice?.UserPolicyList?.[0]?.PolicyName, 'own');
    // The JS SDK leaves the document as IAM sends it: URL-encoded (aws-behaviour.md §2.2).
    assert.match(alice?.UserPolicyList?.[0]?.PolicyDocument ?? '', /^%7B%22Version%22/);
    assert.deepEqual(decoded(alice?.UserPolicyList?.[0]?.PolicyDocument), JSON.parse(ALL_BUT_IAM));
    const bob = all.UserDetailList?.[1];
    assert.deepEqual(Object.keys(bob ?? {}).sort(), [
      'Arn',
      'AttachedManagedPolicies',
      'CreateDate',
      'GroupList',
      'Path',
      'UserId',
      'UserName',
      'UserPolicyList',
    ]);
    assert.equal(bob?.Arn, `arn:aws:iam::${ACCOUNT}:user/staff/bob`);

    const group = all.GroupDetailList?.[0];
    assert.deepEqual(Object.keys(group ?? {}).sort(), [
      'Arn',
      'AttachedManagedPolicies',
      'CreateDate',
      'GroupId',
      'GroupName',
      'GroupPolicyList',
      'Path',
    ]);
    assert.deepEqual(
      group?.AttachedManagedPolicies?.map((p) => p.PolicyName),
      ['s3-read', 'ReadOnlyAccess'],
    );
    assert.deepEqual(decoded(group?.GroupPolicyList?.[0]?.PolicyDocument), JSON.parse(IAM_READ));

    assert.deepEqual(
      all.RoleDetailList?.map((r) => r.RoleName),
      ['app', 'AWSServiceRoleForECS'],
    );
    const app = all.RoleDetailList?.[0];
    assert.deepEqual(Object.keys(app ?? {}).sort(), [
      'Arn',
      'AssumeRolePolicyDocument',
      'AttachedManagedPolicies',
      'CreateDate',
      'InstanceProfileList',
      'Path',
      'RoleId',
      'RoleLastUsed',
      'RoleName',
      'RolePolicyList',
    ]);
    assert.deepEqual(decoded(app?.AssumeRolePolicyDocument), JSON.parse(TRUST_EC2));
    assert.deepEqual(
      app?.RolePolicyList?.map((p) => p.PolicyName),
      ['deny-ec2', 'nothing'],
    );
    const profile = app?.InstanceProfileList?.[0];
    assert.equal(profile?.InstanceProfileName, 'app-profile');
    assert.deepEqual(
      profile?.Roles?.map((r) => [r.RoleName, Object.keys(r).sort()]),
      [['app', ['Arn', 'AssumeRolePolicyDocument', 'CreateDate', 'Path', 'RoleId', 'RoleName']]],
    );
    const linked = all.RoleDetailList?.[1];
    assert.equal(linked?.Path, '/aws-service-role/ecs.amazonaws.com/');
    assert.deepEqual(linked?.InstanceProfileList, []);
    assert.deepEqual(
      linked?.AttachedManagedPolicies?.map((p) => p.PolicyName),
      ['AmazonECSServiceRolePolicy'],
    );

    // Customer managed policies, all of them, then the AWS managed ones in use (attached or a boundary).
    assert.deepEqual(
      all.Policies?.map((p) => p.PolicyName),
      ['iam-read', 's3-read', 'unused', 'AmazonECSServiceRolePolicy', 'PowerUserAccess', 'ReadOnlyAccess'],
    );
    const s3Read = all.Policies?.find((p) => p.PolicyName === 's3-read');
    assert.equal(s3Read?.AttachmentCount, 2);
    assert.equal(s3Read?.PermissionsBoundaryUsageCount, 0);
    assert.equal(s3Read?.Description, 'reads');
    assert.equal(s3Read?.DefaultVersionId, 'v1');
    assert.deepEqual(
      s3Read?.PolicyVersionList?.map((v) => [v.VersionId, v.IsDefaultVersion]),
      [
        ['v2', false],
        ['v1', true],
      ],
    );
    assert.deepEqual(decoded(s3Read?.PolicyVersionList?.[0]?.Document), JSON.parse(IAM_READ));
    const power = all.Policies?.find((p) => p.PolicyName === 'PowerUserAccess');
    assert.equal(power?.Arn, 'arn:aws:iam::aws:policy/PowerUserAccess');
    assert.equal(power?.AttachmentCount, 0);
    assert.equal(power?.PermissionsBoundaryUsageCount, 1);
    assert.deepEqual(
      power?.PolicyVersionList?.map((v) => [v.VersionId === power.DefaultVersionId, v.IsDefaultVersion]),
      [[true, true]],
    );
  });

  it('filters by kind', async () => {
    const names = (answer: GetAccountAuthorizationDetailsCommandOutput): unknown => ({
      users: answer.UserDetailList?.length,
      groups: answer.GroupDetailList?.length,
      roles: answer.RoleDetailList?.length,
      policies: answer.Policies?.map((p) => p.PolicyName),
    });
    assert.deepEqual(names(await l.iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role', 'Group'] }))), {
      users: 0,
      groups: 1,
      roles: 2,
      policies: [],
    });
    assert.deepEqual(names(await l.iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['LocalManagedPolicy'] }))), {
      users: 0,
      groups: 0,
      roles: 0,
      policies: ['iam-read', 's3-read', 'unused'],
    });
    assert.deepEqual(names(await l.iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['AWSManagedPolicy', 'User'] }))), {
      users: 2,
      groups: 0,
      roles: 0,
      policies: ['AmazonECSServiceRolePolicy', 'PowerUserAccess', 'ReadOnlyAccess'],
    });
    const bad = await failure(() => l.iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Users' as 'User'] })));
    assert.equal(bad.code, 'ValidationError');
  });

  it('pages across the lists with MaxItems and Marker', async () => {
    const seen: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const page = await l.iam.send(new GetAccountAuthorizationDetailsCommand({ MaxItems: 3, ...(marker === undefined ? {} : { Marker: marker }) }));
      pages += 1;
      const items = [
        ...(page.UserDetailList ?? []).map((u) => `user:${u.UserName}`),
        ...(page.GroupDetailList ?? []).map((g) => `group:${g.GroupName}`),
        ...(page.RoleDetailList ?? []).map((r) => `role:${r.RoleName}`),
        ...(page.Policies ?? []).map((p) => `policy:${p.PolicyName}`),
      ];
      assert.ok(items.length <= 3);
      seen.push(...items);
      marker = page.IsTruncated === true ? page.Marker : undefined;
      assert.equal(page.IsTruncated === true, page.Marker !== undefined);
    } while (marker !== undefined);
    assert.equal(pages, 4);
    assert.deepEqual(seen, [
      'user:alice',
      'user:bob',
      'group:admins',
      'role:app',
      'role:AWSServiceRoleForECS',
      'policy:iam-read',
      'policy:s3-read',
      'policy:unused',
      'policy:AmazonECSServiceRolePolicy',
      'policy:PowerUserAccess',
      'policy:ReadOnlyAccess',
    ]);
    assert.equal((await failure(() => l.iam.send(new GetAccountAuthorizationDetailsCommand({ Marker: 'not-a-marker!' })))).code, 'ValidationError');
  });

  it('the AWS CLI prints every document as JSON', { skip: awsCliVersion() === false ? SKIP_NO_AWS_CLI : false }, async () => {
    const answer = await awsCli(l.lab.endpoint, l.root, ['iam', 'get-account-authorization-details', '--filter', 'User', 'LocalManagedPolicy']);
    assert.equal(answer.code, 0, answer.stderr);
    const parsed = JSON.parse(answer.stdout) as {
      UserDetailList: { UserName: string; UserPolicyList: { PolicyDocument: unknown }[] }[];
      Policies: { PolicyName: string; PolicyVersionList: { Document: unknown }[] }[];
      RoleDetailList: unknown[];
    };
    assert.deepEqual(parsed.UserDetailList[0]?.UserPolicyList[0]?.PolicyDocument, JSON.parse(ALL_BUT_IAM));
    assert.deepEqual(parsed.Policies.find((p) => p.PolicyName === 'iam-read')?.PolicyVersionList[0]?.Document, JSON.parse(IAM_READ));
    assert.deepEqual(parsed.RoleDetailList, []);
  });
});

describe('ListPoliciesGrantingServiceAccess', () => {
  let l: IamLab;
  let arns: { readonly s3Read: string; readonly iamRead: string };
  before(async () => {
    l = await startIamLab();
    arns = await setUp(l);
  });
  after(async () => {
    await l.dispose();
  });

  const grants = async (arn: string, namespaces: string[]): Promise<unknown> =>
    (await l.iam.send(new ListPoliciesGrantingServiceAccessCommand({ Arn: arn, ServiceNamespaces: namespaces }))).PoliciesGrantingServiceAccess;

  it('for a user: its own policies and its groups’, managed ones with their ARN, inline ones with their owner', async () => {
    assert.deepEqual(await grants(`arn:aws:iam::${ACCOUNT}:user/alice`, ['s3', 'iam', 'ec2']), [
      {
        ServiceNamespace: 's3',
        Policies: [
          { PolicyName: 's3-read', PolicyType: 'MANAGED', PolicyArn: arns.s3Read },
          { PolicyName: 'ReadOnlyAccess', PolicyType: 'MANAGED', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
          { PolicyName: 'own', PolicyType: 'INLINE', EntityType: 'USER', EntityName: 'alice' },
        ],
      },
      {
        // NotAction iam:* leaves IAM out; the group's inline policy grants it.
        ServiceNamespace: 'iam',
        Policies: [
          { PolicyName: 'ReadOnlyAccess', PolicyType: 'MANAGED', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
          { PolicyName: 'group-iam', PolicyType: 'INLINE', EntityType: 'GROUP', EntityName: 'admins' },
        ],
      },
      {
        ServiceNamespace: 'ec2',
        Policies: [
          { PolicyName: 'ReadOnlyAccess', PolicyType: 'MANAGED', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
          { PolicyName: 'own', PolicyType: 'INLINE', EntityType: 'USER', EntityName: 'alice' },
        ],
      },
    ]);
  });

  it('for a group or a role: their own; a Deny or a pattern matching no action grants nothing', async () => {
    assert.deepEqual(await grants(`arn:aws:iam::${ACCOUNT}:group/admins`, ['iam']), [
      {
        ServiceNamespace: 'iam',
        Policies: [
          { PolicyName: 'ReadOnlyAccess', PolicyType: 'MANAGED', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
          { PolicyName: 'group-iam', PolicyType: 'INLINE', EntityType: 'GROUP', EntityName: 'admins' },
        ],
      },
    ]);
    assert.deepEqual(await grants(`arn:aws:iam::${ACCOUNT}:role/app`, ['ec2', 's3', 'iam', 'nosuchservice']), [
      { ServiceNamespace: 'ec2', Policies: [] },
      { ServiceNamespace: 's3', Policies: [] },
      { ServiceNamespace: 'iam', Policies: [{ PolicyName: 'iam-read', PolicyType: 'MANAGED', PolicyArn: arns.iamRead }] },
      { ServiceNamespace: 'nosuchservice', Policies: [] },
    ]);
  });

  it('refuses an ARN that is not a user, group or role, and a missing entity', async () => {
    assert.deepEqual(await failure(() => l.iam.send(new ListPoliciesGrantingServiceAccessCommand({ Arn: arns.s3Read, ServiceNamespaces: ['s3'] }))), {
      code: 'InvalidInput',
      status: 400,
      message: `Invalid Entity Arn: ${arns.s3Read}`,
    });
    assert.deepEqual(
      await failure(() =>
        l.iam.send(new ListPoliciesGrantingServiceAccessCommand({ Arn: `arn:aws:iam::${ACCOUNT}:role/gone`, ServiceNamespaces: ['s3'] })),
      ),
      { code: 'NoSuchEntity', status: 404, message: 'The role with name gone cannot be found.' },
    );
  });

  it('the AWS CLI', { skip: awsCliVersion() === false ? SKIP_NO_AWS_CLI : false }, async () => {
    const answer = await awsCli(l.lab.endpoint, l.root, [
      'iam',
      'list-policies-granting-service-access',
      '--arn',
      `arn:aws:iam::${ACCOUNT}:group/admins`,
      '--service-namespaces',
      'iam',
    ]);
    assert.equal(answer.code, 0, answer.stderr);
    assert.deepEqual(JSON.parse(answer.stdout), {
      PoliciesGrantingServiceAccess: [
        {
          ServiceNamespace: 'iam',
          Policies: [
            { PolicyName: 'ReadOnlyAccess', PolicyType: 'MANAGED', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
            { PolicyName: 'group-iam', PolicyType: 'INLINE', EntityType: 'GROUP', EntityName: 'admins' },
          ],
        },
      ],
      IsTruncated: false,
    });
  });
});

describe('GetHumanReadableSummary', () => {
  let l: IamLab;
  before(async () => {
    l = await startIamLab();
  });
  after(async () => {
    await l.dispose();
  });

  it('knows no delegation request, and summarises nothing else', async () => {
    const arn = `arn:aws:iam::${ACCOUNT}:delegation-request/0123456789abcdef0123`;
    assert.deepEqual(await failure(() => l.iam.send(new GetHumanReadableSummaryCommand({ EntityArn: arn }))), {
      code: 'NoSuchEntity',
      status: 404,
      message: 'The delegation request with id 0123456789abcdef0123 cannot be found.',
    });
    const role = `arn:aws:iam::${ACCOUNT}:role/app`;
    assert.deepEqual(await failure(() => l.iam.send(new GetHumanReadableSummaryCommand({ EntityArn: role }))), {
      code: 'InvalidInput',
      status: 400,
      message: `entity \`${role}\` is not a delegation request: only delegation requests have a summary`,
    });
  });
});
