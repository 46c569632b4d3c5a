/**
 * `aws cloudtrail lookup-events` against a lab (aws-behaviour.md §13): the real AWS CLI looks up the lab's own
 * calls in CloudTrail's record shape — an AssumeRole and a denied one, a role session's identity, a window on the
 * virtual clock after it moved, NextToken paging and the CLI's own, AWS's error codes, and no event for a request
 * that never authenticated.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { awsCli, awsCliVersion, SKIP_NO_AWS_CLI } from '../support/clients.js';
import type { ClientCredentials, RunResult } from '../support/clients.js';
import { startIamLab } from '../iam/iam-lab.js';
import type { IamLab } from '../iam/iam-lab.js';

const HOUR = 3_600_000;

interface LookedUp {
  readonly Events: readonly {
    readonly EventId: string;
    readonly EventName: string;
    readonly ReadOnly: string;
    readonly AccessKeyId?: string;
    /** Epoch seconds as AWS sent them: the CLI v1 prints timestamps as it received them. */
    readonly EventTime: number | string;
    readonly EventSource: string;
    readonly Username?: string;
    readonly Resources: readonly { readonly ResourceType: string; readonly ResourceName: string }[];
    readonly CloudTrailEvent: string;
  }[];
  readonly NextToken?: string;
}

type Recorded = Record<string, unknown> & {
  readonly userIdentity: Record<string, unknown>;
  readonly requestParameters: Record<string, unknown> | null;
  readonly responseElements: Record<string, unknown> | null;
  readonly iamlab: { readonly decision: string | null };
};

function ok(result: RunResult): string {
  assert.equal(result.code, 0, `exit ${result.code}: ${result.stderr}`);
  return result.stdout;
}

function failed(result: RunResult): string {
  assert.notEqual(result.code, 0, `expected a failure, got: ${result.stdout}`);
  return result.stderr.trim();
}

const recordOf = (event: LookedUp['Events'][number]): Recorded => JSON.parse(event.CloudTrailEvent) as Recorded;

const timeOf = (event: LookedUp['Events'][number] | undefined): number =>
  typeof event?.EventTime === 'number' ? event.EventTime * 1000 : Date.parse(event?.EventTime ?? '');

describe('aws cloudtrail lookup-events', { skip: awsCliVersion() === false ? SKIP_NO_AWS_CLI : false }, () => {
  let l: IamLab;
  let account: string;
  let roleArn: string;
  let alice: ClientCredentials;
  let bob: ClientCredentials;
  let session: ClientCredentials;

  const lookup = async (credentials: ClientCredentials, ...args: string[]): Promise<LookedUp> =>
    JSON.parse(ok(await awsCli(l.lab.endpoint, credentials, ['cloudtrail', 'lookup-events', ...args]))) as LookedUp;
  const byUser = (name: string): string[] => ['--lookup-attributes', `AttributeKey=Username,AttributeValue=${name}`];

  before(async () => {
    l = await startIamLab();
    account = l.lab.accountId;
    const trust = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'sts:AssumeRole' }],
    };
    const role = await l.iam.send(new CreateRoleCommand({ RoleName: 'deployer', Path: '/ci/', AssumeRolePolicyDocument: JSON.stringify(trust) }));
    roleArn = role.Role?.Arn ?? '';
    const keyOf = async (name: string, policy?: object): Promise<ClientCredentials> => {
      await l.iam.send(new CreateUserCommand({ UserName: name }));
      if (policy !== undefined)
        await l.iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: JSON.stringify(policy) }));
      const { AccessKey } = await l.iam.send(new CreateAccessKeyCommand({ UserName: name }));
      return { accessKeyId: AccessKey?.AccessKeyId ?? '', secretAccessKey: AccessKey?.SecretAccessKey ?? '' };
    };
    alice = await keyOf('alice', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: roleArn }] });
    bob = await keyOf('bob');
  });
  after(async () => {
    await l.dispose();
  });

  it("lists the lab's AssumeRole calls newest first in CloudTrail's record shape, a denied one with AccessDenied", async () => {
    const assumed = JSON.parse(
      ok(await awsCli(l.lab.endpoint, alice, ['sts', 'assume-role', '--role-arn', roleArn, '--role-session-name', 'build-1'])),
    ) as { Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string } };
    session = {
      accessKeyId: assumed.Credentials.AccessKeyId,
      secretAccessKey: assumed.Credentials.SecretAccessKey,
      sessionToken: assumed.Credentials.SessionToken,
    };
    assert.match(
      failed(await awsCli(l.lab.endpoint, bob, ['sts', 'assume-role', '--role-arn', roleArn, '--role-session-name', 'bob-1'])),
      /\(AccessDenied\)/,
    );

    const { Events, NextToken } = await lookup(l.root, '--lookup-attributes', 'AttributeKey=EventName,AttributeValue=AssumeRole');
    assert.equal(NextToken, undefined);
    assert.deepEqual(
      Events.map((e) => [e.EventName, e.Username, e.ReadOnly, e.EventSource]),
      [
        ['AssumeRole', 'bob', 'true', 'sts.amazonaws.com'],
        ['AssumeRole', 'alice', 'true', 'sts.amazonaws.com'],
      ],
    );
    const [denied, granted] = Events;
    assert.ok(denied !== undefined && granted !== undefined);
    const refusal = recordOf(denied);
    assert.equal(refusal['errorCode'], 'AccessDenied');
    assert.match(String(refusal['errorMessage']), new RegExp(`^User: arn:aws:iam::${account}:user/bob is not authorized to perform: sts:AssumeRole`));
    assert.equal(refusal.responseElements, null);
    assert.equal(refusal.iamlab.decision, 'ImplicitlyDenied');

    assert.equal(granted.AccessKeyId, alice.accessKeyId);
    assert.deepEqual(granted.Resources, [{ ResourceType: 'AWS::IAM::Role', ResourceName: roleArn }]);
    assert.ok(Math.abs(timeOf(granted) - l.lab.clock.now()) < 60_000, String(granted.EventTime));
    const record = recordOf(granted);
    assert.equal(record['eventVersion'], '1.08');
    assert.equal(record['eventID'], granted.EventId);
    assert.equal(record['eventType'], 'AwsApiCall');
    assert.equal(record['eventCategory'], 'Management');
    assert.equal(record['managementEvent'], true);
    assert.equal(record['readOnly'], true);
    assert.equal(record['recipientAccountId'], account);
    assert.equal(record['awsRegion'], 'us-east-1');
    assert.match(String(record['userAgent']), /^aws-cli\//);
    assert.deepEqual(record.userIdentity, {
      type: 'IAMUser',
      principalId: record.userIdentity['principalId'],
      arn: `arn:aws:iam::${account}:user/alice`,
      accountId: account,
      accessKeyId: alice.accessKeyId,
      userName: 'alice',
    });
    assert.match(String(record.userIdentity['principalId']), /^AIDA/);
    assert.deepEqual(record.requestParameters, { roleArn, roleSessionName: 'build-1' });
    const credentials = record.responseElements?.['credentials'] as Record<string, string>;
    assert.deepEqual(Object.keys(credentials).sort(), ['accessKeyId', 'expiration']);
    assert.equal(credentials['accessKeyId'], session.accessKeyId);
    assert.match(credentials['expiration'] ?? '', /^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d\d:\d\d [AP]M$/);
    assert.deepEqual(record['resources'], [{ accountId: account, type: 'AWS::IAM::Role', ARN: roleArn }]);
    assert.equal(record.iamlab.decision, 'Allowed');
    // Neither the session's secret nor its token is anywhere in the trail.
    for (const event of Events) {
      assert.ok(!event.CloudTrailEvent.includes(session.secretAccessKey ?? '?'));
      assert.ok(!event.CloudTrailEvent.includes(session.sessionToken ?? '?'));
    }
  });

  it('shows a role session as AssumedRole, with the role (and its path) that issued it', async () => {
    ok(await awsCli(l.lab.endpoint, session, ['sts', 'get-caller-identity']));
    const { Events } = await lookup(l.root, ...byUser('build-1'));
    assert.deepEqual(
      Events.map((e) => e.EventName),
      ['GetCallerIdentity'],
    );
    const identity = recordOf(Events[0] ?? assert.fail('no event')).userIdentity;
    assert.equal(identity['type'], 'AssumedRole');
    assert.equal(identity['arn'], `arn:aws:sts::${account}:assumed-role/deployer/build-1`);
    assert.equal(identity['accessKeyId'], session.accessKeyId);
    const context = identity['sessionContext'] as { sessionIssuer: Record<string, string>; attributes: Record<string, string> };
    assert.deepEqual(context.sessionIssuer, {
      type: 'Role',
      principalId: String(identity['principalId']).split(':')[0],
      arn: roleArn,
      accountId: account,
      userName: 'deployer',
    });
    assert.equal(context.attributes['mfaAuthenticated'], 'false');
    assert.match(context.attributes['creationDate'] ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('narrows to a window of the virtual clock, also after the clock moved', async () => {
    const before = l.lab.clock.now();
    assert.equal(l.lab.clock.advance(2 * HOUR).kind, 'ok');
    ok(await awsCli(l.lab.endpoint, alice, ['sts', 'get-caller-identity']));
    const midway = new Date(before + HOUR).toISOString();
    const recent = await lookup(l.root, ...byUser('alice'), '--start-time', midway);
    assert.deepEqual(
      recent.Events.map((e) => e.EventName),
      ['GetCallerIdentity'],
    );
    assert.ok(timeOf(recent.Events[0]) >= before + 2 * HOUR);
    const earlier = await lookup(l.root, ...byUser('alice'), '--end-time', midway);
    assert.deepEqual(
      earlier.Events.map((e) => e.EventName),
      ['AssumeRole'],
    );
  });

  it("pages with --max-results and NextToken, and the CLI's own paging finds the same events", async () => {
    for (let i = 0; i < 3; i++) ok(await awsCli(l.lab.endpoint, alice, ['sts', 'get-caller-identity']));
    const all = await lookup(l.root, ...byUser('alice'));
    assert.equal(all.Events.length, 5);
    assert.deepEqual(
      all.Events.map((e) => e.EventName),
      ['GetCallerIdentity', 'GetCallerIdentity', 'GetCallerIdentity', 'GetCallerIdentity', 'AssumeRole'],
    );
    const ids = all.Events.map((e) => e.EventId);
    const first = await lookup(l.root, ...byUser('alice'), '--max-results', '2');
    assert.deepEqual(
      first.Events.map((e) => e.EventId),
      ids.slice(0, 2),
    );
    assert.ok(first.NextToken !== undefined);
    const second = await lookup(l.root, ...byUser('alice'), '--max-results', '2', '--next-token', first.NextToken);
    assert.deepEqual(
      second.Events.map((e) => e.EventId),
      ids.slice(2, 4),
    );
    const third = await lookup(l.root, ...byUser('alice'), '--max-results', '2', '--next-token', second.NextToken ?? '');
    assert.deepEqual(
      third.Events.map((e) => e.EventId),
      ids.slice(4),
    );
    assert.equal(third.NextToken, undefined);
    // The CLI pages by itself with --page-size, and stops at --max-items.
    const paged = await lookup(l.root, ...byUser('alice'), '--page-size', '1');
    assert.deepEqual(
      paged.Events.map((e) => e.EventId),
      ids,
    );
    const limited = await lookup(l.root, ...byUser('alice'), '--page-size', '2', '--max-items', '3');
    assert.deepEqual(
      limited.Events.map((e) => e.EventId),
      ids.slice(0, 3),
    );
    assert.ok(limited.NextToken !== undefined);
    // A token is refused with other parameters than those it was returned for.
    const other = await awsCli(l.lab.endpoint, l.root, [
      'cloudtrail',
      'lookup-events',
      ...byUser('bob'),
      '--max-results',
      '2',
      '--next-token',
      first.NextToken,
    ]);
    assert.match(failed(other), /\(InvalidNextTokenException\) when calling the LookupEvents operation/);
  });

  it("refuses bad input with AWS's error codes, and knows no other CloudTrail operation", async () => {
    const refused = async (...args: string[]): Promise<string> => failed(await awsCli(l.lab.endpoint, l.root, ['cloudtrail', ...args]));
    assert.match(await refused('lookup-events', '--max-results', '51'), /\(InvalidMaxResultsException\)/);
    assert.match(
      await refused(
        'lookup-events',
        '--lookup-attributes',
        'AttributeKey=Username,AttributeValue=alice',
        'AttributeKey=EventName,AttributeValue=AssumeRole',
      ),
      /\(InvalidLookupAttributesException\)/,
    );
    assert.match(
      await refused('lookup-events', '--start-time', '2030-01-02T00:00:00Z', '--end-time', '2030-01-01T00:00:00Z'),
      /\(InvalidTimeRangeException\)/,
    );
    assert.match(await refused('lookup-events', '--max-results', '5', '--next-token', 'bm90IGEgdG9rZW4'), /\(InvalidNextTokenException\)/);
    assert.deepEqual((await lookup(l.root, '--event-category', 'insight')).Events, []);
    assert.match(await refused('describe-trails'), /\(UnknownOperationException\) when calling the DescribeTrails operation/);
  });

  it('answers a user no policy allows with AccessDeniedException, and lists the denial', async () => {
    const stderr = failed(await awsCli(l.lab.endpoint, bob, ['cloudtrail', 'lookup-events']));
    assert.match(
      stderr,
      new RegExp(
        `\\(AccessDeniedException\\) when calling the LookupEvents operation: User: arn:aws:iam::${account}:user/bob is not authorized to perform: cloudtrail:LookupEvents`,
      ),
    );
    const { Events } = await lookup(l.root, ...byUser('bob'), '--max-results', '1');
    assert.equal(Events[0]?.EventName, 'LookupEvents');
    assert.equal(recordOf(Events[0] ?? assert.fail('no event'))['errorCode'], 'AccessDeniedException');
  });

  it('has no event for a request that never authenticated, nor in another Region for IAM and STS calls of us-east-1', async () => {
    const count = async (): Promise<number> =>
      (await lookup(l.root, '--lookup-attributes', `AttributeKey=AccessKeyId,AttributeValue=${alice.accessKeyId}`)).Events.length;
    const before = await count();
    const forged = { accessKeyId: alice.accessKeyId, secretAccessKey: 'x'.repeat(40) };
    assert.match(failed(await awsCli(l.lab.endpoint, forged, ['sts', 'get-caller-identity'])), /\(SignatureDoesNotMatch\)/);
    assert.equal(await count(), before);
    const elsewhere = JSON.parse(
      ok(await awsCli(l.lab.endpoint, l.root, ['cloudtrail', 'lookup-events', ...byUser('alice'), '--region', 'eu-west-1'])),
    ) as LookedUp;
    assert.deepEqual(elsewhere.Events, []);
  });
});
