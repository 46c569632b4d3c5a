/**
 * What the audit trail keeps of a request and an answer (aws-behaviour.md §13.6): the model's members, never a
 * secret — what the model marks sensitive, blobs, one-time MFA codes and session tokens.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loggableValue } from '../../src/protocol/loggable-value.js';
import { iamModel } from '../../src/protocol/models/iam.js';
import { s3Model } from '../../src/protocol/models/s3.js';
import { stsModel } from '../../src/protocol/models/sts.js';

describe('loggableValue', () => {
  it("keeps AssumeRole's parameters but its MFA code, and its answer but the secret key and the session token", () => {
    const input = {
      RoleArn: 'arn:aws:iam::123456789012:role/ci/deployer',
      RoleSessionName: 'build-1',
      DurationSeconds: 900,
      SerialNumber: 'arn:aws:iam::123456789012:mfa/alice',
      TokenCode: '123456',
      Tags: [{ Key: 'team', Value: 'a' }],
      [Symbol('grant')]: { internal: true },
      NotInTheModel: 'x',
    };
    assert.deepEqual(loggableValue(stsModel, 'AssumeRoleRequest', input), {
      RoleArn: 'arn:aws:iam::123456789012:role/ci/deployer',
      RoleSessionName: 'build-1',
      DurationSeconds: 900,
      Tags: [{ Key: 'team', Value: 'a' }],
      SerialNumber: 'arn:aws:iam::123456789012:mfa/alice',
    });
    const output = {
      Credentials: { AccessKeyId: 'ASIAEXAMPLE', SecretAccessKey: 's'.repeat(40), SessionToken: 'token', Expiration: 1_700_000_000_000 },
      AssumedRoleUser: { AssumedRoleId: 'AROAEXAMPLE:build-1', Arn: 'arn:aws:sts::123456789012:assumed-role/deployer/build-1' },
    };
    assert.deepEqual(loggableValue(stsModel, 'AssumeRoleResponse', output), {
      Credentials: { AccessKeyId: 'ASIAEXAMPLE', Expiration: 1_700_000_000_000 },
      AssumedRoleUser: { AssumedRoleId: 'AROAEXAMPLE:build-1', Arn: 'arn:aws:sts::123456789012:assumed-role/deployer/build-1' },
    });
  });

  it('leaves out the assertion, the web identity token, passwords, new secret keys and MFA seeds', () => {
    assert.deepEqual(loggableValue(stsModel, 'AssumeRoleWithSAMLRequest', { RoleArn: 'r', PrincipalArn: 'p', SAMLAssertion: 'PHNhbWw+' }), {
      RoleArn: 'r',
      PrincipalArn: 'p',
    });
    assert.deepEqual(loggableValue(stsModel, 'AssumeRoleWithWebIdentityRequest', { RoleArn: 'r', RoleSessionName: 's', WebIdentityToken: 'eyJ' }), {
      RoleArn: 'r',
      RoleSessionName: 's',
    });
    assert.deepEqual(loggableValue(iamModel, 'CreateLoginProfileRequest', { UserName: 'alice', Password: 'hunter2' }), { UserName: 'alice' });
    assert.deepEqual(
      loggableValue(iamModel, 'CreateAccessKeyResponse', {
        AccessKey: { UserName: 'alice', AccessKeyId: 'AKIA', Status: 'Active', SecretAccessKey: 'secret', CreateDate: 1 },
      }),
      { AccessKey: { UserName: 'alice', AccessKeyId: 'AKIA', Status: 'Active', CreateDate: 1 } },
    );
    assert.deepEqual(
      loggableValue(iamModel, 'EnableMFADeviceRequest', {
        UserName: 'alice',
        SerialNumber: 'sn',
        AuthenticationCode1: '1',
        AuthenticationCode2: '2',
      }),
      { UserName: 'alice', SerialNumber: 'sn' },
    );
    assert.deepEqual(
      loggableValue(iamModel, 'CreateVirtualMFADeviceResponse', { VirtualMFADevice: { SerialNumber: 'sn', Base32StringSeed: new Uint8Array([1]) } }),
      { VirtualMFADevice: { SerialNumber: 'sn' } },
    );
  });

  it("leaves out S3's streamed object body", () => {
    assert.deepEqual(loggableValue(s3Model, 'PutObjectRequest', { Bucket: 'b', Key: 'k', Body: { kind: 'streaming-body' } }), {
      Bucket: 'b',
      Key: 'k',
    });
  });
});
