/**
 * IAM's usage answers from the audit trail, on the virtual clock (aws-behaviour.md §12.3): GetAccessKeyLastUsed,
 * the credential report and its generation states, service last accessed data (access advisor) at service and
 * action level, the Organizations access report of a standalone account — and that they outlive the audit
 * trail's pruning and a restart.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { IAMClient } from '@aws-sdk/client-iam';
import {
  AttachRolePolicyCommand,
  CreateAccessKeyCommand,
  CreateLoginProfileCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteAccountPasswordPolicyCommand,
  GenerateCredentialReportCommand,
  GenerateOrganizationsAccessReportCommand,
  GenerateServiceLastAccessedDetailsCommand,
  GetAccessKeyLastUsedCommand,
  GetCredentialReportCommand,
  GetOrganizationsAccessReportCommand,
  GetRoleCommand,
  GetServiceLastAccessedDetailsCommand,
  GetServiceLastAccessedDetailsWithEntitiesCommand,
  ListUsersCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  UpdateAccessKeyCommand,
  UpdateAccountPasswordPolicyCommand,
  UploadSigningCertificateCommand,
} from '@aws-sdk/client-iam';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { temporaryCredentials } from '../support/temporary-credentials.js';
import { failure, startIamLab } from './iam-lab.js';
import { selfSigned } from './test-certificates.js';
import type { IamLab } from './iam-lab.js';

const ACCOUNT = '123456789012';
const DAY = 86_400_000;
const HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,' +
  'access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,' +
  'access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,' +
  'cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';
const ISO_OFFSET = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/;

type Keys = { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string };

const sts = (l: IamLab, credentials: Keys, region = 'us-east-1'): STSClient =>
  new STSClient({ endpoint: l.lab.endpoint, region, credentials, maxAttempts: 1 });
const s3 = (l: IamLab, credentials: Keys, region = 'us-east-1'): S3Client =>
  new S3Client({ endpoint: l.lab.endpoint, region, credentials, forcePathStyle: true, maxAttempts: 1 });

async function userWithKey(l: IamLab, name: string, policy?: object): Promise<Keys> {
  await l.iam.send(new CreateUserCommand({ UserName: name }));
  if (policy !== undefined) await l.iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: JSON.stringify(policy) }));
  const { AccessKey } = await l.iam.send(new CreateAccessKeyCommand({ UserName: name }));
  return { accessKeyId: AccessKey?.AccessKeyId ?? '', secretAccessKey: AccessKey?.SecretAccessKey ?? '' };
}

/** Moves the lab's virtual clock; what the lab writes on the wire stays in the client's frame (design.md "Time"). */
const advance = (l: IamLab, ms: number): void => {
  const moved = l.lab.clock.advance(ms);
  assert.equal(moved.kind, 'ok');
};

const near = (actual: Date | undefined, expectedMs: number, what: string): void => {
  assert.ok(actual !== undefined, `${what}: no date`);
  assert.ok(Math.abs(actual.getTime() - expectedMs) < 5_000, `${what}: ${actual.toISOString()} is not ${new Date(expectedMs).toISOString()}`);
};

async function reportCsv(iam: IAMClient): Promise<string[][]> {
  const { Content, ReportFormat, GeneratedTime } = await iam.send(new GetCredentialReportCommand({}));
  assert.equal(ReportFormat, 'text/csv');
  assert.ok(GeneratedTime instanceof Date);
  return Buffer.from(Content ?? new Uint8Array())
    .toString('utf8')
    .split('\n')
    .map((line) => line.split(','));
}

describe('IAM usage answers', () => {
  let l: IamLab;
  before(async () => {
    l = await startIamLab();
  });
  after(async () => {
    await l.dispose();
  });

  it('GetAccessKeyLastUsed: N/A before the first use, then the virtual date, service and region of the last use', async () => {
    const alice = await userWithKey(l, 'alice');
    const before = await l.iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: alice.accessKeyId }));
    assert.equal(before.UserName, 'alice');
    assert.deepEqual(before.AccessKeyLastUsed, { ServiceName: 'N/A', Region: 'N/A' });

    const usedAt = Date.now();
    await sts(l, alice, 'eu-west-1').send(new GetCallerIdentityCommand({}));
    const used = await l.iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: alice.accessKeyId }));
    near(used.AccessKeyLastUsed?.LastUsedDate, usedAt, 'just used');
    assert.equal(used.AccessKeyLastUsed?.ServiceName, 'sts');
    assert.equal(used.AccessKeyLastUsed?.Region, 'eu-west-1');

    // 40 days later on the lab's clock the same use is 40 days old, seen from the client's clock.
    advance(l, 40 * DAY);
    const later = await l.iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: alice.accessKeyId }));
    near(later.AccessKeyLastUsed?.LastUsedDate, usedAt - 40 * DAY, '40 days on');

    // A new use counts; another within 15 minutes of it does not (IAM-UG id_credentials_getting-report).
    await s3(l, alice, 'eu-central-1')
      .send(new ListBucketsCommand({}))
      .catch(() => undefined);
    await sts(l, alice, 'ap-south-1').send(new GetCallerIdentityCommand({}));
    const again = await l.iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: alice.accessKeyId }));
    near(again.AccessKeyLastUsed?.LastUsedDate, Date.now(), 'used again');
    assert.equal(again.AccessKeyLastUsed?.ServiceName, 's3');
    assert.equal(again.AccessKeyLastUsed?.Region, 'eu-central-1');
  });

  it('GetAccessKeyLastUsed of a key the account does not hold is AccessDenied; without permission, the usual denial', async () => {
    const response = await fetch(`${l.lab.endpoint}/_iamlab/accounts`, { method: 'POST', body: JSON.stringify({ account: '210987654321' }) });
    const other = (await response.json()) as { accessKeyId: string };
    for (const id of [other.accessKeyId, 'AKIAIOSFODNN7EXAMPLE']) {
      const refused = await failure(() => l.iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: id })));
      assert.deepEqual(refused, {
        code: 'AccessDenied',
        status: 403,
        message: `User: arn:aws:iam::${ACCOUNT}:root is not authorized to perform: iam:GetAccessKeyLastUsed on resource: access key ${id}`,
      });
    }
    const bob = await userWithKey(l, 'bob');
    const mine = await l.iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: l.root.accessKeyId }));
    assert.equal(mine.UserName, undefined);
    assert.equal(mine.AccessKeyLastUsed?.ServiceName, 'iam');
    const denied = await failure(() => l.client(bob).send(new GetAccessKeyLastUsedCommand({ AccessKeyId: bob.accessKeyId })));
    assert.equal(denied.code, 'AccessDenied');
    assert.match(
      denied.message,
      new RegExp(
        `^User: arn:aws:iam::${ACCOUNT}:user/bob is not authorized to perform: iam:GetAccessKeyLastUsed on resource: arn:aws:iam::${ACCOUNT}:user/bob`,
      ),
    );
  });

  it('the credential report: not present, STARTED, COMPLETE, AWS CSV, expired after 4 hours, started again', async () => {
    const absent = await failure(() => l.iam.send(new GetCredentialReportCommand({})));
    // Sent without a message, as AWS is seen to (aws-iam-s3-more.md §A1.2): the SDKs say `Unknown`, as botocore does.
    assert.deepEqual(absent, { code: 'ReportNotPresent', status: 410, message: 'Unknown' });

    const carol = await userWithKey(l, 'carol');
    await l.iam.send(new CreateAccessKeyCommand({ UserName: 'carol' }));
    await l.iam.send(new UpdateAccessKeyCommand({ UserName: 'carol', AccessKeyId: carol.accessKeyId, Status: 'Active' }));
    await sts(l, carol, 'us-west-2').send(new GetCallerIdentityCommand({}));

    const started = await l.iam.send(new GenerateCredentialReportCommand({}));
    assert.equal(started.State, 'STARTED');
    assert.equal(started.Description, 'No report exists. Starting a new report generation task');
    const complete = await l.iam.send(new GenerateCredentialReportCommand({}));
    assert.equal(complete.State, 'COMPLETE');
    assert.equal(complete.Description, undefined);

    const lines = await reportCsv(l.iam);
    assert.equal(lines[0]?.join(','), HEADER);
    const root = lines[1] ?? [];
    assert.deepEqual(root.slice(0, 2), ['<root_account>', `arn:aws:iam::${ACCOUNT}:root`]);
    assert.match(root[2] ?? '', ISO_OFFSET);
    assert.deepEqual(root.slice(3, 8), ['not_supported', 'no_information', 'not_supported', 'not_supported', 'false']);
    assert.equal(root[8], 'true');
    assert.equal(root[12], 'iam');
    const row = lines.find((line) => line[0] === 'carol') ?? [];
    assert.equal(row.length, 22);
    assert.equal(row[1], `arn:aws:iam::${ACCOUNT}:user/carol`);
    assert.deepEqual(row.slice(3, 8), ['false', 'N/A', 'N/A', 'N/A', 'false']);
    assert.equal(row[8], 'true');
    assert.match(row[9] ?? '', ISO_OFFSET);
    assert.match(row[10] ?? '', ISO_OFFSET);
    assert.deepEqual(row.slice(11, 13), ['us-west-2', 'sts']);
    assert.equal(row[13], 'true');
    assert.deepEqual(row.slice(15, 22), ['N/A', 'N/A', 'N/A', 'false', 'N/A', 'false', 'N/A']);
    const alice = lines.find((line) => line[0] === 'alice') ?? [];
    // alice's last use went to S3, whose region the report does not give.
    assert.deepEqual(alice.slice(11, 13), ['N/A', 's3']);

    // The same report for 4 hours; then it has expired and the next GenerateCredentialReport starts another.
    advance(l, 3 * 3_600_000);
    assert.equal((await l.iam.send(new GenerateCredentialReportCommand({}))).State, 'COMPLETE');
    advance(l, 3_600_000);
    const expired = await failure(() => l.iam.send(new GetCredentialReportCommand({})));
    assert.equal(expired.code, 'ReportExpired');
    assert.equal(expired.status, 410);
    await l.iam.send(new CreateUserCommand({ UserName: 'dave' }));
    assert.equal((await l.iam.send(new GenerateCredentialReportCommand({}))).State, 'STARTED');
    assert.ok((await reportCsv(l.iam)).some((line) => line[0] === 'dave'));
  });

  it('the credential report shows a console password, its rotation under the password policy, and signing certificates', async () => {
    await l.iam.send(new CreateUserCommand({ UserName: 'erin' }));
    await l.iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 8, MaxPasswordAge: 90 }));
    await l.iam.send(new CreateLoginProfileCommand({ UserName: 'erin', Password: 'Correct-Horse-9' }));
    const nowMs = l.lab.clock.toWall(l.lab.clock.now());
    await l.iam.send(new UploadSigningCertificateCommand({ UserName: 'erin', CertificateBody: selfSigned(nowMs, 'erin').certificate }));
    // A report made before erin existed may still be fresh: let it expire, then make one that lists her.
    advance(l, 4 * 3_600_000);
    await l.iam.send(new GenerateCredentialReportCommand({}));
    const row = (await reportCsv(l.iam)).find((line) => line[0] === 'erin') ?? [];
    assert.equal(row[3], 'true', 'password_enabled');
    assert.equal(row[4], 'no_information', 'password_last_used: console sign-in is not emulated');
    assert.match(row[5] ?? '', ISO_OFFSET);
    const changed = Date.parse(row[5] ?? '');
    assert.equal(Date.parse(row[6] ?? ''), changed + 90 * DAY, 'password_next_rotation: 90 days after the change');
    assert.deepEqual([row[18], row[20], row[21]], ['true', 'false', 'N/A'], 'cert_1_active, cert_2_active, cert_2_last_rotated');
    assert.match(row[19] ?? '', ISO_OFFSET);
    await l.iam.send(new DeleteAccountPasswordPolicyCommand({}));
  });

  it('service last accessed names the services a role called, at service and action level, with its entities', async () => {
    await l.iam.send(
      new CreateRoleCommand({
        RoleName: 'auditor',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }],
        }),
      }),
    );
    const allow = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['s3:ListAllMyBuckets', 's3:GetObject', 'iam:ListUsers', 'iam:GetUser', 'sts:GetCallerIdentity'], Resource: '*' },
      ],
    };
    await l.iam.send(new PutRolePolicyCommand({ RoleName: 'auditor', PolicyName: 'read', PolicyDocument: JSON.stringify(allow) }));
    const frank = await userWithKey(l, 'frank', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] });
    const { Credentials } = await sts(l, frank).send(
      new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/auditor`, RoleSessionName: 'audit' }),
    );
    const session = temporaryCredentials({
      AccessKeyId: Credentials?.AccessKeyId ?? '',
      SecretAccessKey: Credentials?.SecretAccessKey ?? '',
      SessionToken: Credentials?.SessionToken ?? '',
    });
    const calledAt = Date.now();
    await s3(l, session, 'eu-west-3').send(new ListBucketsCommand({}));
    await l.client(session).send(new ListUsersCommand({}));
    const roleArn = `arn:aws:iam::${ACCOUNT}:role/auditor`;
    // GetRole's RoleLastUsed: the last request of a session of the role (IAM, in us-east-1, after S3 in eu-west-3).
    const lastUsed = (await l.iam.send(new GetRoleCommand({ RoleName: 'auditor' }))).Role?.RoleLastUsed;
    assert.equal(lastUsed?.Region, 'us-east-1');
    assert.ok(Math.abs((lastUsed?.LastUsedDate?.getTime() ?? 0) - calledAt) < 5000, 'RoleLastUsed.LastUsedDate is the call');

    const { JobId } = await l.iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: roleArn }));
    assert.match(JobId ?? '', /^[0-9a-f-]{36}$/);
    const details = await l.iam.send(new GetServiceLastAccessedDetailsCommand({ JobId }));
    assert.equal(details.JobStatus, 'COMPLETED');
    assert.equal(details.JobType, 'SERVICE_LEVEL');
    assert.equal(details.IsTruncated, false);
    assert.deepEqual(
      details.ServicesLastAccessed?.map((s) => [s.ServiceNamespace, s.ServiceName, s.TotalAuthenticatedEntities]),
      [
        ['iam', 'AWS Identity and Access Management (IAM)', 1],
        ['s3', 'Amazon S3', 1],
        ['sts', 'AWS Security Token Service', 0],
      ],
    );
    const s3Access = details.ServicesLastAccessed?.find((s) => s.ServiceNamespace === 's3');
    near(s3Access?.LastAuthenticated, calledAt, 's3 last authenticated');
    assert.equal(s3Access?.LastAuthenticatedEntity, roleArn);
    assert.equal(s3Access?.LastAuthenticatedRegion, 'eu-west-3');
    assert.equal(s3Access?.TrackedActionsLastAccessed, undefined);
    const stsAccess = details.ServicesLastAccessed?.find((s) => s.ServiceNamespace === 'sts');
    assert.equal(stsAccess?.LastAuthenticated, undefined);

    const actionLevel = await l.iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: roleArn, Granularity: 'ACTION_LEVEL' }));
    const actions = await l.iam.send(new GetServiceLastAccessedDetailsCommand({ JobId: actionLevel.JobId }));
    assert.equal(actions.JobType, 'ACTION_LEVEL');
    const iamActions = actions.ServicesLastAccessed?.find((s) => s.ServiceNamespace === 'iam')?.TrackedActionsLastAccessed;
    assert.deepEqual(
      iamActions?.map((a) => a.ActionName),
      ['GetUser', 'ListUsers'],
    );
    assert.deepEqual(iamActions?.[0], { ActionName: 'GetUser' });
    assert.equal(iamActions?.[1]?.LastAccessedEntity, roleArn);
    assert.equal(iamActions?.[1]?.LastAccessedRegion, 'us-east-1');
    // S3's data events (GetObject) are not tracked by action.
    const s3Actions = actions.ServicesLastAccessed?.find((s) => s.ServiceNamespace === 's3')?.TrackedActionsLastAccessed;
    assert.deepEqual(
      s3Actions?.map((a) => a.ActionName),
      ['ListAllMyBuckets'],
    );
    assert.equal(actions.ServicesLastAccessed?.find((s) => s.ServiceNamespace === 'sts')?.TrackedActionsLastAccessed, undefined);

    const entities = await l.iam.send(new GetServiceLastAccessedDetailsWithEntitiesCommand({ JobId, ServiceNamespace: 's3' }));
    assert.equal(entities.JobStatus, 'COMPLETED');
    assert.equal(entities.EntityDetailsList?.length, 1);
    assert.equal(entities.EntityDetailsList?.[0]?.EntityInfo?.Arn, roleArn);
    assert.equal(entities.EntityDetailsList?.[0]?.EntityInfo?.Type, 'ROLE');
    near(entities.EntityDetailsList?.[0]?.LastAuthenticated, calledAt, 'entity last authenticated');

    // Past the 400-day tracking period, nothing is reported.
    advance(l, 401 * DAY);
    const old = await l.iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: roleArn }));
    const stale = await l.iam.send(new GetServiceLastAccessedDetailsCommand({ JobId: old.JobId }));
    assert.ok(stale.ServicesLastAccessed?.every((s) => s.LastAuthenticated === undefined && s.TotalAuthenticatedEntities === 0));
  });

  it('a managed policy report lists the entities it is attached to; MaxItems pages', async () => {
    const { Policy } = await l.iam.send(
      new CreatePolicyCommand({
        PolicyName: 'everything',
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }),
      }),
    );
    await l.iam.send(
      new CreateRoleCommand({
        RoleName: 'admin',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }],
        }),
      }),
    );
    await l.iam.send(new AttachRolePolicyCommand({ RoleName: 'admin', PolicyArn: Policy?.Arn }));
    const { JobId } = await l.iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: Policy?.Arn }));
    const first = await l.iam.send(new GetServiceLastAccessedDetailsCommand({ JobId, MaxItems: 100 }));
    assert.equal(first.IsTruncated, true);
    assert.equal(first.ServicesLastAccessed?.length, 100);
    const second = await l.iam.send(new GetServiceLastAccessedDetailsCommand({ JobId, Marker: first.Marker }));
    assert.ok((second.ServicesLastAccessed?.[0]?.ServiceNamespace ?? '') > (first.ServicesLastAccessed?.[99]?.ServiceNamespace ?? ''));
    const entities = await l.iam.send(new GetServiceLastAccessedDetailsWithEntitiesCommand({ JobId, ServiceNamespace: 'ec2' }));
    assert.deepEqual(
      entities.EntityDetailsList?.map((e) => [e.EntityInfo?.Name, e.LastAuthenticated]),
      [['admin', undefined]],
    );
  });

  it('access advisor errors: an ARN it cannot report on, a missing entity, an unknown job', async () => {
    const invalid = await failure(() =>
      l.iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: `arn:aws:iam::${ACCOUNT}:instance-profile/x` })),
    );
    assert.deepEqual(invalid, { code: 'InvalidInput', status: 400, message: `ARN arn:aws:iam::${ACCOUNT}:instance-profile/x is not valid.` });
    // Validated before any policy is asked (aws-behaviour.md §10.2): a caller without permission gets the same.
    const nobody = l.client(await userWithKey(l, 'nobody'));
    const arn = `arn:aws:iam::${ACCOUNT}:instance-profile/x`;
    assert.equal((await failure(() => nobody.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: arn })))).code, 'InvalidInput');
    const denied = await failure(() => nobody.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: `arn:aws:iam::${ACCOUNT}:user/nobody` })));
    assert.match(
      denied.message,
      /is not authorized to perform: iam:GenerateServiceLastAccessedDetails on resource: arn:aws:iam::123456789012:user\/nobody/,
    );
    const missing = await failure(() => l.iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: `arn:aws:iam::${ACCOUNT}:role/nobody` })));
    assert.deepEqual(missing, { code: 'NoSuchEntity', status: 404, message: 'The role with name nobody cannot be found.' });
    const jobId = '00000000-0000-4000-8000-000000000000';
    const unknown = await failure(() => l.iam.send(new GetServiceLastAccessedDetailsCommand({ JobId: jobId })));
    assert.deepEqual(unknown, { code: 'NoSuchEntity', status: 404, message: `The job with id ${jobId} cannot be found.` });
  });

  it('the Organizations access report answers as for an account outside an organization', async () => {
    const generate = await failure(() =>
      l.iam.send(new GenerateOrganizationsAccessReportCommand({ EntityPath: 'o-a1b2c3d4e5/r-f6g7h8i9j0example' })),
    );
    assert.equal(generate.code, 'OrganizationNotFoundException');
    assert.equal(generate.status, 400);
    const jobId = '00000000-0000-4000-8000-000000000001';
    const get = await failure(() => l.iam.send(new GetOrganizationsAccessReportCommand({ JobId: jobId })));
    assert.deepEqual(get, { code: 'NoSuchEntity', status: 404, message: `The job with id ${jobId} cannot be found.` });
  });
});

describe('IAM usage answers: generation time, pruning and restarts', () => {
  it('a report that takes time: INPROGRESS and ReportInProgress until it is ready on the virtual clock', async () => {
    const l = await startIamLab({ credentialReportMs: 10_000 });
    try {
      assert.equal((await l.iam.send(new GenerateCredentialReportCommand({}))).State, 'STARTED');
      assert.equal((await l.iam.send(new GenerateCredentialReportCommand({}))).State, 'INPROGRESS');
      const busy = await failure(() => l.iam.send(new GetCredentialReportCommand({})));
      assert.equal(busy.code, 'ReportInProgress');
      assert.equal(busy.status, 404);
      advance(l, 10_000);
      assert.equal((await l.iam.send(new GenerateCredentialReportCommand({}))).State, 'COMPLETE');
      assert.equal((await reportCsv(l.iam))[1]?.[0], '<root_account>');
    } finally {
      await l.dispose();
    }
  });

  it('last-used data outlives the audit trail and a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'iamlab-usage-'));
    try {
      let l = await startIamLab({ dataDir, keepData: true });
      const erin = await userWithKey(l, 'erin', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:*', Resource: '*' }] });
      await sts(l, erin, 'sa-east-1').send(new GetCallerIdentityCommand({}));
      await l.dispose();
      // Every event gone: what the usage answers need is kept apart.
      l = await startIamLab({ dataDir, keepData: true });
      assert.ok((await l.lab.store.pruneEvents(0)) > 0);
      await l.dispose();
      l = await startIamLab({ dataDir, keepData: true });
      try {
        assert.deepEqual(await l.lab.store.queryEvents({ principalArn: `arn:aws:iam::${ACCOUNT}:user/erin` }), []);
        const used = await l.iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: erin.accessKeyId }));
        assert.equal(used.AccessKeyLastUsed?.ServiceName, 'sts');
        assert.equal(used.AccessKeyLastUsed?.Region, 'sa-east-1');
        const { JobId } = await l.iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: `arn:aws:iam::${ACCOUNT}:user/erin` }));
        const details = await l.iam.send(new GetServiceLastAccessedDetailsCommand({ JobId }));
        assert.deepEqual(
          details.ServicesLastAccessed?.map((s) => [s.ServiceNamespace, s.LastAuthenticatedRegion]),
          [['sts', 'sa-east-1']],
        );
      } finally {
        await l.dispose();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
