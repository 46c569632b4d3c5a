/** buildRequestContext: the global keys of aws-behaviour.md §7.6 from principal, credentials and request. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildRequestContext, contextToRecord } from '../../src/policy/evaluator.js';
import { PRINCIPALS } from './principals.js';

const NOW = Date.UTC(2024, 9, 10, 9, 43, 48, 85);
const request = { region: 'us-east-1', secureTransport: true, sourceIp: '203.0.113.9' };
const get = (p: keyof typeof PRINCIPALS, extra: Partial<Parameters<typeof buildRequestContext>[0]> = {}) =>
  contextToRecord(buildRequestContext({ principal: PRINCIPALS[p]!, credentials: { kind: 'long-term' }, request, nowMs: NOW, ...extra }));

test('IAM user with long-term keys: no TokenIssueTime or MFA keys, username present', () => {
  const c = get('alice');
  assert.equal(c['aws:CurrentTime'], '2024-10-10T09:43:48.085Z');
  assert.equal(c['aws:EpochTime'], '1728553428');
  assert.equal(c['aws:PrincipalArn'], 'arn:aws:iam::111111111111:user/alice');
  assert.equal(c['aws:PrincipalType'], 'User');
  assert.equal(c['aws:userid'], 'AIDAALICEEXAMPLE00001');
  assert.equal(c['aws:username'], 'alice');
  assert.equal(c['aws:PrincipalAccount'], '111111111111');
  assert.equal(c['aws:SecureTransport'], 'true');
  assert.equal(c['aws:SourceIp'], '203.0.113.9');
  assert.equal(c['aws:RequestedRegion'], 'us-east-1');
  assert.equal(c['aws:TokenIssueTime'], undefined);
  assert.equal(c['aws:MultiFactorAuthPresent'], undefined);
});

test('role session from IMDS: role ARN with path, AROA:session userid, ec2 keys, MFA false', () => {
  const c = get('instance', {
    credentials: {
      kind: 'temporary',
      issuedAtMs: NOW - 60_000,
      ec2: {
        instanceArn: 'arn:aws:ec2:us-east-1:111111111111:instance/i-0123456789abcdef0',
        roleDelivery: '2.0',
        vpcId: 'vpc-1',
        privateIpv4: '10.0.0.5',
      },
    },
  });
  assert.equal(c['aws:PrincipalArn'], 'arn:aws:iam::111111111111:role/InstanceRole');
  assert.equal(c['aws:PrincipalType'], 'AssumedRole');
  assert.equal(c['aws:userid'], 'AROAINSTANCEEXAMPLE01:i-0123456789abcdef0');
  assert.equal(c['aws:username'], undefined);
  assert.equal(c['aws:TokenIssueTime'], '2024-10-10T09:42:48.085Z');
  assert.equal(c['aws:MultiFactorAuthPresent'], 'false');
  assert.equal(c['aws:MultiFactorAuthAge'], undefined);
  assert.equal(c['ec2:SourceInstanceARN'], 'arn:aws:ec2:us-east-1:111111111111:instance/i-0123456789abcdef0');
  assert.equal(c['ec2:RoleDelivery'], '2.0');
  assert.equal(c['aws:Ec2InstanceSourceVpc'], 'vpc-1');
});

test('MFA age counts whole seconds from the clock passed in', () => {
  const c = get('alice', { credentials: { kind: 'temporary', issuedAtMs: NOW - 90_500, mfaAuthenticatedAtMs: NOW - 90_500 } });
  assert.equal(c['aws:MultiFactorAuthPresent'], 'true');
  assert.equal(c['aws:MultiFactorAuthAge'], '90');
});

test('root, federated user and tags', () => {
  const root = get('root');
  assert.equal(root['aws:PrincipalType'], 'Account');
  assert.equal(root['aws:userid'], '111111111111');
  assert.equal(root['aws:PrincipalArn'], 'arn:aws:iam::111111111111:root');
  const fed = get('fed');
  assert.equal(fed['aws:PrincipalType'], 'FederatedUser');
  assert.equal(fed['aws:userid'], '111111111111:carol');
  const tagged = get('alice', {
    principalTags: { team: 'red' },
    request: { ...request, requestTags: { env: 'dev', owner: 'x' }, resourceTags: { team: 'red' }, extra: { 'sts:ExternalId': 'e' } },
  });
  assert.equal(tagged['aws:PrincipalTag/team'], 'red');
  assert.equal(tagged['aws:RequestTag/env'], 'dev');
  assert.deepEqual(tagged['aws:TagKeys'], ['env', 'owner']);
  assert.equal(tagged['aws:ResourceTag/team'], 'red');
  assert.equal(tagged['sts:ExternalId'], 'e');
  assert.equal(get('anonymous')['aws:PrincipalType'], 'Anonymous');
});
