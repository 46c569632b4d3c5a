/**
 * Validate, then authorise (aws-behaviour.md §10.2): a request whose parameters are malformed fails with the
 * service's validation error whoever sends it — a user with no permission at all, or one allowed `*` — before
 * any policy is evaluated; the same caller gets AccessDenied for a well-formed request.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateAccountAliasCommand,
  CreateLoginProfileCommand,
  CreateRoleCommand,
  CreateServiceLinkedRoleCommand,
  CreateUserCommand,
  DetachGroupPolicyCommand,
  GetHumanReadableSummaryCommand,
  GetPolicyCommand,
  GetServiceLinkedRoleDeletionStatusCommand,
  ListPoliciesGrantingServiceAccessCommand,
  PutRolePermissionsBoundaryCommand,
  PutUserPolicyCommand,
  SimulatePrincipalPolicyCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { failure, startIamLab, TRUST_EC2 } from './iam-lab.js';
import type { IamLab } from './iam-lab.js';

interface Keys {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/**
 * A PolicyArn that is not an ARN (aws-behaviour.md §10.8): by default AWS's 2025 text, which the held-out AWS
 * recordings show; `IAMLAB_IAM_INVALID_ARN_TEXT=not-valid` gives its February 2026 one.
 */
const unparsable = (_arn: string): { code: string; status: number; message: string } => ({
  code: 'ValidationError',
  status: 400,
  message: 'Invalid ARN:  Could not be parsed!',
});

describe('validation comes before authorization', () => {
  let l: IamLab;
  const callers: Record<'nobody' | 'star', Keys> = {
    nobody: { accessKeyId: '', secretAccessKey: '' },
    star: { accessKeyId: '', secretAccessKey: '' },
  };

  before(async () => {
    l = await startIamLab();
    for (const name of ['nobody', 'star'] as const) {
      await l.iam.send(new CreateUserCommand({ UserName: name }));
      const { AccessKey } = await l.iam.send(new CreateAccessKeyCommand({ UserName: name }));
      callers[name] = { accessKeyId: AccessKey?.AccessKeyId ?? '', secretAccessKey: AccessKey?.SecretAccessKey ?? '' };
    }
    const everything = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    await l.iam.send(new PutUserPolicyCommand({ UserName: 'star', PolicyName: 'all', PolicyDocument: everything }));
    await l.iam.send(new CreateRoleCommand({ RoleName: 'app', AssumeRolePolicyDocument: TRUST_EC2 }));
  });
  after(async () => {
    await l.dispose();
  });

  for (const who of ['nobody', 'star'] as const) {
    it(`IAM ARN parameters are checked first, for a caller with ${who === 'nobody' ? 'no permission' : 'Action *'}`, async () => {
      const iam = l.client(callers[who]);
      assert.deepEqual(
        await failure(() => iam.send(new AttachRolePolicyCommand({ RoleName: 'app', PolicyArn: 'longpolicynamebutnoarn' }))),
        unparsable('longpolicynamebutnoarn'),
      );
      assert.deepEqual(
        await failure(() => iam.send(new AttachUserPolicyCommand({ UserName: 'ghost', PolicyArn: 'longpolicynamebutnoarn' }))),
        unparsable('longpolicynamebutnoarn'),
      );
      assert.deepEqual(
        await failure(() => iam.send(new DetachGroupPolicyCommand({ GroupName: 'ghost', PolicyArn: 'arn:aws:iam::123456789012' }))),
        unparsable('arn:aws:iam::123456789012'),
      );
      assert.deepEqual(
        await failure(() => iam.send(new GetPolicyCommand({ PolicyArn: 'not-an-arn-at-all-really' }))),
        unparsable('not-an-arn-at-all-really'),
      );
      // A policy's name where its ARN belongs.
      assert.deepEqual(
        await failure(() => iam.send(new AttachUserPolicyCommand({ UserName: 'ghost', PolicyArn: 'my-policy-name-without-arn' }))),
        unparsable('my-policy-name-without-arn'),
      );
      const boundary = 'arn:aws:iam::123456789012:not_a_policy/invalid';
      assert.deepEqual(await failure(() => iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'app', PermissionsBoundary: boundary }))), {
        code: 'InvalidInput',
        status: 400,
        message: `ARN ${boundary} is not valid.`,
      });
      const session = 'arn:aws:sts::123456789012:assumed-role/app/s';
      assert.deepEqual(
        await failure(() => iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: session, ActionNames: ['s3:GetObject'] }))),
        {
          code: 'InvalidInput',
          status: 400,
          message: `Invalid Entity Arn: ${session}`,
        },
      );
      // IAM checks paths itself, with its own text (aws-behaviour.md §10.10).
      assert.deepEqual(await failure(() => iam.send(new CreateUserCommand({ UserName: 'pathless', Path: 'no-slashes' }))), {
        code: 'ValidationError',
        status: 400,
        message:
          'The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.',
      });
      // So it does account aliases (aws-behaviour.md §12.1).
      assert.deepEqual(await failure(() => iam.send(new CreateAccountAliasCommand({ AccountAlias: 'Not_An_Alias' }))), {
        code: 'ValidationError',
        status: 400,
        message:
          'The specified value for accountAlias is invalid. It must be a minimum length of 3 characters and maximum length of 63 characters, contain only digits, lowercase letters, and hyphens (-), but cannot begin or end with a hyphen.',
      });
      // A password is required of every caller but an AssumeRoot session (§12.1).
      assert.deepEqual(await failure(() => iam.send(new CreateLoginProfileCommand({ UserName: 'ghost' }))), {
        code: 'ValidationError',
        status: 400,
        message: "1 validation error detected: Value null at 'password' failed to satisfy constraint: Member must not be null",
      });
      // Model constraints are checked even earlier: IAM's Coral text carries no value.
      assert.deepEqual(await failure(() => iam.send(new CreateUserCommand({ UserName: 'bad name' }))), {
        code: 'ValidationError',
        status: 400,
        message:
          "1 validation error detected: Value at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
      });
      iam.destroy();
    });

    it(`service-linked roles' and authorization details' inputs are checked first, for a caller with ${who === 'nobody' ? 'no permission' : 'Action *'}`, async () => {
      const iam = l.client(callers[who]);
      const invalid = (message: string): { code: string; status: number; message: string } => ({ code: 'InvalidInput', status: 400, message });
      // aws-behaviour.md §12.4.
      assert.deepEqual(
        await failure(() => iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'nothing.amazonaws.com' }))),
        invalid('Unrecognized service principal: nothing.amazonaws.com'),
      );
      assert.deepEqual(
        await failure(() => iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com', CustomSuffix: 'x' }))),
        invalid('Custom suffix is not allowed for ecs.amazonaws.com'),
      );
      assert.equal(
        (await failure(() => iam.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId: 'task/nothing' })))).code,
        'InvalidInput',
      );
      assert.deepEqual(
        await failure(() => iam.send(new CreateRoleCommand({ RoleName: 'x', Path: '/aws-service-role/x/', AssumeRolePolicyDocument: TRUST_EC2 }))),
        invalid("Path prefix '/aws-service-role/' can only be used for AWS Service linked Roles"),
      );
      const policyArn = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
      assert.deepEqual(
        await failure(() => iam.send(new ListPoliciesGrantingServiceAccessCommand({ Arn: policyArn, ServiceNamespaces: ['s3'] }))),
        invalid(`Invalid Entity Arn: ${policyArn}`),
      );
      assert.equal((await failure(() => iam.send(new GetHumanReadableSummaryCommand({ EntityArn: policyArn })))).code, 'InvalidInput');
      iam.destroy();
    });

    it(`AssumeRole's RoleArn is checked first, for a caller with ${who === 'nobody' ? 'no permission' : 'Action *'}`, async () => {
      const sts = new STSClient({ endpoint: l.lab.endpoint, region: 'us-east-1', credentials: callers[who], maxAttempts: 1 });
      for (const roleArn of [
        'nothing-valid-in-here',
        'arn::b:::something/test-role',
        'arn:a::::something/test-role',
        'arn:a:::something/test-role',
        'arn:a:a::aaaaaaaaaa:',
      ]) {
        assert.deepEqual(await failure(() => sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'Session1' }))), {
          code: 'ValidationError',
          status: 400,
          message: `${roleArn} is invalid`,
        });
      }
      // The session name's pattern is a model constraint, reported before the ARN (STS's Coral shows the value).
      assert.deepEqual(
        await failure(() => sts.send(new AssumeRoleCommand({ RoleArn: 'arn:a:b:::something/test-role', RoleSessionName: 'Session1:2' }))),
        {
          code: 'ValidationError',
          status: 400,
          message:
            "1 validation error detected: Value 'Session1:2' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
        },
      );
      sts.destroy();
    });
  }

  it('a well-formed request from the caller without permissions is then denied', async () => {
    const iam = l.client(callers.nobody);
    const denied = await failure(() =>
      iam.send(new AttachRolePolicyCommand({ RoleName: 'app', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' })),
    );
    assert.equal(denied.code, 'AccessDenied');
    assert.equal(denied.status, 403);
    assert.equal((await failure(() => iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' })))).code, 'AccessDenied');
    iam.destroy();
  });
});

describe('IAMLAB_IAM_INVALID_ARN_TEXT', () => {
  it("not-valid: a PolicyArn that is not an ARN gets AWS's February 2026 text, ARN <value> is not valid.", async () => {
    const l = await startIamLab({ env: { IAMLAB_IAM_INVALID_ARN_TEXT: 'not-valid' } });
    try {
      await l.iam.send(new CreateRoleCommand({ RoleName: 'app', AssumeRolePolicyDocument: TRUST_EC2 }));
      assert.deepEqual(await failure(() => l.iam.send(new AttachRolePolicyCommand({ RoleName: 'app', PolicyArn: 'longpolicynamebutnoarn' }))), {
        code: 'ValidationError',
        status: 400,
        message: 'ARN longpolicynamebutnoarn is not valid.',
      });
    } finally {
      await l.dispose();
    }
  });
});
