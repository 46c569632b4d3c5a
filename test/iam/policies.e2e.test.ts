/** Managed policies, versions, attachments and AWS managed policies through the real gateway. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DetachGroupPolicyCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  GetAccountSummaryCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  ListAttachedRolePoliciesCommand,
  ListEntitiesForPolicyCommand,
  ListPoliciesCommand,
  ListPolicyVersionsCommand,
  SetDefaultPolicyVersionCommand,
} from '@aws-sdk/client-iam';
import { ALLOW_S3_READ, failure, startIamLab, TRUST_EC2 } from './iam-lab.js';
import type { IamLab } from './iam-lab.js';

const doc = (action: string): string => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });

describe('IAM managed policies', () => {
  let l: IamLab;
  before(async () => {
    l = await startIamLab();
  });
  after(async () => {
    await l.dispose();
  });

  it('CreatePolicy and GetPolicy; duplicate names; size quota 6144; malformed documents', async () => {
    const { Policy } = await l.iam.send(
      new CreatePolicyCommand({ PolicyName: 'Reader', Path: '/app/', PolicyDocument: ALLOW_S3_READ, Description: 'r' }),
    );
    assert.equal(Policy?.Arn, 'arn:aws:iam::123456789012:policy/app/Reader');
    assert.match(Policy?.PolicyId ?? '', /^ANPA[A-Z2-7]{17}$/);
    assert.equal(Policy?.DefaultVersionId, 'v1');
    assert.equal(Policy?.AttachmentCount, 0);
    assert.equal(Policy?.IsAttachable, true);
    const got = await l.iam.send(new GetPolicyCommand({ PolicyArn: Policy?.Arn }));
    assert.equal(got.Policy?.Description, 'r');
    assert.deepEqual(await failure(() => l.iam.send(new CreatePolicyCommand({ PolicyName: 'reader', PolicyDocument: ALLOW_S3_READ }))), {
      code: 'EntityAlreadyExists',
      status: 409,
      message: 'A policy called reader already exists. Duplicate names are not allowed.',
    });
    const huge = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${'b'.repeat(6200)}` }],
    });
    assert.deepEqual(await failure(() => l.iam.send(new CreatePolicyCommand({ PolicyName: 'huge', PolicyDocument: huge }))), {
      code: 'LimitExceeded',
      status: 409,
      message: 'Cannot exceed quota for PolicySize: 6144',
    });
    assert.deepEqual(await failure(() => l.iam.send(new CreatePolicyCommand({ PolicyName: 'bad', PolicyDocument: '{"Version":"2012-10-17"' }))), {
      code: 'MalformedPolicyDocument',
      status: 400,
      message: 'Syntax errors in policy.',
    });
    const missing = 'arn:aws:iam::123456789012:policy/nothing';
    assert.deepEqual(await failure(() => l.iam.send(new GetPolicyCommand({ PolicyArn: missing }))), {
      code: 'NoSuchEntity',
      status: 404,
      message: `Policy ${missing} was not found.`,
    });
  });

  it('versions: create (SetAsDefault), get, list, set default, delete, the 5-version limit', async () => {
    const { Policy } = await l.iam.send(new CreatePolicyCommand({ PolicyName: 'versioned', PolicyDocument: doc('s3:GetObject') }));
    const arn = Policy?.Arn ?? '';
    const v2 = await l.iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc('s3:PutObject'), SetAsDefault: true }));
    assert.deepEqual(
      { id: v2.PolicyVersion?.VersionId, def: v2.PolicyVersion?.IsDefaultVersion, doc: v2.PolicyVersion?.Document },
      { id: 'v2', def: true, doc: undefined },
    );
    for (const action of ['s3:A', 's3:B', 's3:C']) await l.iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc(action) }));
    assert.deepEqual(await failure(() => l.iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc('s3:D') }))), {
      code: 'LimitExceeded',
      status: 409,
      message: 'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.',
    });
    const listed = await l.iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }));
    assert.deepEqual(
      listed.Versions?.map((v) => [v.VersionId, v.IsDefaultVersion]),
      [
        ['v5', false],
        ['v4', false],
        ['v3', false],
        ['v2', true],
        ['v1', false],
      ],
    );
    const v1 = await l.iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }));
    assert.equal(decodeURIComponent(v1.PolicyVersion?.Document ?? ''), doc('s3:GetObject'));
    assert.deepEqual(await failure(() => l.iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v2' }))), {
      code: 'DeleteConflict',
      status: 409,
      message: 'Cannot delete the default version of a policy.',
    });
    await l.iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v5' }));
    assert.equal((await l.iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.DefaultVersionId, 'v5');
    await l.iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }));
    const v6 = await l.iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc('s3:E') }));
    assert.equal(v6.PolicyVersion?.VersionId, 'v6');
    assert.deepEqual(await failure(() => l.iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }))), {
      code: 'NoSuchEntity',
      status: 404,
      message: `Policy ${arn} version v1 does not exist or is not attachable.`,
    });
    assert.deepEqual(await failure(() => l.iam.send(new DeletePolicyCommand({ PolicyArn: arn }))), {
      code: 'DeleteConflict',
      status: 409,
      message:
        "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
    });
  });

  it('attachments: AttachmentCount, ListEntitiesForPolicy, DeletePolicy conflict, detach', async () => {
    const { Policy } = await l.iam.send(new CreatePolicyCommand({ PolicyName: 'shared', PolicyDocument: ALLOW_S3_READ }));
    const arn = Policy?.Arn ?? '';
    await l.iam.send(new CreateUserCommand({ UserName: 'pu' }));
    await l.iam.send(new CreateGroupCommand({ GroupName: 'pg' }));
    await l.iam.send(new CreateRoleCommand({ RoleName: 'pr', AssumeRolePolicyDocument: TRUST_EC2 }));
    await l.iam.send(new AttachUserPolicyCommand({ UserName: 'pu', PolicyArn: arn }));
    await l.iam.send(new AttachGroupPolicyCommand({ GroupName: 'pg', PolicyArn: arn }));
    await l.iam.send(new AttachRolePolicyCommand({ RoleName: 'pr', PolicyArn: arn }));
    await l.iam.send(new AttachRolePolicyCommand({ RoleName: 'pr', PolicyArn: arn }));
    assert.equal((await l.iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.AttachmentCount, 3);
    const entities = await l.iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn }));
    assert.deepEqual(
      entities.PolicyUsers?.map((u) => u.UserName),
      ['pu'],
    );
    assert.deepEqual(
      entities.PolicyGroups?.map((g) => g.GroupName),
      ['pg'],
    );
    assert.deepEqual(
      entities.PolicyRoles?.map((r) => r.RoleName),
      ['pr'],
    );
    const onlyRoles = await l.iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn, EntityFilter: 'Role' }));
    assert.deepEqual([onlyRoles.PolicyUsers, onlyRoles.PolicyRoles?.length], [[], 1]);
    assert.deepEqual(await failure(() => l.iam.send(new DeletePolicyCommand({ PolicyArn: arn }))), {
      code: 'DeleteConflict',
      status: 409,
      message: 'Cannot delete a policy attached to entities.',
    });
    const attached = await l.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'pr' }));
    assert.deepEqual(attached.AttachedPolicies, [{ PolicyName: 'shared', PolicyArn: arn }]);
    await l.iam.send(new DetachUserPolicyCommand({ UserName: 'pu', PolicyArn: arn }));
    await l.iam.send(new DetachGroupPolicyCommand({ GroupName: 'pg', PolicyArn: arn }));
    await l.iam.send(new DetachRolePolicyCommand({ RoleName: 'pr', PolicyArn: arn }));
    assert.deepEqual(await failure(() => l.iam.send(new DetachRolePolicyCommand({ RoleName: 'pr', PolicyArn: arn }))), {
      code: 'NoSuchEntity',
      status: 404,
      message: `Policy ${arn} was not found.`,
    });
    await l.iam.send(new DeletePolicyCommand({ PolicyArn: arn }));
    assert.equal((await failure(() => l.iam.send(new GetPolicyCommand({ PolicyArn: arn })))).code, 'NoSuchEntity');
  });

  it('at most 10 managed policies per role; a missing policy is not attachable', async () => {
    await l.iam.send(new CreateRoleCommand({ RoleName: 'many', AssumeRolePolicyDocument: TRUST_EC2 }));
    const arns: string[] = [];
    for (let i = 0; i < 11; i += 1) {
      arns.push((await l.iam.send(new CreatePolicyCommand({ PolicyName: `q${i}`, PolicyDocument: ALLOW_S3_READ }))).Policy?.Arn ?? '');
    }
    for (const arn of arns.slice(0, 10)) await l.iam.send(new AttachRolePolicyCommand({ RoleName: 'many', PolicyArn: arn }));
    assert.deepEqual(await failure(() => l.iam.send(new AttachRolePolicyCommand({ RoleName: 'many', PolicyArn: arns[10] }))), {
      code: 'LimitExceeded',
      status: 409,
      message: 'Cannot exceed quota for PoliciesPerRole: 10',
    });
    const missing = 'arn:aws:iam::aws:policy/service-role/ConfigRole';
    assert.deepEqual(await failure(() => l.iam.send(new AttachRolePolicyCommand({ RoleName: 'many', PolicyArn: missing }))), {
      code: 'NoSuchEntity',
      status: 404,
      message: `Policy ${missing} does not exist or is not attachable.`,
    });
  });

  it('AWS managed policies: get, versions, attach, list by scope; they cannot be changed', async () => {
    const arn = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
    const { Policy } = await l.iam.send(new GetPolicyCommand({ PolicyArn: arn }));
    assert.equal(Policy?.PolicyName, 'ReadOnlyAccess');
    assert.match(Policy?.PolicyId ?? '', /^ANPA[A-Z2-7]{17}$/);
    const version = await l.iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: Policy?.DefaultVersionId }));
    const document = JSON.parse(decodeURIComponent(version.PolicyVersion?.Document ?? '')) as { Statement: unknown[] };
    assert.ok(document.Statement.length > 0);
    await l.iam.send(new CreateUserCommand({ UserName: 'awsuser' }));
    await l.iam.send(new AttachUserPolicyCommand({ UserName: 'awsuser', PolicyArn: arn }));
    assert.equal((await l.iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.AttachmentCount, 1);
    const attachedOnly = await l.iam.send(new ListPoliciesCommand({ Scope: 'AWS', OnlyAttached: true }));
    assert.deepEqual(
      attachedOnly.Policies?.map((p) => p.Arn),
      [arn],
    );
    const awsPage = await l.iam.send(new ListPoliciesCommand({ Scope: 'AWS', MaxItems: 50 }));
    assert.equal(awsPage.Policies?.length, 50);
    assert.equal(awsPage.IsTruncated, true);
    const next = await l.iam.send(new ListPoliciesCommand({ Scope: 'AWS', MaxItems: 50, Marker: awsPage.Marker }));
    assert.notEqual(next.Policies?.[0]?.Arn, awsPage.Policies?.[49]?.Arn);
    const jobFunctions = await l.iam.send(new ListPoliciesCommand({ Scope: 'AWS', PathPrefix: '/job-function/' }));
    assert.ok((jobFunctions.Policies ?? []).every((p) => p.Path === '/job-function/'));
    assert.ok((jobFunctions.Policies ?? []).some((p) => p.PolicyName === 'ViewOnlyAccess'));
    const local = await l.iam.send(new ListPoliciesCommand({ Scope: 'Local', MaxItems: 1000 }));
    assert.ok((local.Policies ?? []).every((p) => p.Arn?.startsWith('arn:aws:iam::123456789012:policy/')));
    assert.deepEqual(await failure(() => l.iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: ALLOW_S3_READ }))), {
      code: 'NoSuchEntity',
      status: 404,
      message: `Policy ${arn} was not found.`,
    });
    // AWS managed policies are outside the account [O: LS-SNAP delete-managed-policy-error, aws-behaviour.md §10.10].
    assert.deepEqual(await failure(() => l.iam.send(new DeletePolicyCommand({ PolicyArn: arn }))), {
      code: 'AccessDenied',
      status: 403,
      message: 'Cannot delete policies outside your own account.',
    });
  });

  it('GetAccountSummary counts entities and reports quotas', async () => {
    const { SummaryMap } = await l.iam.send(new GetAccountSummaryCommand({}));
    assert.ok((SummaryMap?.['Users'] ?? 0) >= 2);
    assert.equal(SummaryMap?.['AttachedPoliciesPerRoleQuota'], 10);
    assert.equal(SummaryMap?.['AccountAccessKeysPresent'], 1);
  });
});
