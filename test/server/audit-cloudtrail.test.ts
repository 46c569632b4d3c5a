/**
 * What the audit stage keeps for CloudTrail (aws-behaviour.md §13.6), from the request state alone: the session a
 * token carried, a management call's parameters and (when CloudTrail keeps it) its answer, secrets left out.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TemporaryCredential } from '../../src/auth/credentials.js';
import { AwsError } from '../../src/errors/aws-error.js';
import { s3Model } from '../../src/protocol/models/s3.js';
import { stsModel } from '../../src/protocol/models/sts.js';
import type { RequestState, ServiceBinding } from '../../src/server/request-state.js';
import { cloudTrailFacts } from '../../src/server/stages/audit-cloudtrail.js';

const T0 = Date.UTC(2030, 0, 2);
const ROLE_ARN = 'arn:aws:iam::123456789012:role/ci/deployer';

const binding = (name: 'sts' | 's3', model: ServiceBinding['model']): ServiceBinding =>
  ({ name, operations: new Map(), protocol: undefined, model }) as unknown as ServiceBinding;

const roleCredential: TemporaryCredential = {
  kind: 'temporary',
  accessKeyId: 'ASIASESSION000000001',
  secretAccessKey: 's'.repeat(40),
  sessionToken: 'token',
  issuedAtMs: T0,
  expiresAtMs: T0 + 3_600_000,
  principal: {
    type: 'assumed-role',
    account: '123456789012',
    arn: 'arn:aws:sts::123456789012:assumed-role/deployer/build-1',
    userId: 'AROADEPLOYERDEPLOYER:build-1',
    roleArn: ROLE_ARN,
    roleId: 'AROADEPLOYERDEPLOYER',
    roleName: 'deployer',
    sessionName: 'build-1',
    accessKeyId: 'ASIASESSION000000001',
  },
  session: {
    v: 1,
    kind: 'assumed-role',
    accessKeyId: 'ASIASESSION000000001',
    account: '123456789012',
    subject: { type: 'role', roleId: 'AROADEPLOYERDEPLOYER', roleArn: ROLE_ARN, roleName: 'deployer', sessionName: 'build-1' },
    issuedMs: T0,
    expiresMs: T0 + 3_600_000,
    mfaMs: T0 - 1000,
    sourceIdentity: 'alice',
    ec2: { instanceArn: 'arn:aws:ec2:us-east-1:123456789012:instance/i-0123456789abcdef0', roleDelivery: '2.0' },
  },
};

function state(overrides: Partial<RequestState>): RequestState {
  return { raw: undefined, requestId: 'r', wallMs: T0, virtualMs: T0, ...overrides } as unknown as RequestState;
}

describe('the audit stage for CloudTrail', () => {
  it("keeps the session a token carried: its issue time, MFA, role and delivery; and AssumeRole's parameters and answer without secrets", () => {
    const facts = cloudTrailFacts(
      state({
        service: binding('sts', stsModel),
        operationName: 'AssumeRole',
        credential: roleCredential,
        input: { RoleArn: ROLE_ARN, RoleSessionName: 'next', TokenCode: '123456', SerialNumber: 'sn' },
        output: { Credentials: { AccessKeyId: 'ASIANEW', SecretAccessKey: 'secret', SessionToken: 'token', Expiration: T0 } },
      }),
    );
    assert.deepEqual(facts, {
      session: {
        issuedMs: T0,
        mfa: true,
        roleArn: ROLE_ARN,
        roleId: 'AROADEPLOYERDEPLOYER',
        sourceIdentity: 'alice',
        ec2RoleDelivery: '2.0',
      },
      parameters: { RoleArn: ROLE_ARN, RoleSessionName: 'next', SerialNumber: 'sn' },
      response: { Credentials: { AccessKeyId: 'ASIANEW', Expiration: T0 } },
    });
  });

  it('keeps no answer of a refused call nor of a read-only one, no empty parameters, nothing of an S3 data event', () => {
    const refused = cloudTrailFacts(
      state({
        service: binding('sts', stsModel),
        operationName: 'AssumeRole',
        input: { RoleArn: ROLE_ARN, RoleSessionName: 'next' },
        output: { Credentials: { AccessKeyId: 'ASIANEW' } },
        error: new AwsError({ code: 'AccessDenied', status: 403, message: 'no' }),
      }),
    );
    assert.deepEqual(refused, { parameters: { RoleArn: ROLE_ARN, RoleSessionName: 'next' } });
    assert.deepEqual(
      cloudTrailFacts(state({ service: binding('sts', stsModel), operationName: 'GetCallerIdentity', input: {}, output: { Account: '1' } })),
      {},
    );
    assert.deepEqual(cloudTrailFacts(state({ service: binding('s3', s3Model), operationName: 'GetObject', input: { Bucket: 'b', Key: 'k' } })), {});
    assert.deepEqual(cloudTrailFacts(state({ service: binding('s3', s3Model), operationName: 'CreateBucket', input: { Bucket: 'b' }, output: {} })), {
      parameters: { Bucket: 'b' },
    });
  });
});
