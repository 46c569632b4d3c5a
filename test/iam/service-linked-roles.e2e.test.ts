/**
 * Service-linked roles through the real gateway (aws-behaviour.md §12.4): the roles AWS recorded (LocalStack's
 * snapshots of March 2025: name, path, trust policy, attached policy, CustomSuffix), the deletion task on the virtual
 * clock, what IAM refuses about such a role, the `iam:AWSServiceName` condition key, a restart, and the AWS CLI.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AttachRolePolicyCommand,
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateServiceLinkedRoleCommand,
  CreateUserCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DeleteServiceLinkedRoleCommand,
  DetachRolePolicyCommand,
  GetRoleCommand,
  GetServiceLinkedRoleDeletionStatusCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  TagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
  UpdateRoleDescriptionCommand,
} from '@aws-sdk/client-iam';
import { awsCli, awsCliVersion, SKIP_NO_AWS_CLI } from '../support/clients.js';
import { ALLOW_S3_READ, failure, startIamLab, TRUST_EC2 } from './iam-lab.js';
import type { IamLab } from './iam-lab.js';

const trustOf = (principal: string): unknown => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: principal }, Action: 'sts:AssumeRole' }],
});

const protectedRole = (name: string): { code: string; status: number; message: string } => ({
  code: 'UnmodifiableEntity',
  status: 400,
  message: `Cannot perform the operation on the protected role '${name}' - this role is only modifiable by AWS`,
});

const TASK_ID =
  /^task\/aws-service-role\/batch\.amazonaws\.com\/AWSServiceRoleForBatch\/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('CreateServiceLinkedRole', () => {
  let l: IamLab;
  before(async () => {
    l = await startIamLab();
  });
  after(async () => {
    await l.dispose();
  });

  it('creates the role AWS creates: name, path, trust policy, the service’s policy, 3600 s sessions', async () => {
    const created = await l.iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com', Description: 'for ECS' }));
    const role = created.Role;
    assert.ok(role !== undefined);
    // As CreateRole's answer: no Description, no MaxSessionDuration, no RoleLastUsed (the AWS CLI's example).
    assert.deepEqual(Object.keys(role).sort(), ['Arn', 'AssumeRolePolicyDocument', 'CreateDate', 'Path', 'RoleId', 'RoleName']);
    assert.equal(role.RoleName, 'AWSServiceRoleForECS');
    assert.equal(role.Path, '/aws-service-role/ecs.amazonaws.com/');
    assert.equal(role.Arn, 'arn:aws:iam::123456789012:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS');
    assert.match(role.RoleId ?? '', /^AROA[A-Z2-7]{17}$/);
    assert.deepEqual(JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument ?? '')), trustOf('ecs.amazonaws.com'));

    const got = (await l.iam.send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForECS' }))).Role;
    assert.equal(got?.MaxSessionDuration, 3600);
    assert.equal(got?.Description, 'for ECS');
    assert.deepEqual(got?.RoleLastUsed, {});
    assert.deepEqual((await l.iam.send(new ListRolePoliciesCommand({ RoleName: 'AWSServiceRoleForECS' }))).PolicyNames, []);
    assert.deepEqual((await l.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'AWSServiceRoleForECS' }))).AttachedPolicies, [
      { PolicyName: 'AmazonECSServiceRolePolicy', PolicyArn: 'arn:aws:iam::aws:policy/aws-service-role/AmazonECSServiceRolePolicy' },
    ]);
  });

  it('names each service’s role as AWS does, the policy named like the role where AWS names it so', async () => {
    const cases = [
      ['eks.amazonaws.com', 'AWSServiceRoleForAmazonEKS', 'AmazonEKSServiceRolePolicy'],
      ['eks-nodegroup.amazonaws.com', 'AWSServiceRoleForAmazonEKSNodegroup', 'AWSServiceRoleForAmazonEKSNodegroup'],
      [
        'ec2.application-autoscaling.amazonaws.com',
        'AWSServiceRoleForApplicationAutoScaling_EC2SpotFleetRequest',
        'AWSApplicationAutoscalingEC2SpotFleetRequestPolicy',
      ],
      ['rds.amazonaws.com', 'AWSServiceRoleForRDS', 'AmazonRDSServiceRolePolicy'],
    ] as const;
    for (const [service, roleName, policyName] of cases) {
      const { Role } = await l.iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: service }));
      assert.equal(Role?.RoleName, roleName);
      const attached = await l.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName }));
      assert.deepEqual(attached.AttachedPolicies, [{ PolicyName: policyName, PolicyArn: `arn:aws:iam::aws:policy/aws-service-role/${policyName}` }]);
      // No Description unless one is given: the ones AWS shows for RDS were the service's own creation.
      assert.equal((await l.iam.send(new GetRoleCommand({ RoleName: roleName }))).Role?.Description, undefined);
    }
  });

  it('takes a CustomSuffix only for the services that accept one', async () => {
    const { Role } = await l.iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'autoscaling.amazonaws.com', CustomSuffix: 'fleet-1' }));
    assert.equal(Role?.RoleName, 'AWSServiceRoleForAutoScaling_fleet-1');
    assert.equal(Role?.Path, '/aws-service-role/autoscaling.amazonaws.com/');
    for (const service of ['ecs.amazonaws.com', 'batch.amazonaws.com', 'ops.apigateway.amazonaws.com']) {
      assert.deepEqual(await failure(() => l.iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: service, CustomSuffix: 'testsuffix' }))), {
        code: 'InvalidInput',
        status: 400,
        message: `Custom suffix is not allowed for ${service}`,
      });
    }
  });

  it('refuses a name already taken and a service it does not know', async () => {
    await l.iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'batch.amazonaws.com' }));
    assert.deepEqual(await failure(() => l.iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'batch.amazonaws.com' }))), {
      code: 'InvalidInput',
      status: 400,
      message: 'Service role name AWSServiceRoleForBatch has been taken in this account, please try a different suffix.',
    });
    assert.deepEqual(await failure(() => l.iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'nothing.amazonaws.com' }))), {
      code: 'InvalidInput',
      status: 400,
      message: 'Unrecognized service principal: nothing.amazonaws.com',
    });
    // Service principals are case-sensitive.
    assert.equal((await failure(() => l.iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ECS.amazonaws.com' })))).code, 'InvalidInput');
  });

  it('authorizes the role’s ARN with iam:AWSServiceName, after checking the input', async () => {
    await l.iam.send(new CreateUserCommand({ UserName: 'ops' }));
    const policy = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'iam:CreateServiceLinkedRole',
          Resource: 'arn:aws:iam::*:role/aws-service-role/*',
          Condition: { StringEquals: { 'iam:AWSServiceName': 'elasticloadbalancing.amazonaws.com' } },
        },
      ],
    };
    await l.iam.send(new PutUserPolicyCommand({ UserName: 'ops', PolicyName: 'slr', PolicyDocument: JSON.stringify(policy) }));
    const { AccessKey } = await l.iam.send(new CreateAccessKeyCommand({ UserName: 'ops' }));
    const ops = l.client({ accessKeyId: AccessKey?.AccessKeyId ?? '', secretAccessKey: AccessKey?.SecretAccessKey ?? '' });
    const made = await ops.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'elasticloadbalancing.amazonaws.com' }));
    assert.equal(made.Role?.RoleName, 'AWSServiceRoleForElasticLoadBalancing');
    const denied = await failure(() => ops.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'cloudtrail.amazonaws.com' })));
    assert.equal(denied.code, 'AccessDenied');
    assert.match(
      denied.message,
      /iam:CreateServiceLinkedRole on resource: arn:aws:iam::123456789012:role\/aws-service-role\/cloudtrail\.amazonaws\.com\/AWSServiceRoleForCloudTrail/,
    );
    assert.equal(
      (await failure(() => ops.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'cloudtrail.amazonaws.com', CustomSuffix: 'x' })))).code,
      'InvalidInput',
    );
  });
});

describe('a service-linked role is changed only by AWS', () => {
  let l: IamLab;
  const name = 'AWSServiceRoleForAmazonSSM';
  before(async () => {
    l = await startIamLab();
    await l.iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ssm.amazonaws.com' }));
  });
  after(async () => {
    await l.dispose();
  });

  it('refuses changes to its trust, its policies, its session length and the role itself', async () => {
    const policyArn = 'arn:aws:iam::aws:policy/aws-service-role/AmazonSSMServiceRolePolicy';
    const calls: (() => Promise<unknown>)[] = [
      () => l.iam.send(new DeleteRoleCommand({ RoleName: name })),
      () => l.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: name, PolicyDocument: TRUST_EC2 })),
      () => l.iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'extra', PolicyDocument: ALLOW_S3_READ })),
      () => l.iam.send(new DeleteRolePolicyCommand({ RoleName: name, PolicyName: 'extra' })),
      () => l.iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' })),
      () => l.iam.send(new DetachRolePolicyCommand({ RoleName: name, PolicyArn: policyArn })),
      () => l.iam.send(new UpdateRoleCommand({ RoleName: name, MaxSessionDuration: 7200 })),
    ];
    for (const call of calls) assert.deepEqual(await failure(call), protectedRole(name));
    const attached = await l.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: name }));
    assert.deepEqual(
      attached.AttachedPolicies?.map((p) => p.PolicyArn),
      [policyArn],
    );
  });

  it('lets its description and tags change', async () => {
    await l.iam.send(new UpdateRoleDescriptionCommand({ RoleName: name, Description: 'SSM does this' }));
    await l.iam.send(new UpdateRoleCommand({ RoleName: name, Description: 'SSM does that' }));
    await l.iam.send(new TagRoleCommand({ RoleName: name, Tags: [{ Key: 'team', Value: 'ops' }] }));
    const role = (await l.iam.send(new GetRoleCommand({ RoleName: name }))).Role;
    assert.equal(role?.Description, 'SSM does that');
    assert.deepEqual(role?.Tags, [{ Key: 'team', Value: 'ops' }]);
  });

  it('keeps its path and its service-role policies to service-linked roles', async () => {
    assert.deepEqual(
      await failure(() =>
        l.iam.send(new CreateRoleCommand({ RoleName: 'fake', Path: '/aws-service-role/ssm.amazonaws.com/', AssumeRolePolicyDocument: TRUST_EC2 })),
      ),
      { code: 'InvalidInput', status: 400, message: "Path prefix '/aws-service-role/' can only be used for AWS Service linked Roles" },
    );
    await l.iam.send(new CreateRoleCommand({ RoleName: 'mine', AssumeRolePolicyDocument: TRUST_EC2 }));
    assert.deepEqual(
      await failure(() =>
        l.iam.send(
          new AttachRolePolicyCommand({ RoleName: 'mine', PolicyArn: 'arn:aws:iam::aws:policy/aws-service-role/AmazonSSMServiceRolePolicy' }),
        ),
      ),
      { code: 'PolicyNotAttachable', status: 400, message: 'Cannot attach a Service Role Policy to a Customer Role.' },
    );
  });
});

describe('DeleteServiceLinkedRole and its deletion status', () => {
  let l: IamLab;
  before(async () => {
    l = await startIamLab();
  });
  after(async () => {
    await l.dispose();
  });

  it('deletes the role at once; the task is IN_PROGRESS, then SUCCEEDED on the virtual clock', async () => {
    await l.iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'batch.amazonaws.com' }));
    const { DeletionTaskId } = await l.iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: 'AWSServiceRoleForBatch' }));
    assert.match(DeletionTaskId ?? '', TASK_ID);
    assert.deepEqual(await failure(() => l.iam.send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForBatch' }))), {
      code: 'NoSuchEntity',
      status: 404,
      message: 'The role with name AWSServiceRoleForBatch cannot be found.',
    });
    const status = (): Promise<string | undefined> =>
      l.iam.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId })).then((answer) => answer.Status);
    assert.equal(await status(), 'IN_PROGRESS');
    // While the task runs, a second request answers the same task, and the name is not free yet.
    assert.equal((await l.iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: 'AWSServiceRoleForBatch' }))).DeletionTaskId, DeletionTaskId);
    assert.equal(
      (await failure(() => l.iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'batch.amazonaws.com' })))).code,
      'InvalidInput',
    );
    l.lab.clock.advance(5_000);
    assert.equal(await status(), 'SUCCEEDED');
    await l.iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'batch.amazonaws.com' }));
  });

  it('refuses an ordinary role, a missing one, and task ids that are malformed or unknown', async () => {
    await l.iam.send(new CreateRoleCommand({ RoleName: 'plain', AssumeRolePolicyDocument: TRUST_EC2 }));
    assert.deepEqual(await failure(() => l.iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: 'plain' }))), {
      code: 'InvalidInput',
      status: 400,
      message: 'role `plain` is not a service-linked role',
    });
    assert.equal((await failure(() => l.iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: 'missing' })))).code, 'NoSuchEntity');
    assert.equal(
      (await failure(() => l.iam.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId: 'not-a-task' })))).code,
      'InvalidInput',
    );
    const unknown = 'task/aws-service-role/batch.amazonaws.com/AWSServiceRoleForBatch/00000000-0000-4000-8000-000000000000';
    assert.deepEqual(await failure(() => l.iam.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId: unknown }))), {
      code: 'NoSuchEntity',
      status: 404,
      message: `the deletion task \`${unknown}\` cannot be found`,
    });
  });

  it('keeps roles, their protection and tasks across a restart', async () => {
    const first = await startIamLab({ keepData: true });
    const { dataDir } = first;
    let taskId: string | undefined;
    try {
      await first.iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'config.amazonaws.com' }));
      await first.iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'backup.amazonaws.com' }));
      taskId = (await first.iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: 'AWSServiceRoleForBackup' }))).DeletionTaskId;
    } finally {
      await first.dispose();
    }
    const second = await startIamLab({ dataDir });
    try {
      assert.deepEqual(
        await failure(() => second.iam.send(new DeleteRoleCommand({ RoleName: 'AWSServiceRoleForConfig' }))),
        protectedRole('AWSServiceRoleForConfig'),
      );
      second.lab.clock.advance(5_000);
      assert.equal((await second.iam.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId: taskId }))).Status, 'SUCCEEDED');
    } finally {
      await second.dispose();
    }
  });
});

describe('service-linked roles with the AWS CLI', { skip: awsCliVersion() === false ? SKIP_NO_AWS_CLI : false }, () => {
  let l: IamLab;
  before(async () => {
    l = await startIamLab();
  });
  after(async () => {
    await l.dispose();
  });

  it('create-service-linked-role, delete-service-linked-role, get-service-linked-role-deletion-status', async () => {
    const created = await awsCli(l.lab.endpoint, l.root, [
      'iam',
      'create-service-linked-role',
      '--aws-service-name',
      'elasticbeanstalk.amazonaws.com',
    ]);
    assert.equal(created.code, 0, created.stderr);
    const role = (JSON.parse(created.stdout) as { Role: { RoleName: string; AssumeRolePolicyDocument: unknown } }).Role;
    assert.equal(role.RoleName, 'AWSServiceRoleForElasticBeanstalk');
    assert.deepEqual(role.AssumeRolePolicyDocument, trustOf('elasticbeanstalk.amazonaws.com'));
    const deleted = await awsCli(l.lab.endpoint, l.root, ['iam', 'delete-service-linked-role', '--role-name', 'AWSServiceRoleForElasticBeanstalk']);
    assert.equal(deleted.code, 0, deleted.stderr);
    const taskId = (JSON.parse(deleted.stdout) as { DeletionTaskId: string }).DeletionTaskId;
    assert.match(taskId, /^task\/aws-service-role\/elasticbeanstalk\.amazonaws\.com\/AWSServiceRoleForElasticBeanstalk\//);
    l.lab.clock.advance(5_000);
    const status = await awsCli(l.lab.endpoint, l.root, ['iam', 'get-service-linked-role-deletion-status', '--deletion-task-id', taskId]);
    assert.equal(status.code, 0, status.stderr);
    assert.deepEqual(JSON.parse(status.stdout), { Status: 'SUCCEEDED' });
  });
});
