/**
 * An audit event as CloudTrail's LookupEvents shows it (aws-behaviour.md §13.6): which events are listed, the
 * userIdentity of each kind of caller, parameters and answers in CloudTrail's spelling, resources, error codes.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { AuditEvent } from '../../src/audit/audit-event.js';
import { eventIdOf, lookupView } from '../../src/services/cloudtrail/cloudtrail-record.js';
import type { LookupView } from '../../src/services/cloudtrail/cloudtrail-record.js';
import { IamState } from '../../src/services/iam/iam-state.js';
import type { UserRecord } from '../../src/services/iam/records.js';
import type { Store } from '../../src/store/port.js';
import { accountsRepo } from '../../src/store/repos/identity-repo.js';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';

const ACCOUNT = '123456789012';
const OTHER = '111122223333';
const T0 = Date.UTC(2030, 0, 2, 3, 4, 5, 678);

const alice: UserRecord = {
  kind: 'user',
  account: ACCOUNT,
  id: 'AIDAALICEALICEALICE1',
  name: 'alice',
  path: '/eng/',
  createdMs: T0 - 60_000,
  boundaryArn: null,
  tags: [],
  inline: [],
  attached: [],
  groupIds: [],
};

function event(overrides: Partial<AuditEvent>): AuditEvent {
  return {
    timeMs: T0,
    requestId: '01a24c17-053a-7d80-ba57-6d9248f1dc49',
    sourceIp: '::ffff:192.0.2.7',
    userAgent: 'aws-cli/1.45.11',
    service: 'iam',
    operation: 'GetUser',
    action: 'iam:GetUser',
    resources: [`arn:aws:iam::${ACCOUNT}:user/eng/alice`],
    principalArn: `arn:aws:iam::${ACCOUNT}:user/eng/alice`,
    accessKeyId: 'AKIAALICEKEY00000001',
    principalId: alice.id,
    region: 'eu-west-1',
    decision: 'Allowed',
    decidedBy: 'identity policy p, statement #1 (Allow)',
    explanation: null,
    errorCode: null,
    errorMessage: null,
    status: 200,
    ...overrides,
  };
}

type Record_ = Record<string, unknown> & { userIdentity: Record<string, unknown> };

describe('CloudTrail records of audit events', () => {
  let store: Store;
  let iam: IamState;
  const view = (e: AuditEvent): LookupView => {
    const found = lookupView(e, iam);
    assert.ok(found !== undefined, 'the event is listed');
    return found;
  };
  const recordOf = (e: AuditEvent, viewer = ACCOUNT): Record_ => view(e).record(viewer) as Record_;

  beforeEach(async () => {
    store = await openSqliteStore({ memory: true });
    await store.transaction((tx) => accountsRepo.insert(tx, { id: ACCOUNT, createdMs: T0 - 3_600_000 }));
    iam = await IamState.load(store);
    await iam.mutate(() => ({ writes: [{ op: 'put', record: alice }], result: undefined }));
  });
  afterEach(async () => {
    await store.close();
  });

  it("writes an IAM user's call with CloudTrail's members in order, IAM's Region, and the lab's decision beside them", () => {
    const e = event({ parameters: { UserName: 'alice' } });
    const v = view(e);
    assert.equal(v.eventId, eventIdOf(e.requestId));
    assert.match(v.eventId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.deepEqual([v.eventName, v.readOnly, v.username, v.eventSource, v.region], ['GetUser', true, 'alice', 'iam.amazonaws.com', 'us-east-1']);
    assert.deepEqual(v.resources, [{ arn: `arn:aws:iam::${ACCOUNT}:user/eng/alice`, accountId: ACCOUNT, type: 'AWS::IAM::User', name: 'alice' }]);
    const record = recordOf(e);
    assert.deepEqual(Object.keys(record), [
      'eventVersion',
      'userIdentity',
      'eventTime',
      'eventSource',
      'eventName',
      'awsRegion',
      'sourceIPAddress',
      'userAgent',
      'requestParameters',
      'responseElements',
      'requestID',
      'eventID',
      'readOnly',
      'eventType',
      'managementEvent',
      'recipientAccountId',
      'eventCategory',
      'iamlab',
    ]);
    assert.deepEqual(record.userIdentity, {
      type: 'IAMUser',
      principalId: alice.id,
      arn: `arn:aws:iam::${ACCOUNT}:user/eng/alice`,
      accountId: ACCOUNT,
      accessKeyId: 'AKIAALICEKEY00000001',
      userName: 'alice',
    });
    assert.equal(record['eventTime'], '2030-01-02T03:04:05Z');
    assert.equal(record['sourceIPAddress'], '192.0.2.7');
    assert.deepEqual(record['requestParameters'], { userName: 'alice' });
    assert.equal(record['responseElements'], null, 'a read-only call keeps no answer');
    assert.deepEqual(record['iamlab'], { decision: 'Allowed', decidedBy: 'identity policy p, statement #1 (Allow)', explanation: null });
  });

  it('marks beside the decision a request let in by --accept-any-key', () => {
    const record = recordOf(event({ acceptedAnyKey: { account: ACCOUNT, sessionTokenIgnored: true } }));
    assert.deepEqual((record['iamlab'] as { acceptedAnyKey?: unknown }).acceptedAnyKey, { account: ACCOUNT, sessionTokenIgnored: true });
    assert.equal('acceptedAnyKey' in (recordOf(event({}))['iamlab'] as object), false);
  });

  it("writes a role session's userIdentity with its issuer (path included), its creation and MFA, and a web identity's provider", () => {
    const e = event({
      service: 'sts',
      operation: 'GetCallerIdentity',
      action: 'sts:GetCallerIdentity',
      resources: ['*'],
      principalArn: `arn:aws:sts::${ACCOUNT}:assumed-role/deployer/build-1`,
      principalId: 'AROADEPLOYERDEPLOYER:build-1',
      accessKeyId: 'ASIASESSIONKEY000001',
      session: {
        issuedMs: T0 - 120_000,
        mfa: true,
        roleArn: `arn:aws:iam::${ACCOUNT}:role/ci/deployer`,
        roleId: 'AROADEPLOYERDEPLOYER',
        webIdentityProvider: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`,
        sourceIdentity: 'alice',
      },
    });
    assert.equal(view(e).username, 'build-1');
    assert.equal(view(e).region, 'eu-west-1');
    assert.deepEqual(recordOf(e).userIdentity, {
      type: 'AssumedRole',
      principalId: 'AROADEPLOYERDEPLOYER:build-1',
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/deployer/build-1`,
      accountId: ACCOUNT,
      accessKeyId: 'ASIASESSIONKEY000001',
      sessionContext: {
        sessionIssuer: {
          type: 'Role',
          principalId: 'AROADEPLOYERDEPLOYER',
          arn: `arn:aws:iam::${ACCOUNT}:role/ci/deployer`,
          accountId: ACCOUNT,
          userName: 'deployer',
        },
        webIdFederationData: { federatedProvider: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`, attributes: {} },
        attributes: { creationDate: '2030-01-02T03:02:05Z', mfaAuthenticated: 'true' },
        sourceIdentity: 'alice',
      },
    });
  });

  it('reads a role session recorded before sessions were kept: the issuer from the ARN and the principal id', () => {
    const e = event({
      principalArn: `arn:aws:sts::${ACCOUNT}:assumed-role/deployer/build-1`,
      principalId: 'AROADEPLOYERDEPLOYER:build-1',
      accessKeyId: 'ASIASESSIONKEY000001',
    });
    assert.deepEqual((recordOf(e).userIdentity as { sessionContext: unknown }).sessionContext, {
      sessionIssuer: {
        type: 'Role',
        principalId: 'AROADEPLOYERDEPLOYER',
        arn: `arn:aws:iam::${ACCOUNT}:role/deployer`,
        accountId: ACCOUNT,
        userName: 'deployer',
      },
      webIdFederationData: {},
    });
  });

  it("writes the root, a GetSessionToken session's attributes, and a federated user's issuing user", () => {
    const root = recordOf(event({ principalArn: `arn:aws:iam::${ACCOUNT}:root`, principalId: ACCOUNT, accessKeyId: 'AKIAROOTKEY000000001' }));
    assert.deepEqual(root.userIdentity, {
      type: 'Root',
      principalId: ACCOUNT,
      arn: `arn:aws:iam::${ACCOUNT}:root`,
      accountId: ACCOUNT,
      accessKeyId: 'AKIAROOTKEY000000001',
    });
    const withSession = recordOf(event({ accessKeyId: 'ASIAALICESESSION0001', session: { issuedMs: T0, mfa: false } }));
    assert.deepEqual(withSession.userIdentity['sessionContext'], { attributes: { creationDate: '2030-01-02T03:04:05Z', mfaAuthenticated: 'false' } });
    const federated = event({
      service: 'sts',
      operation: 'GetCallerIdentity',
      principalArn: `arn:aws:sts::${ACCOUNT}:federated-user/bob`,
      principalId: `${ACCOUNT}:bob`,
      accessKeyId: 'ASIAFEDERATED0000001',
      session: { issuedMs: T0, mfa: false, issuerUserId: alice.id },
    });
    assert.equal(view(federated).username, 'bob');
    assert.deepEqual(recordOf(federated).userIdentity, {
      type: 'FederatedUser',
      principalId: `${ACCOUNT}:bob`,
      arn: `arn:aws:sts::${ACCOUNT}:federated-user/bob`,
      accountId: ACCOUNT,
      accessKeyId: 'ASIAFEDERATED0000001',
      sessionContext: {
        sessionIssuer: {
          type: 'IAMUser',
          principalId: alice.id,
          arn: `arn:aws:iam::${ACCOUNT}:user/eng/alice`,
          accountId: ACCOUNT,
          userName: 'alice',
        },
        webIdFederationData: {},
        attributes: { creationDate: '2030-01-02T03:04:05Z', mfaAuthenticated: 'false' },
      },
    });
  });

  it("writes AssumeRole's parameters and answer in CloudTrail's spelling, with its role as a resource, to both accounts", () => {
    const roleArn = `arn:aws:iam::${OTHER}:role/ci/deployer`;
    const e = event({
      service: 'sts',
      operation: 'AssumeRole',
      action: 'sts:AssumeRole',
      resources: [roleArn],
      parameters: { RoleArn: roleArn, RoleSessionName: 'build-1', Tags: [{ Key: 'team', Value: 'a' }] },
      response: {
        Credentials: { AccessKeyId: 'ASIANEW', Expiration: Date.UTC(2025, 9, 27, 0, 16, 57) },
        AssumedRoleUser: { AssumedRoleId: 'AROAX:build-1', Arn: `arn:aws:sts::${OTHER}:assumed-role/deployer/build-1` },
      },
    });
    const v = view(e);
    assert.deepEqual(v.recipients, [ACCOUNT, OTHER]);
    assert.equal(v.readOnly, true, 'STS calls are read-only');
    assert.deepEqual(
      v.resources.map((r) => [r.type, r.name]),
      [['AWS::IAM::Role', roleArn]],
    );
    const mine = recordOf(e);
    assert.deepEqual(mine['requestParameters'], { roleArn, roleSessionName: 'build-1', tags: [{ key: 'team', value: 'a' }] });
    assert.deepEqual(mine['responseElements'], {
      credentials: { accessKeyId: 'ASIANEW', expiration: 'Oct 27, 2025, 12:16:57 AM' },
      assumedRoleUser: { assumedRoleId: 'AROAX:build-1', arn: `arn:aws:sts::${OTHER}:assumed-role/deployer/build-1` },
    });
    assert.deepEqual(mine['resources'], [{ accountId: OTHER, type: 'AWS::IAM::Role', ARN: roleArn }]);
    assert.equal(mine['recipientAccountId'], ACCOUNT);
    const theirs = recordOf(e, OTHER);
    assert.deepEqual(theirs.userIdentity, { type: 'AWSAccount', principalId: alice.id, accountId: ACCOUNT });
    assert.equal(theirs['recipientAccountId'], OTHER);
  });

  it('writes a denial with its code and message, and no answer; EC2 prefixes its codes with Client.', () => {
    const denied = recordOf(
      event({ decision: 'ImplicitlyDenied', errorCode: 'AccessDenied', errorMessage: 'User: … is not authorized', status: 403 }),
    );
    assert.equal(denied['errorCode'], 'AccessDenied');
    assert.equal(denied['errorMessage'], 'User: … is not authorized');
    assert.deepEqual(Object.keys(denied).slice(8, 10), ['errorCode', 'errorMessage']);
    const ec2 = recordOf(
      event({
        service: 'ec2',
        operation: 'TerminateInstances',
        errorCode: 'UnauthorizedOperation',
        errorMessage: 'You are not authorized',
        status: 403,
      }),
    );
    assert.equal(ec2['errorCode'], 'Client.UnauthorizedOperation');
    assert.equal(ec2['readOnly'], false);
  });

  it('names the caller of a federated call as CloudTrail does, and the container agents as AWS services', () => {
    const web = event({
      service: 'sts',
      operation: 'AssumeRoleWithWebIdentity',
      principalArn: 'arn:aws:iam::123456789012:oidc-provider/issuer.example:sts.amazonaws.com:repo:o/r',
      accessKeyId: null,
      federatedCaller: {
        type: 'WebIdentityUser',
        principalId: 'arn:aws:iam::123456789012:oidc-provider/issuer.example:sts.amazonaws.com:repo:o/r',
        userName: 'repo:o/r',
        identityProvider: 'arn:aws:iam::123456789012:oidc-provider/issuer.example',
      },
      resources: [`arn:aws:iam::${ACCOUNT}:role/gh`],
    });
    assert.equal(view(web).username, 'repo:o/r');
    assert.deepEqual(view(web).recipients, [ACCOUNT]);
    assert.deepEqual(recordOf(web).userIdentity, {
      type: 'WebIdentityUser',
      principalId: 'arn:aws:iam::123456789012:oidc-provider/issuer.example:sts.amazonaws.com:repo:o/r',
      userName: 'repo:o/r',
      identityProvider: 'arn:aws:iam::123456789012:oidc-provider/issuer.example',
    });
    const agent = event({
      service: 'ecs',
      operation: 'GetCredentials',
      action: 'sts:AssumeRole',
      principalArn: 'ecs-tasks.amazonaws.com',
      accessKeyId: null,
      resources: [`arn:aws:iam::${ACCOUNT}:role/task`],
    });
    const record = recordOf(agent);
    assert.deepEqual([view(agent).eventSource, view(agent).eventName], ['sts.amazonaws.com', 'AssumeRole']);
    assert.deepEqual(record.userIdentity, { type: 'AWSService', invokedBy: 'ecs-tasks.amazonaws.com' });
    assert.equal(record['sourceIPAddress'], 'ecs-tasks.amazonaws.com');
    assert.deepEqual(record['requestParameters'], { roleArn: `arn:aws:iam::${ACCOUNT}:role/task` });
  });

  it('lists no request that never authenticated, no S3 data event, no federated call whose token was not verified', () => {
    const unlisted: Partial<AuditEvent>[] = [
      { principalArn: null, accessKeyId: null, errorCode: 'SignatureDoesNotMatch', decision: null },
      { operation: null, principalArn: null, accessKeyId: null, errorCode: 'ValidationError' },
      { service: 's3', operation: 'GetObject', action: 's3:GetObject' },
      { service: 's3', operation: 'ListObjectsV2', action: 's3:ListBucket', principalArn: null, accessKeyId: null },
      { service: 'sts', operation: 'AssumeRoleWithWebIdentity', principalArn: null, accessKeyId: null, errorCode: 'InvalidIdentityToken' },
      { service: 'ecs', operation: 'GetCredentials', action: null, principalArn: 'ecs-tasks.amazonaws.com', accessKeyId: null },
      { service: null, operation: null, principalArn: null, accessKeyId: null, errorCode: 'UnrecognizedService' },
    ];
    for (const overrides of unlisted) assert.equal(lookupView(event(overrides), iam), undefined, JSON.stringify(overrides));
    assert.notEqual(lookupView(event({ service: 's3', operation: 'CreateBucket', resources: ['arn:aws:s3:::b'] }), iam), undefined);
  });
});
