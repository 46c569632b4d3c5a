/** IAM state survives a lab restart; the AWS CLI prints a role's trust policy as a JSON object. */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  AddRoleToInstanceProfileCommand,
  AddUserToGroupCommand,
  AttachRolePolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateInstanceProfileCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetGroupCommand,
  GetInstanceProfileCommand,
  GetPolicyCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { awsCli, awsCliVersion, SKIP_NO_AWS_CLI } from '../support/clients.js';
import { ALLOW_S3_READ, startIamLab, TRUST_EC2 } from './iam-lab.js';

describe('IAM persistence and the AWS CLI', () => {
  it('every kind of IAM state survives a restart, and IAM-created keys authenticate after it', async () => {
    const first = await startIamLab({ keepData: true });
    const { dataDir } = first;
    let key: { accessKeyId: string; secretAccessKey: string };
    try {
      const { iam } = first;
      await iam.send(new CreateUserCommand({ UserName: 'persisted' }));
      const created = await iam.send(new CreateAccessKeyCommand({ UserName: 'persisted' }));
      key = { accessKeyId: created.AccessKey?.AccessKeyId ?? '', secretAccessKey: created.AccessKey?.SecretAccessKey ?? '' };
      await iam.send(new CreateGroupCommand({ GroupName: 'g' }));
      await iam.send(new AddUserToGroupCommand({ GroupName: 'g', UserName: 'persisted' }));
      await iam.send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: TRUST_EC2 }));
      await iam.send(new PutRolePolicyCommand({ RoleName: 'r', PolicyName: 'inline', PolicyDocument: ALLOW_S3_READ }));
      const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: 'm', PolicyDocument: ALLOW_S3_READ }));
      await iam.send(new CreatePolicyVersionCommand({ PolicyArn: Policy?.Arn, PolicyDocument: ALLOW_S3_READ, SetAsDefault: true }));
      await iam.send(new AttachRolePolicyCommand({ RoleName: 'r', PolicyArn: Policy?.Arn }));
      await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'ip' }));
      await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'ip', RoleName: 'r' }));
    } finally {
      await first.dispose();
    }
    const second = await startIamLab({ dataDir });
    try {
      const { iam } = second;
      assert.deepEqual(
        (await iam.send(new GetGroupCommand({ GroupName: 'g' }))).Users?.map((u) => u.UserName),
        ['persisted'],
      );
      assert.equal(
        decodeURIComponent((await iam.send(new GetRolePolicyCommand({ RoleName: 'r', PolicyName: 'inline' }))).PolicyDocument ?? ''),
        ALLOW_S3_READ,
      );
      const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'r' }));
      assert.deepEqual(
        attached.AttachedPolicies?.map((p) => p.PolicyName),
        ['m'],
      );
      const policy = await iam.send(new GetPolicyCommand({ PolicyArn: attached.AttachedPolicies?.[0]?.PolicyArn }));
      assert.deepEqual([policy.Policy?.DefaultVersionId, policy.Policy?.AttachmentCount], ['v2', 1]);
      const profile = await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'ip' }));
      assert.deepEqual(
        profile.InstanceProfile?.Roles?.map((r) => r.RoleName),
        ['r'],
      );
      const sts = new STSClient({ endpoint: second.lab.endpoint, region: 'us-east-1', credentials: key, maxAttempts: 1 });
      assert.equal((await sts.send(new GetCallerIdentityCommand({}))).Arn, 'arn:aws:iam::123456789012:user/persisted');
    } finally {
      await second.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('aws iam get-role prints the trust policy as a JSON object (botocore URL-decodes it)', async (t) => {
    if (awsCliVersion() === false) return t.skip(SKIP_NO_AWS_CLI);
    const l = await startIamLab();
    try {
      const trust = JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'ec2.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: { StringEquals: { 'sts:ExternalId': 'a b+c&d' } },
          },
        ],
      });
      await l.iam.send(new CreateRoleCommand({ RoleName: 'cli-role', AssumeRolePolicyDocument: trust }));
      const result = await awsCli(l.lab.endpoint, l.root, ['iam', 'get-role', '--role-name', 'cli-role']);
      assert.equal(result.code, 0, result.stderr);
      const out = JSON.parse(result.stdout) as { Role: { RoleName: string; AssumeRolePolicyDocument: unknown } };
      assert.equal(out.Role.RoleName, 'cli-role');
      assert.deepEqual(out.Role.AssumeRolePolicyDocument, JSON.parse(trust));
      const missing = await awsCli(l.lab.endpoint, l.root, ['iam', 'get-role', '--role-name', 'nope']);
      assert.notEqual(missing.code, 0);
      assert.match(
        missing.stderr,
        /An error occurred \(NoSuchEntity\) when calling the GetRole operation: The role with name nope cannot be found\./,
      );
    } finally {
      await l.dispose();
    }
  });
});
