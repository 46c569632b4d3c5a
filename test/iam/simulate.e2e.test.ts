/** The policy simulator end to end: @aws-sdk/client-iam and the AWS CLI against a lab. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetContextKeysForCustomPolicyCommand,
  GetContextKeysForPrincipalPolicyCommand,
  PutGroupPolicyCommand,
  PutRolePermissionsBoundaryCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  SimulateCustomPolicyCommand,
  SimulatePrincipalPolicyCommand,
} from '@aws-sdk/client-iam';
import type { EvaluationResult } from '@aws-sdk/client-iam';
import { awsCli, awsCliVersion, SKIP_NO_AWS_CLI } from '../support/clients.js';
import { failure, startIamLab, TRUST_EC2 } from './iam-lab.js';
import type { IamLab } from './iam-lab.js';

const ACCOUNT = '123456789012';
const arn = (resource: string): string => `arn:aws:iam::${ACCOUNT}:${resource}`;
const doc = (...statements: object[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statements });

/** Alice's inline policy as a person writes it: two statements over several lines (2-space indent). */
const ALICE_INLINE = JSON.stringify(
  {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Read', Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: '*' },
      { Sid: 'Tagged', Effect: 'Allow', Action: 'ec2:StopInstances', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/env': 'dev' } } },
    ],
  },
  null,
  2,
);

/** The AWS CLI example document (awscli examples/iam/simulate-custom-policy.rst). */
const CLI_EXAMPLE =
  '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2018-08-16T12:00:00Z"}}}}';

const summary = (r: EvaluationResult | undefined): unknown => [
  r?.EvalActionName,
  r?.EvalDecision,
  (r?.MatchedStatements ?? []).map((s) => `${s.SourcePolicyType}:${s.SourcePolicyId}`),
];

describe('IAM policy simulator', () => {
  let l: IamLab;
  before(async () => {
    l = await startIamLab();
    const { iam } = l;
    await iam.send(new CreateUserCommand({ UserName: 'alice' }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'AliceInline', PolicyDocument: ALICE_INLINE }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' }));
    await iam.send(new CreateGroupCommand({ GroupName: 'devs' }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'devs', UserName: 'alice' }));
    await iam.send(
      new PutGroupPolicyCommand({
        GroupName: 'devs',
        PolicyName: 'NoDeletes',
        PolicyDocument: doc({ Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' }, { Effect: 'Allow', Action: 's3:*', Resource: '*' }),
      }),
    );
    const { Policy } = await iam.send(
      new CreatePolicyCommand({ PolicyName: 'QueueSend', PolicyDocument: doc({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }) }),
    );
    await iam.send(new AttachGroupPolicyCommand({ GroupName: 'devs', PolicyArn: Policy?.Arn }));
    await iam.send(new CreateRoleCommand({ RoleName: 'bounded', AssumeRolePolicyDocument: TRUST_EC2 }));
    await iam.send(
      new PutRolePolicyCommand({ RoleName: 'bounded', PolicyName: 'AllS3', PolicyDocument: doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) }),
    );
    const boundary = await iam.send(
      new CreatePolicyCommand({ PolicyName: 'ReadBoundary', PolicyDocument: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }) }),
    );
    await iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'bounded', PermissionsBoundary: boundary.Policy?.Arn }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'bounded', PolicyArn: Policy?.Arn }));
  });
  after(async () => {
    await l.dispose();
  });

  it('a user: allowed, implicit and explicit deny, with the deciding policies of the user and its groups', async () => {
    const { EvaluationResults } = await l.iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: arn('user/alice'),
        ActionNames: ['s3:ListBucket', 's3:DeleteObject', 'sqs:SendMessage', 'iam:CreateUser'],
      }),
    );
    assert.deepEqual(EvaluationResults?.map(summary), [
      ['s3:ListBucket', 'allowed', ['IAM Policy:user_alice_AliceInline', 'IAM Policy:AmazonS3ReadOnlyAccess', 'IAM Policy:group_devs_NoDeletes']],
      ['s3:DeleteObject', 'explicitDeny', ['IAM Policy:group_devs_NoDeletes']],
      ['sqs:SendMessage', 'allowed', ['IAM Policy:QueueSend']],
      ['iam:CreateUser', 'implicitDeny', []],
    ]);
    assert.equal(EvaluationResults?.[0]?.EvalResourceName, '*');
    assert.equal(EvaluationResults?.[0]?.ResourceSpecificResults, undefined);
    assert.equal(EvaluationResults?.[0]?.EvalDecisionDetails, undefined);
  });

  it('statement positions come from the submitted multi-line text', async () => {
    const { EvaluationResults } = await l.iam.send(
      new SimulatePrincipalPolicyCommand({ PolicySourceArn: arn('user/alice'), ActionNames: ['s3:GetObject'] }),
    );
    const inline = EvaluationResults?.[0]?.MatchedStatements?.find((s) => s.SourcePolicyId === 'user_alice_AliceInline');
    // ALICE_INLINE: statement 1 opens on line 4 at column 5 and closes on line 12 at column 5.
    assert.equal(ALICE_INLINE.split('\n')[3], '    {');
    assert.equal(ALICE_INLINE.split('\n')[11], '    },');
    assert.deepEqual(inline, {
      SourcePolicyId: 'user_alice_AliceInline',
      SourcePolicyType: 'IAM Policy',
      StartPosition: { Line: 4, Column: 6 },
      EndPosition: { Line: 12, Column: 6 },
    });
  });

  it('conditions: context entries decide, and keys the policies use but the request lacks are reported', async () => {
    const tagged = (value?: string) =>
      l.iam.send(
        new SimulatePrincipalPolicyCommand({
          PolicySourceArn: arn('user/alice'),
          ActionNames: ['ec2:StopInstances'],
          ...(value === undefined
            ? {}
            : { ContextEntries: [{ ContextKeyName: 'aws:ResourceTag/env', ContextKeyValues: [value], ContextKeyType: 'string' }] }),
        }),
      );
    const dev = (await tagged('dev')).EvaluationResults?.[0];
    assert.deepEqual([dev?.EvalDecision, dev?.MissingContextValues], ['allowed', []]);
    const prod = (await tagged('prod')).EvaluationResults?.[0];
    assert.deepEqual([prod?.EvalDecision, prod?.MatchedStatements], ['implicitDeny', []]);
    const none = (await tagged()).EvaluationResults?.[0];
    assert.deepEqual([none?.EvalDecision, none?.MissingContextValues], ['implicitDeny', ['aws:ResourceTag/env']]);
    const keys = await l.iam.send(new GetContextKeysForPrincipalPolicyCommand({ PolicySourceArn: arn('user/alice') }));
    assert.deepEqual(keys.ContextKeyNames, ['aws:ResourceTag/env']);
  });

  it('a role: its permissions boundary, and a boundary passed in the request instead', async () => {
    const { EvaluationResults } = await l.iam.send(
      new SimulatePrincipalPolicyCommand({ PolicySourceArn: arn('role/bounded'), ActionNames: ['s3:GetObject', 's3:PutObject'] }),
    );
    assert.deepEqual(EvaluationResults?.map(summary), [
      ['s3:GetObject', 'allowed', ['IAM Policy:role_bounded_AllS3', 'IAM Policy:ReadBoundary']],
      ['s3:PutObject', 'implicitDeny', []],
    ]);
    assert.deepEqual(
      EvaluationResults?.map((r) => r.PermissionsBoundaryDecisionDetail?.AllowedByPermissionsBoundary),
      [true, false],
    );
    const replaced = await l.iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: arn('role/bounded'),
        ActionNames: ['s3:PutObject'],
        PermissionsBoundaryPolicyInputList: [doc({ Effect: 'Allow', Action: 's3:Put*', Resource: '*' })],
      }),
    );
    assert.deepEqual(replaced.EvaluationResults?.map(summary), [
      ['s3:PutObject', 'allowed', ['IAM Policy:role_bounded_AllS3', 'IAM Policy:PermissionsBoundaryPolicyInputList.1']],
    ]);
  });

  it('a group as the source, with an extra PolicyInputList document', async () => {
    const { EvaluationResults } = await l.iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: arn('group/devs'),
        ActionNames: ['sqs:SendMessage', 'sns:Publish'],
        PolicyInputList: [doc({ Effect: 'Allow', Action: 'sns:Publish', Resource: '*' })],
      }),
    );
    assert.deepEqual(EvaluationResults?.map(summary), [
      ['sqs:SendMessage', 'allowed', ['IAM Policy:QueueSend']],
      ['sns:Publish', 'allowed', ['IAM Policy:PolicyInputList.1']],
    ]);
  });

  it('SimulateCustomPolicy answers the AWS CLI example as documented', async () => {
    const simulateAt = (time: string) =>
      l.iam.send(
        new SimulateCustomPolicyCommand({
          PolicyInputList: [CLI_EXAMPLE],
          ActionNames: ['dynamodb:CreateBackup'],
          ContextEntries: [{ ContextKeyName: 'aws:CurrentTime', ContextKeyValues: [time], ContextKeyType: 'date' }],
        }),
      );
    const allowed = (await simulateAt('2019-04-25T11:00:00Z')).EvaluationResults?.[0];
    assert.deepEqual(allowed, {
      EvalActionName: 'dynamodb:CreateBackup',
      EvalResourceName: '*',
      EvalDecision: 'allowed',
      MatchedStatements: [
        {
          SourcePolicyId: 'PolicyInputList.1',
          SourcePolicyType: 'IAM Policy',
          StartPosition: { Line: 1, Column: 38 },
          EndPosition: { Line: 1, Column: 167 },
        },
      ],
      MissingContextValues: [],
    });
    const denied = (await simulateAt('2014-04-25T11:00:00Z')).EvaluationResults?.[0];
    assert.deepEqual([denied?.EvalDecision, denied?.MatchedStatements], ['implicitDeny', []]);
    const keys = await l.iam.send(new GetContextKeysForCustomPolicyCommand({ PolicyInputList: [CLI_EXAMPLE] }));
    assert.deepEqual(keys.ContextKeyNames, ['aws:CurrentTime']);
  });

  it('several resources: one result per action, each resource in ResourceSpecificResults', async () => {
    const { EvaluationResults } = await l.iam.send(
      new SimulateCustomPolicyCommand({
        PolicyInputList: [doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::open/*' })],
        ActionNames: ['s3:GetObject'],
        ResourceArns: ['arn:aws:s3:::open/a', 'arn:aws:s3:::closed/a'],
      }),
    );
    assert.equal(EvaluationResults?.length, 1);
    const [result] = EvaluationResults ?? [];
    assert.equal(result?.EvalDecision, 'implicitDeny');
    assert.deepEqual(
      result?.ResourceSpecificResults?.map((r) => [r.EvalResourceName, r.EvalResourceDecision, r.MatchedStatements?.length]),
      [
        ['arn:aws:s3:::open/a', 'allowed', 1],
        ['arn:aws:s3:::closed/a', 'implicitDeny', 0],
      ],
    );
  });

  it('resource policies: a bucket policy naming the caller allows on its own; across accounts both sides must allow', async () => {
    const bucketPolicy = (principal: string) =>
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::shared/*' }],
      });
    const sameAccount = await l.iam.send(
      new SimulateCustomPolicyCommand({
        PolicyInputList: [doc({ Effect: 'Allow', Action: 'sqs:*', Resource: '*' })],
        ActionNames: ['s3:GetObject'],
        ResourceArns: ['arn:aws:s3:::shared/report'],
        ResourcePolicy: bucketPolicy(arn('user/alice')),
        CallerArn: arn('user/alice'),
      }),
    );
    assert.deepEqual(sameAccount.EvaluationResults?.map(summary), [['s3:GetObject', 'allowed', ['Resource Policy:ResourcePolicy']]]);
    assert.deepEqual(sameAccount.EvaluationResults?.[0]?.EvalDecisionDetails, {});
    const crossAccount = await l.iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: arn('user/alice'),
        ActionNames: ['s3:GetObject'],
        ResourceArns: ['arn:aws:s3:::shared/report'],
        ResourcePolicy: bucketPolicy('arn:aws:iam::999999999999:root'),
        ResourceOwner: 'arn:aws:iam::999999999999:root',
      }),
    );
    const [result] = crossAccount.EvaluationResults ?? [];
    assert.equal(result?.EvalDecision, 'implicitDeny');
    assert.deepEqual(result?.EvalDecisionDetails, { 'IAM Policy': 'allowed', 'Resource Policy': 'implicitDeny' });
    assert.deepEqual(
      await failure(() =>
        l.iam.send(
          new SimulateCustomPolicyCommand({
            PolicyInputList: [doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' })],
            ActionNames: ['s3:GetObject'],
            ResourcePolicy: bucketPolicy('*'),
          }),
        ),
      ).then((f) => f.code),
      'InvalidInput',
    );
  });

  it('errors: unknown principal, a non-entity ARN, a resource owner that is not an account ARN, a malformed document', async () => {
    assert.deepEqual(
      await failure(() => l.iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: arn('user/nobody'), ActionNames: ['s3:GetObject'] }))),
      {
        code: 'NoSuchEntity',
        status: 404,
        message: 'The user with name nobody cannot be found.',
      },
    );
    const session = `arn:aws:sts::${ACCOUNT}:assumed-role/bounded/s`;
    assert.deepEqual(
      await failure(() => l.iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: session, ActionNames: ['s3:GetObject'] }))),
      {
        code: 'InvalidInput',
        status: 400,
        message: `Invalid Entity Arn: ${session}`,
      },
    );
    const owner = await failure(() =>
      l.iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: arn('user/alice'), ActionNames: ['s3:GetObject'], ResourceOwner: ACCOUNT })),
    );
    assert.deepEqual([owner.code, owner.message], ['InvalidInput', `'${ACCOUNT}' is not a valid as a Resource Owner.`]);
    const malformed = await failure(() =>
      l.iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: ['{"Version":"2012-10-17"'], ActionNames: ['s3:GetObject'] })),
    );
    assert.deepEqual([malformed.code, malformed.status, malformed.message], ['MalformedPolicyDocument', 400, 'Syntax errors in policy.']);
  });

  it('pagination: MaxItems and Marker walk the results', async () => {
    const input = { PolicySourceArn: arn('user/alice'), ActionNames: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], MaxItems: 2 };
    const first = await l.iam.send(new SimulatePrincipalPolicyCommand(input));
    assert.deepEqual([first.EvaluationResults?.map((r) => r.EvalActionName), first.IsTruncated], [['s3:GetObject', 's3:PutObject'], true]);
    const second = await l.iam.send(new SimulatePrincipalPolicyCommand({ ...input, Marker: first.Marker }));
    assert.deepEqual(
      [second.EvaluationResults?.map((r) => r.EvalActionName), second.IsTruncated, second.Marker],
      [['s3:DeleteObject'], false, undefined],
    );
  });

  it('authorization: a user needs iam:SimulatePrincipalPolicy on the policy source', async () => {
    await l.iam.send(new CreateUserCommand({ UserName: 'auditor' }));
    await l.iam.send(
      new PutUserPolicyCommand({
        UserName: 'auditor',
        PolicyName: 'Sim',
        PolicyDocument: doc({ Effect: 'Allow', Action: 'iam:SimulatePrincipalPolicy', Resource: arn('role/*') }),
      }),
    );
    const { AccessKey } = await l.iam.send(new CreateAccessKeyCommand({ UserName: 'auditor' }));
    const auditor = l.client({ accessKeyId: AccessKey?.AccessKeyId ?? '', secretAccessKey: AccessKey?.SecretAccessKey ?? '' });
    const onRole = await auditor.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: arn('role/bounded'), ActionNames: ['s3:GetObject'] }));
    assert.equal(onRole.EvaluationResults?.[0]?.EvalDecision, 'allowed');
    const onUser = await failure(() =>
      auditor.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: arn('user/alice'), ActionNames: ['s3:GetObject'] })),
    );
    assert.equal(onUser.code, 'AccessDenied');
    assert.match(onUser.message, /iam:SimulatePrincipalPolicy on resource: arn:aws:iam::123456789012:user\/alice/);
    auditor.destroy();
  });

  it('the AWS CLI runs simulate-custom-policy', async (t) => {
    if (awsCliVersion() === false) {
      t.skip(SKIP_NO_AWS_CLI);
      return;
    }
    const result = await awsCli(l.lab.endpoint, l.root, [
      'iam',
      'simulate-custom-policy',
      '--policy-input-list',
      CLI_EXAMPLE,
      '--action-names',
      'dynamodb:CreateBackup',
      '--context-entries',
      "ContextKeyName='aws:CurrentTime',ContextKeyValues='2019-04-25T11:00:00Z',ContextKeyType=date",
    ]);
    assert.equal(result.code, 0, result.stderr);
    const output = JSON.parse(result.stdout) as { EvaluationResults: EvaluationResult[] };
    assert.deepEqual(output.EvaluationResults.map(summary), [['dynamodb:CreateBackup', 'allowed', ['IAM Policy:PolicyInputList.1']]]);
    assert.deepEqual(output.EvaluationResults[0]?.MatchedStatements?.[0]?.StartPosition, { Line: 1, Column: 38 });
    assert.deepEqual(output.EvaluationResults[0]?.MissingContextValues, []);
  });
});
