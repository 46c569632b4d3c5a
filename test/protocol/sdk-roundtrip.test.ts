/**
 * Real SDK round trips (design.md "Tests"): requests built by @aws-sdk/client-{sts,iam,ec2} must parse to
 * exactly the SDK's input; our responses must deserialise in the SDK to what we serialised; our errors must
 * surface with the right name, message and HTTP status.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  EC2Client,
  DescribeIamInstanceProfileAssociationsCommand,
  DescribeInstancesCommand,
  RunInstancesCommand,
  AssociateIamInstanceProfileCommand,
  ModifyInstanceMetadataOptionsCommand,
  StopInstancesCommand,
} from '@aws-sdk/client-ec2';
import {
  IAMClient,
  CreateRoleCommand,
  CreateVirtualMFADeviceCommand,
  GetRolePolicyCommand,
  ListRolesCommand,
  PutRolePolicyCommand,
  TagRoleCommand,
} from '@aws-sdk/client-iam';
import { STSClient, AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { AwsError } from '../../src/errors/aws-error.js';
import { queryErrors } from '../../src/errors/common.js';
import { uriEncode } from '../../src/lib/encoding.js';
import type { ServiceModel } from '../../src/protocol/model.js';
import { ec2Model } from '../../src/protocol/models/ec2.js';
import { iamModel } from '../../src/protocol/models/iam.js';
import { stsModel } from '../../src/protocol/models/sts.js';
import { parseRequest } from '../../src/protocol/parse-request.js';
import { serializeError } from '../../src/protocol/serialize-error.js';
import { serializeResponse } from '../../src/protocol/serialize-response.js';
import { CapturingHandler, clientConfig, toSdkShape, withoutMetadata } from './sdk-harness.js';

const T0 = Date.UTC(2026, 10, 23, 10, 15, 42);
const T0_MS = T0 + 123;
/** A virtual clock one hour ahead of the client: the wire shows wall time (design.md "Time"). */
const toWireTime = (ms: number): number => ms - 3_600_000;

interface SdkClient {
  send(command: unknown): Promise<unknown>;
}

async function roundTrip(
  model: ServiceModel,
  client: SdkClient,
  handler: CapturingHandler,
  command: { input: object },
  operation: string,
  output: Record<string, unknown>,
): Promise<void> {
  handler.reply = { status: 200, body: serializeResponse(model, operation, output, { requestId: 'req-1', toWireTime }) };
  const sdkOutput = (await client.send(command)) as Record<string, unknown>;
  const parsed = parseRequest(model, handler.params());
  assert.equal(parsed.kind, 'ok', parsed.kind === 'error' ? parsed.error.message : '');
  if (parsed.kind !== 'ok') return;
  assert.equal(parsed.operation, operation);
  assert.deepStrictEqual(parsed.input, command.input, 'parsed input equals the SDK input');
  const outputShape = model.operations[operation]?.output;
  const wire = outputShape === undefined ? {} : (toSdkShape(model, outputShape, shiftTimes(model, outputShape, output)) as object);
  assert.deepStrictEqual(withoutMetadata(sdkOutput), wire, 'SDK output equals what we serialised');
  assert.equal((sdkOutput['$metadata'] as { requestId?: string }).requestId, 'req-1');
}

/** Applies toWireTime to every timestamp, and the precision the protocol writes (query: whole seconds). */
function shiftTimes(model: ServiceModel, shapeName: string, value: unknown): unknown {
  const shape = model.shapes[shapeName]!;
  switch (shape.type) {
    case 'structure':
      return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, shiftTimes(model, shape.members[k]!.shape, v)]));
    case 'list':
      return (value as unknown[]).map((v) => shiftTimes(model, shape.member.shape, v));
    case 'timestamp': {
      const ms = toWireTime(value as number);
      return model.metadata.protocol === 'query' ? Math.floor(ms / 1000) * 1000 : ms;
    }
    default:
      return value;
  }
}

/** `name` is the code, or for an error the model declares, the SDK's exception class (`NoSuchEntityException`). */
async function expectError(
  client: SdkClient,
  handler: CapturingHandler,
  model: ServiceModel,
  command: unknown,
  error: AwsError,
  name = error.code,
): Promise<void> {
  handler.reply = { status: error.status, body: serializeError(model, error, 'req-err') };
  await assert.rejects(client.send(command), (thrown: unknown) => {
    const e = thrown as { name: string; message: string; $metadata: { httpStatusCode: number } };
    assert.equal(e.name, name);
    assert.equal(e.message, error.message);
    assert.equal(e.$metadata.httpStatusCode, error.status);
    return true;
  });
}

const ROLE_ARN = 'arn:aws:iam::123456789012:role/lab-role';
const TRUST = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}';

test('STS AssumeRole with tags, policy ARNs, MFA and a session policy', async () => {
  const handler = new CapturingHandler();
  const client = new STSClient(clientConfig(handler));
  const command = new AssumeRoleCommand({
    RoleArn: ROLE_ARN,
    RoleSessionName: 'sess',
    PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }, { arn: 'arn:aws:iam::123456789012:policy/p' }],
    Policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}',
    DurationSeconds: 900,
    Tags: [
      { Key: 'team', Value: 'blue green' },
      { Key: 'k:2', Value: '' },
    ],
    TransitiveTagKeys: ['team'],
    ExternalId: 'ext-id',
    SerialNumber: 'arn:aws:iam::123456789012:mfa/u',
    TokenCode: '123456',
    SourceIdentity: 'me',
  });
  await roundTrip(stsModel, client, handler, command, 'AssumeRole', {
    Credentials: { AccessKeyId: 'ASIAEXAMPLEEXAMPLE12', SecretAccessKey: 's'.repeat(40), SessionToken: 'tok+/=', Expiration: T0_MS },
    AssumedRoleUser: { AssumedRoleId: 'AROAEXAMPLE:sess', Arn: 'arn:aws:sts::123456789012:assumed-role/lab-role/sess' },
    PackedPolicySize: 6,
    SourceIdentity: 'me',
  });
});

test('STS GetCallerIdentity, and an AccessDenied error', async () => {
  const handler = new CapturingHandler();
  const client = new STSClient(clientConfig(handler));
  await roundTrip(stsModel, client, handler, new GetCallerIdentityCommand({}), 'GetCallerIdentity', {
    UserId: 'AIDAEXAMPLE',
    Account: '123456789012',
    Arn: 'arn:aws:iam::123456789012:user/alice',
  });
  await expectError(client, handler, stsModel, new GetCallerIdentityCommand({}), queryErrors.accessDenied('User: x is not authorized'));
  await expectError(client, handler, stsModel, new GetCallerIdentityCommand({}), queryErrors.expiredToken());
});

test('IAM CreateRole: policy document in, URL-encoded document out', async () => {
  const handler = new CapturingHandler();
  const client = new IAMClient(clientConfig(handler));
  const command = new CreateRoleCommand({
    RoleName: 'lab-role',
    Path: '/x/',
    AssumeRolePolicyDocument: TRUST,
    Description: 'a role',
    MaxSessionDuration: 7200,
    Tags: [{ Key: 'a', Value: 'b' }],
  });
  handler.reply = {
    status: 200,
    body: serializeResponse(
      iamModel,
      'CreateRole',
      {
        Role: {
          Path: '/x/',
          RoleName: 'lab-role',
          RoleId: 'AROAEXAMPLE',
          Arn: ROLE_ARN,
          CreateDate: T0,
          AssumeRolePolicyDocument: TRUST,
          MaxSessionDuration: 7200,
        },
      },
      { requestId: 'req-1', toWireTime },
    ),
  };
  const out = await client.send(command);
  const parsed = parseRequest(iamModel, handler.params());
  assert.deepStrictEqual(parsed, { kind: 'ok', operation: 'CreateRole', input: command.input });
  // The JS SDK hands back the encoded text (aws-behaviour.md §2.2).
  assert.equal(out.Role?.AssumeRolePolicyDocument, uriEncode(TRUST));
  assert.equal(decodeURIComponent(out.Role?.AssumeRolePolicyDocument ?? ''), TRUST);
  assert.deepStrictEqual(out.Role?.CreateDate, new Date(toWireTime(T0)));
});

test('IAM PutRolePolicy (no output), GetRolePolicy and TagRole', async () => {
  const handler = new CapturingHandler();
  const client = new IAMClient(clientConfig(handler));
  const doc =
    '{"Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"DateLessThan":{"aws:TokenIssueTime":"2026-01-01T00:00:00Z"}}}]}';
  await roundTrip(
    iamModel,
    client,
    handler,
    new PutRolePolicyCommand({ RoleName: 'r', PolicyName: 'AWSRevokeOlderSessions', PolicyDocument: doc }),
    'PutRolePolicy',
    {},
  );
  assert.match(
    serializeResponse(iamModel, 'PutRolePolicy', {}, { requestId: 'r', toWireTime }),
    /^<PutRolePolicyResponse xmlns="https:\/\/iam\.amazonaws\.com\/doc\/2010-05-08\/"><ResponseMetadata>/,
  );
  handler.reply = {
    status: 200,
    body: serializeResponse(iamModel, 'GetRolePolicy', { RoleName: 'r', PolicyName: 'p', PolicyDocument: doc }, { requestId: 'req-1', toWireTime }),
  };
  const got = await client.send(new GetRolePolicyCommand({ RoleName: 'r', PolicyName: 'p' }));
  assert.equal(decodeURIComponent(got.PolicyDocument ?? ''), doc);
  await roundTrip(iamModel, client, handler, new TagRoleCommand({ RoleName: 'r', Tags: [{ Key: 'x', Value: 'y' }] }), 'TagRole', {});
});

test('IAM ListRoles: several roles, then an empty list', async () => {
  const handler = new CapturingHandler();
  const client = new IAMClient(clientConfig(handler));
  const role = (name: string): Record<string, unknown> => ({
    Path: '/',
    RoleName: name,
    RoleId: `AROA${name.toUpperCase()}`,
    Arn: `arn:aws:iam::123456789012:role/${name}`,
    CreateDate: T0,
    Tags: [{ Key: 'k', Value: 'v' }],
  });
  await roundTrip(iamModel, client, handler, new ListRolesCommand({ PathPrefix: '/', MaxItems: 10, Marker: 'm' }), 'ListRoles', {
    Roles: [role('a'), role('b')],
    IsTruncated: true,
    Marker: 'next',
  });
  await roundTrip(iamModel, client, handler, new ListRolesCommand({}), 'ListRoles', { Roles: [], IsTruncated: false });
});

test('IAM CreateVirtualMFADevice: blobs come back as the same bytes', async () => {
  const handler = new CapturingHandler();
  const client = new IAMClient(clientConfig(handler));
  const seed = new Uint8Array(Buffer.from('JBSWY3DPEHPK3PXP', 'utf8'));
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 255]);
  await roundTrip(
    iamModel,
    client,
    handler,
    new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'alice', Path: '/' }),
    'CreateVirtualMFADevice',
    {
      VirtualMFADevice: { SerialNumber: 'arn:aws:iam::123456789012:mfa/alice', Base32StringSeed: seed, QRCodePNG: png, EnableDate: T0 },
    },
  );
});

test('IAM errors: NoSuchEntity (404), LimitExceeded (409), ValidationError', async () => {
  const handler = new CapturingHandler();
  const client = new IAMClient(clientConfig(handler));
  const cmd = new GetRolePolicyCommand({ RoleName: 'r', PolicyName: 'p' });
  await expectError(
    client,
    handler,
    iamModel,
    cmd,
    new AwsError({ code: 'NoSuchEntity', status: 404, message: 'The role policy with name p cannot be found.' }),
    'NoSuchEntityException',
  );
  await expectError(
    client,
    handler,
    iamModel,
    cmd,
    new AwsError({ code: 'LimitExceeded', status: 409, message: 'Cannot exceed quota for PoliciesPerRole: 10' }),
    'LimitExceededException',
  );
  await expectError(
    client,
    handler,
    iamModel,
    cmd,
    queryErrors.validation(
      "1 validation error detected: Value at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
    ),
  );
});

const INSTANCE = {
  InstanceId: 'i-0123456789abcdef0',
  ImageId: 'ami-1',
  InstanceType: 't3.micro',
  LaunchTime: T0_MS,
  State: { Code: 16, Name: 'running' },
  Placement: { AvailabilityZone: 'eu-west-1a' },
  PrivateIpAddress: '10.0.0.5',
  IamInstanceProfile: { Arn: 'arn:aws:iam::123456789012:instance-profile/p', Id: 'AIPAEXAMPLE' },
  MetadataOptions: {
    State: 'applied',
    HttpTokens: 'required',
    HttpPutResponseHopLimit: 2,
    HttpEndpoint: 'enabled',
    HttpProtocolIpv6: 'disabled',
    InstanceMetadataTags: 'disabled',
  },
  Tags: [{ Key: 'Name', Value: 'lab' }],
  EbsOptimized: false,
};

test('EC2 RunInstances with an instance profile, metadata options and tag specifications', async () => {
  const handler = new CapturingHandler();
  const client = new EC2Client(clientConfig(handler));
  const command = new RunInstancesCommand({
    ImageId: 'ami-1',
    MinCount: 1,
    MaxCount: 1,
    InstanceType: 't3.micro',
    ClientToken: 'tok-1',
    IamInstanceProfile: { Arn: 'arn:aws:iam::123456789012:instance-profile/p' },
    MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 2, HttpEndpoint: 'enabled' },
    TagSpecifications: [
      {
        ResourceType: 'instance',
        Tags: [
          { Key: 'Name', Value: 'lab' },
          { Key: 'team', Value: 'a b' },
        ],
      },
    ],
    SecurityGroupIds: ['sg-1', 'sg-2'],
    DryRun: false,
  });
  await roundTrip(ec2Model, client, handler, command, 'RunInstances', {
    ReservationId: 'r-0123456789abcdef0',
    OwnerId: '123456789012',
    Groups: [],
    Instances: [INSTANCE],
  });
});

test('EC2 DescribeInstances, DescribeIamInstanceProfileAssociations with filters, Associate, Stop, Modify', async () => {
  const handler = new CapturingHandler();
  const client = new EC2Client(clientConfig(handler));
  await roundTrip(
    ec2Model,
    client,
    handler,
    new DescribeInstancesCommand({ InstanceIds: ['i-1', 'i-2'], Filters: [{ Name: 'instance-state-name', Values: ['running', 'stopped'] }] }),
    'DescribeInstances',
    {
      Reservations: [{ ReservationId: 'r-1', OwnerId: '123456789012', Instances: [INSTANCE] }],
    },
  );
  const association = {
    AssociationId: 'iip-assoc-0dbd8529a48294120',
    InstanceId: 'i-1',
    IamInstanceProfile: { Arn: 'arn:aws:iam::123456789012:instance-profile/p', Id: 'AIPAEXAMPLE' },
    State: 'associated',
    Timestamp: T0_MS,
  };
  await roundTrip(
    ec2Model,
    client,
    handler,
    new DescribeIamInstanceProfileAssociationsCommand({
      AssociationIds: ['iip-assoc-1'],
      Filters: [
        { Name: 'instance-id', Values: ['i-1', 'i-2'] },
        { Name: 'state', Values: ['associated'] },
      ],
      MaxResults: 5,
      NextToken: 'n',
    }),
    'DescribeIamInstanceProfileAssociations',
    { IamInstanceProfileAssociations: [association], NextToken: 'n2' },
  );
  await roundTrip(ec2Model, client, handler, new DescribeIamInstanceProfileAssociationsCommand({}), 'DescribeIamInstanceProfileAssociations', {
    IamInstanceProfileAssociations: [],
  });
  await roundTrip(
    ec2Model,
    client,
    handler,
    new AssociateIamInstanceProfileCommand({ IamInstanceProfile: { Name: 'p' }, InstanceId: 'i-1' }),
    'AssociateIamInstanceProfile',
    {
      IamInstanceProfileAssociation: { ...association, State: 'associating' },
    },
  );
  await roundTrip(ec2Model, client, handler, new StopInstancesCommand({ InstanceIds: ['i-1'], Force: true }), 'StopInstances', {
    StoppingInstances: [{ InstanceId: 'i-1', CurrentState: { Code: 64, Name: 'stopping' }, PreviousState: { Code: 16, Name: 'running' } }],
  });
  await roundTrip(
    ec2Model,
    client,
    handler,
    new ModifyInstanceMetadataOptionsCommand({ InstanceId: 'i-1', HttpTokens: 'optional', HttpPutResponseHopLimit: 3 }),
    'ModifyInstanceMetadataOptions',
    {
      InstanceId: 'i-1',
      InstanceMetadataOptions: { State: 'pending', HttpTokens: 'optional', HttpPutResponseHopLimit: 3 },
    },
  );
});

test('EC2 errors surface in the SDK: IncorrectState, UnauthorizedOperation, DryRunOperation', async () => {
  const handler = new CapturingHandler();
  const client = new EC2Client(clientConfig(handler));
  const cmd = new AssociateIamInstanceProfileCommand({ IamInstanceProfile: { Name: 'p' }, InstanceId: 'i-1' });
  await expectError(
    client,
    handler,
    ec2Model,
    cmd,
    new AwsError({ code: 'IncorrectState', status: 400, message: 'There is an existing association for instance i-1' }),
  );
  await expectError(
    client,
    handler,
    ec2Model,
    cmd,
    new AwsError({ code: 'UnauthorizedOperation', status: 403, message: 'You are not authorized to perform this operation.' }),
  );
  await expectError(
    client,
    handler,
    ec2Model,
    cmd,
    new AwsError({ code: 'DryRunOperation', status: 412, message: 'Request would have succeeded, but DryRun flag is set.' }),
  );
});
