/**
 * The usage index below the gateway (aws-behaviour.md §12.3): what it records of an audit event, the 15-minute
 * rule of key use, what it forgets with deleted keys and entities, that it writes and reads back what it keeps —
 * and the credential report's cells and CSV, and the services a set of policies allows.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { AuditEvent } from '../../src/audit/audit-event.js';
import { IamState } from '../../src/services/iam/iam-state.js';
import type { RoleRecord, UserRecord } from '../../src/services/iam/records.js';
import { allowedServices } from '../../src/services/usage/allowed-services.js';
import { credentialReportCsv, credentialReportRows, noCredentialFacts, reportTime } from '../../src/services/usage/credential-report.js';
import type { ServiceCatalog } from '../../src/services/service-catalog.js';
import { serviceCatalog } from '../../src/services/service-catalog.js';
import { UsageIndex } from '../../src/services/usage/usage-index.js';
import type { Store } from '../../src/store/port.js';
import { accountsRepo } from '../../src/store/repos/identity-repo.js';
import type { StoredAccessKey } from '../../src/store/repos/identity-repo.js';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';

const ACCOUNT = '123456789012';
const T0 = Date.UTC(2030, 0, 2, 3, 4, 5);
const MINUTE = 60_000;

const user: UserRecord = {
  kind: 'user',
  account: ACCOUNT,
  id: 'AIDAUSERUSERUSERUSER1',
  name: 'alice',
  path: '/',
  createdMs: T0 - MINUTE,
  boundaryArn: null,
  tags: [],
  inline: [],
  attached: [],
  groupIds: [],
};
const role: RoleRecord = {
  kind: 'role',
  account: ACCOUNT,
  id: 'AROAROLEROLEROLEROLE1',
  name: 'worker',
  path: '/app/',
  createdMs: T0,
  trust: '{}',
  trustPrincipalIds: [],
  description: null,
  maxSessionDuration: 3600,
  boundaryArn: null,
  tags: [],
  inline: [],
  attached: [],
};
const key: StoredAccessKey = {
  accessKeyId: 'AKIAUSERKEY000000001',
  secretAccessKey: 'x'.repeat(40),
  account: ACCOUNT,
  owner: { type: 'user', userName: 'alice', userId: user.id, path: '/' },
  status: 'Active',
  createdMs: T0 - MINUTE,
};

function event(overrides: Partial<AuditEvent>): AuditEvent {
  return {
    timeMs: T0,
    requestId: 'r',
    sourceIp: '127.0.0.1',
    userAgent: '',
    service: 'sts',
    operation: 'GetCallerIdentity',
    action: 'sts:GetCallerIdentity',
    resources: [],
    principalArn: `arn:aws:iam::${ACCOUNT}:user/alice`,
    accessKeyId: key.accessKeyId,
    principalId: user.id,
    region: 'eu-west-1',
    decision: 'Allowed',
    decidedBy: null,
    explanation: null,
    errorCode: null,
    errorMessage: null,
    status: 200,
    ...overrides,
  };
}

describe('UsageIndex', () => {
  let store: Store;
  let iam: IamState;
  let usage: UsageIndex;

  beforeEach(async () => {
    store = await openSqliteStore({ memory: true });
    await store.transaction((tx) => accountsRepo.insert(tx, { id: ACCOUNT, createdMs: T0 - 3_600_000 }));
    iam = await IamState.load(store);
    await iam.mutate(() => ({
      writes: [
        { op: 'put', record: user },
        { op: 'put', record: role },
        { op: 'put-key', key },
      ],
      result: undefined,
    }));
    usage = await UsageIndex.load(store, iam);
  });
  afterEach(async () => {
    await store.close();
  });

  it('records a key use once per 15 minutes, and a later use after that', () => {
    usage.follow(event({}));
    usage.follow(event({ timeMs: T0 + 14 * MINUTE, service: 's3', action: 's3:ListAllMyBuckets', region: 'us-west-2' }));
    assert.deepEqual(usage.keyUse(key.accessKeyId), {
      accessKeyId: key.accessKeyId,
      account: ACCOUNT,
      lastUsedMs: T0,
      service: 'sts',
      region: 'eu-west-1',
    });
    usage.follow(event({ timeMs: T0 + 15 * MINUTE, service: 's3', action: 's3:ListAllMyBuckets', region: 'us-west-2' }));
    assert.equal(usage.keyUse(key.accessKeyId)?.service, 's3');
    assert.equal(usage.keyUse(key.accessKeyId)?.lastUsedMs, T0 + 15 * MINUTE);
  });

  it('records services by entity (a role session as its role), actions only for the services tracked by action', () => {
    usage.follow(event({ accessKeyId: 'ASIASESSION000000001', principalId: `${role.id}:s1`, service: 's3', action: 's3:ListAllMyBuckets' }));
    usage.follow(event({ accessKeyId: 'ASIASESSION000000001', principalId: `${role.id}:s1`, timeMs: T0 + 1, action: 'sts:GetCallerIdentity' }));
    const services = usage.servicesOf(ACCOUNT, role.id).sort((a, b) => a.namespace.localeCompare(b.namespace));
    assert.deepEqual(
      services.map((s) => [s.namespace, s.entityArn, s.lastMs, Object.keys(s.actions)]),
      [
        ['s3', `arn:aws:iam::${ACCOUNT}:role/app/worker`, T0, ['ListAllMyBuckets']],
        ['sts', `arn:aws:iam::${ACCOUNT}:role/app/worker`, T0 + 1, []],
      ],
    );
    assert.deepEqual(usage.roleLastUsed(ACCOUNT, role.id), { ms: T0 + 1, region: 'eu-west-1' });
    // A temporary key is no long-term key; unauthenticated and root requests are no entity's.
    assert.equal(usage.keyUse('ASIASESSION000000001'), undefined);
    usage.follow(event({ principalId: ACCOUNT, accessKeyId: 'AKIAROOTKEY000000001' }));
    const { principalId: _omitted, ...anonymous } = event({ accessKeyId: null });
    usage.follow(anonymous);
    assert.deepEqual(usage.servicesOf(ACCOUNT, ACCOUNT), []);
  });

  it('writes what changed, reads it back, and forgets deleted keys and entities', async () => {
    usage.follow(event({}));
    usage.follow(event({ principalId: `${role.id}:s`, accessKeyId: 'ASIA0000000000000002' }));
    await usage.persist();
    const again = await UsageIndex.load(store, iam);
    assert.equal(again.keyUse(key.accessKeyId)?.lastUsedMs, T0);
    assert.equal(again.servicesOf(ACCOUNT, user.id).length, 1);
    assert.equal(again.servicesOf(ACCOUNT, role.id).length, 1);

    await iam.mutate(() => ({
      writes: [{ op: 'delete-key', key }],
      events: [{ type: 'access-key-changed', accessKeyId: key.accessKeyId }],
      result: undefined,
    }));
    await iam.mutate(() => ({
      writes: [{ op: 'delete', record: role }],
      events: [{ type: 'role-deleted', role: { account: ACCOUNT, roleId: role.id, roleName: role.name, roleArn: '' } }],
      result: undefined,
    }));
    assert.equal(usage.keyUse(key.accessKeyId), undefined);
    assert.deepEqual(usage.servicesOf(ACCOUNT, role.id), []);
    await usage.persist();
    const third = await UsageIndex.load(store, iam);
    assert.equal(third.keyUse(key.accessKeyId), undefined);
    assert.deepEqual(third.servicesOf(ACCOUNT, role.id), []);
    assert.equal(third.servicesOf(ACCOUNT, user.id).length, 1);
  });

  it("builds the credential report's rows and CSV with AWS's cells", () => {
    usage.follow(event({ service: 's3', action: 's3:ListAllMyBuckets' }));
    const rows = credentialReportRows(iam.index, usage, noCredentialFacts, ACCOUNT);
    const csv = credentialReportCsv(rows, (ms) => ms).split('\n');
    assert.equal(csv.length, 3);
    assert.equal(
      csv[1],
      `<root_account>,arn:aws:iam::${ACCOUNT}:root,2030-01-02T02:04:05+00:00,not_supported,no_information,not_supported,not_supported,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
    );
    assert.equal(
      csv[2],
      `alice,arn:aws:iam::${ACCOUNT}:user/alice,2030-01-02T03:03:05+00:00,false,N/A,N/A,N/A,false,true,2030-01-02T03:03:05+00:00,2030-01-02T03:04:05+00:00,N/A,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
    );
    // A frame moves every time written (the client's, on the wire); a password, MFA and certificates come from their facts.
    const facts = {
      password: () => ({ changedMs: T0, nextRotationMs: T0 + 90 * 86_400_000 }),
      mfaActive: () => true,
      signingCertificates: () => [{ active: true, uploadedMs: T0 }],
    };
    const shifted = credentialReportCsv(credentialReportRows(iam.index, usage, facts, ACCOUNT), (ms) => ms - 1000).split('\n');
    assert.match(
      shifted[2] ?? '',
      /^alice,[^,]+,2030-01-02T03:03:04\+00:00,true,no_information,2030-01-02T03:04:04\+00:00,2030-04-02T03:04:04\+00:00,true,/,
    );
    assert.match(shifted[2] ?? '', /,true,2030-01-02T03:04:04\+00:00,false,N\/A$/);
    assert.equal(reportTime(Date.UTC(2024, 0, 2, 3, 4, 5, 999)), '2024-01-02T03:04:05+00:00');
  });
});

describe('allowedServices', () => {
  const doc = (...statements: object[]) => ({ statements: statements as never });
  const fake: ServiceCatalog = {
    namespaces: () => Promise.resolve(['s3', 'sts', 'iam']),
    name: (ns) => Promise.resolve(ns),
    actions: (ns) =>
      Promise.resolve(
        { s3: ['GetObject', 'ListAllMyBuckets'], sts: ['AssumeRole'], iam: ['GetUser', 'ListUsers'] }[ns]?.map((name) => ({
          name,
          resourceTypes: [],
        })) ?? [],
      ),
  };
  const shown = (allowed: ReadonlyMap<string, 'all' | ReadonlySet<string>>) =>
    [...allowed].map(([ns, actions]) => [ns, actions === 'all' ? 'all' : [...actions].sort()]).sort();

  it('takes Allow statements, wildcards included, and ignores Deny', async () => {
    const allowed = await allowedServices(
      [doc({ effect: 'Allow', action: ['s3:get*', 'iam:List*', 'sts:Nothing*'] }, { effect: 'Deny', action: ['*'] })],
      fake,
    );
    assert.deepEqual(shown(allowed), [
      ['iam', ['ListUsers']],
      ['s3', ['GetObject']],
    ]);
    assert.deepEqual(shown(await allowedServices([doc({ effect: 'Allow', action: ['*'] })], fake)), [
      ['iam', 'all'],
      ['s3', 'all'],
      ['sts', 'all'],
    ]);
  });

  it('reads NotAction as every action of every service but those named', async () => {
    const allowed = await allowedServices([doc({ effect: 'Allow', notAction: ['iam:*', 's3:GetObject'] })], fake);
    assert.deepEqual(shown(allowed), [
      ['s3', ['ListAllMyBuckets']],
      ['sts', 'all'],
    ]);
  });

  it("names services as the reference titles them (the package's data)", async () => {
    assert.equal(await serviceCatalog.name('s3'), 'Amazon S3');
    assert.equal(await serviceCatalog.name('no-such-service'), undefined);
    assert.ok((await serviceCatalog.actions('iam')).some((action) => action.name === 'GetAccessKeyLastUsed'));
  });
});
