/**
 * IamState and the IAM handlers below the gateway: change events, commit-then-apply, the mutex, lazy AWS
 * managed policies, caller-as-default for users and roles, and the reads the authorizer will use.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Principal } from '../../src/auth/principal.js';
import { Clock } from '../../src/clock/clock.js';
import { AwsError } from '../../src/errors/aws-error.js';
import { IdSource, seededRandom } from '../../src/ids/id-source.js';
import { CredentialView } from '../../src/services/identity/credential-view.js';
import { AwsManagedCatalog, fileCatalogSource } from '../../src/services/iam/aws-managed-catalog.js';
import type { IamChange } from '../../src/services/iam/iam-changes.js';
import { IamState } from '../../src/services/iam/iam-state.js';
import { createIamOperations, instanceProfileByArn, roleByArn, roleOfInstanceProfile, userPolicies } from '../../src/services/iam/index.js';
import type { ServiceContext } from '../../src/services/operation.js';
import type { Store } from '../../src/store/port.js';
import { accountsRepo } from '../../src/store/repos/identity-repo.js';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';

const ACCOUNT = '123456789012';
const ROOT: Principal = { type: 'root', account: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, userId: ACCOUNT, accessKeyId: 'AKIAROOT' };
const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
const POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });

// No virtual MFA devices here: DeleteUser's MFA prerequisite is covered end to end (test/mfa).
const iamOperations = createIamOperations({ holdings: { mfaDevices: () => 0 } });

describe('IamState', () => {
  let store: Store;
  let state: IamState;
  let catalogReads: number;
  const credentials = new CredentialView();
  const ids = new IdSource(seededRandom('iam-state'));

  const ctx = (principal: Principal = ROOT): ServiceContext => ({
    requestId: 'r',
    principal,
    account: ACCOUNT,
    region: 'us-east-1',
    nowMs: 1_700_000_000_000,
    clock: new Clock(() => 1_700_000_000_000),
    ids,
    iam: state,
  });

  const call = async (name: string, input: Record<string, unknown>, principal?: Principal): Promise<Record<string, unknown>> => {
    const op = iamOperations.get(name);
    if (op === undefined) throw new Error(`no operation ${name}`);
    return op.handle(input, ctx(principal));
  };

  const rejects = async (promise: Promise<unknown>, code: string, message: string): Promise<void> => {
    await assert.rejects(promise, (e: unknown) => e instanceof AwsError && e.code === code && e.message === message);
  };

  beforeEach(async () => {
    store = await openSqliteStore({ memory: true });
    await store.transaction((tx) => accountsRepo.insert(tx, { id: ACCOUNT, createdMs: 0 }));
    catalogReads = 0;
    const source = fileCatalogSource();
    state = await IamState.load(store, {
      catalog: new AwsManagedCatalog(() => {
        catalogReads += 1;
        return source();
      }),
    });
    state.deriveCredentials(credentials);
  });
  afterEach(async () => {
    await store.close();
  });

  it('emits typed events for instance-profile and role changes, after memory is updated', async () => {
    const seen: IamChange['type'][] = [];
    const unsubscribe = state.onChange((change) => {
      seen.push(change.type);
      if (change.type === 'role-added-to-instance-profile') {
        const profile = state.index.get('instance-profile', change.instanceProfile.instanceProfileId);
        assert.deepEqual(profile?.roleIds, [change.role.roleId]);
      }
    });
    await call('CreateRole', { RoleName: 'r', AssumeRolePolicyDocument: TRUST });
    await call('CreateInstanceProfile', { InstanceProfileName: 'p' });
    await call('AddRoleToInstanceProfile', { InstanceProfileName: 'p', RoleName: 'r' });
    await call('PutRolePolicy', { RoleName: 'r', PolicyName: 'x', PolicyDocument: POLICY });
    await call('RemoveRoleFromInstanceProfile', { InstanceProfileName: 'p', RoleName: 'r' });
    await call('DeleteInstanceProfile', { InstanceProfileName: 'p' });
    await call('DeleteRolePolicy', { RoleName: 'r', PolicyName: 'x' });
    await call('DeleteRole', { RoleName: 'r' });
    unsubscribe();
    await call('CreateRole', { RoleName: 'quiet', AssumeRolePolicyDocument: TRUST });
    assert.deepEqual(seen, [
      'role-created',
      'instance-profile-created',
      'role-added-to-instance-profile',
      'role-policies-changed',
      'role-removed-from-instance-profile',
      'instance-profile-deleted',
      'role-policies-changed',
      'role-deleted',
    ]);
  });

  it('a failed store transaction leaves memory as it was', async () => {
    let failWrites = false;
    const inner = store;
    const flaky: Store = {
      kind: inner.kind,
      transaction: (fn) => (failWrites ? Promise.reject(new Error('disk full')) : inner.transaction(fn)),
      appendEvents: (events) => inner.appendEvents(events),
      queryEvents: (query) => inner.queryEvents(query),
      pruneEvents: (max) => inner.pruneEvents(max),
      clear: () => inner.clear(),
      close: () => inner.close(),
    };
    state = await IamState.load(flaky);
    failWrites = true;
    await assert.rejects(call('CreateUser', { UserName: 'ghost' }), /disk full/);
    assert.equal(state.index.byName('user', ACCOUNT, 'ghost'), undefined);
    failWrites = false;
    await call('CreateUser', { UserName: 'ghost' });
    assert.equal(state.index.byName('user', ACCOUNT, 'ghost')?.name, 'ghost');
  });

  it('serialises mutations: two concurrent CreateUser of one name, one wins', async () => {
    const results = await Promise.allSettled([call('CreateUser', { UserName: 'Same' }), call('CreateUser', { UserName: 'same' })]);
    assert.deepEqual(results.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    assert.equal((rejected.reason as AwsError).code, 'EntityAlreadyExists');
  });

  it('reads the AWS managed policies file only on first use, once', async () => {
    await call('CreateUser', { UserName: 'u' });
    await call('ListPolicies', { Scope: 'Local' });
    assert.equal(catalogReads, 0);
    await call('AttachUserPolicy', { UserName: 'u', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' });
    await call('GetPolicy', { PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' });
    assert.equal(catalogReads, 1);
  });

  it('without UserName a user acts on itself; an assumed-role caller must name the user', async () => {
    await call('CreateUser', { UserName: 'self' });
    const created = (await call('CreateAccessKey', { UserName: 'self' })) as { AccessKey: { AccessKeyId: string } };
    const user = state.index.byName('user', ACCOUNT, 'self');
    assert.ok(user);
    const asUser: Principal = {
      type: 'user',
      account: ACCOUNT,
      arn: `arn:aws:iam::${ACCOUNT}:user/self`,
      userId: user.id,
      userName: 'self',
      accessKeyId: created.AccessKey.AccessKeyId,
    };
    const listed = (await call('ListAccessKeys', {}, asUser)) as { AccessKeyMetadata: { AccessKeyId: string }[] };
    assert.deepEqual(
      listed.AccessKeyMetadata.map((k) => k.AccessKeyId),
      [created.AccessKey.AccessKeyId],
    );
    assert.equal(((await call('GetUser', {}, asUser)) as { User: { UserName: string } }).User.UserName, 'self');
    assert.equal((credentials.find(created.AccessKey.AccessKeyId) as { status?: string } | undefined)?.status, 'Active');
    await call('UpdateAccessKey', { AccessKeyId: created.AccessKey.AccessKeyId, Status: 'Inactive' }, asUser);
    assert.equal((credentials.find(created.AccessKey.AccessKeyId) as { status?: string } | undefined)?.status, 'Inactive');

    const asRole: Principal = {
      type: 'assumed-role',
      account: ACCOUNT,
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/r/s`,
      userId: 'AROAEXAMPLE:s',
      roleArn: `arn:aws:iam::${ACCOUNT}:role/r`,
      roleId: 'AROAEXAMPLE',
      roleName: 'r',
      sessionName: 's',
      accessKeyId: 'ASIAEXAMPLE',
    };
    await rejects(call('GetUser', {}, asRole), 'ValidationError', 'Must specify userName when calling with non-User credentials');
    await rejects(call('ListAccessKeys', {}, asRole), 'ValidationError', 'Must specify userName when calling with non-User credentials');
  });

  it("exposes a user's policies (inline, attached, groups', boundary) and roles/profiles by ARN", async () => {
    await call('CreateUser', { UserName: 'u' });
    await call('PutUserPolicy', { UserName: 'u', PolicyName: 'inline', PolicyDocument: POLICY });
    await call('AttachUserPolicy', { UserName: 'u', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' });
    await call('CreateGroup', { GroupName: 'g' });
    await call('PutGroupPolicy', { GroupName: 'g', PolicyName: 'gp', PolicyDocument: POLICY });
    await call('AddUserToGroup', { GroupName: 'g', UserName: 'u' });
    const created = (await call('CreatePolicy', { PolicyName: 'b', PolicyDocument: POLICY })) as { Policy: { Arn: string } };
    await call('PutUserPermissionsBoundary', { UserName: 'u', PermissionsBoundary: created.Policy.Arn });
    const user = state.index.byName('user', ACCOUNT, 'U');
    assert.ok(user);
    const policies = userPolicies(state, user);
    assert.deepEqual(
      policies.inline.map((p) => [p.name, p.text]),
      [['inline', POLICY]],
    );
    assert.equal(policies.inline[0]?.document?.statements[0]?.action?.[0], 's3:GetObject');
    assert.deepEqual(
      policies.managed.map((p) => p.arn),
      ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
    );
    assert.ok((policies.managed[0]?.document?.statements.length ?? 0) > 0);
    assert.deepEqual(
      policies.groups.map((g) => [g.group.name, g.inline.map((p) => p.name)]),
      [['g', ['gp']]],
    );
    assert.equal(policies.boundary?.arn, created.Policy.Arn);

    await call('CreateRole', { RoleName: 'R', Path: '/x/', AssumeRolePolicyDocument: TRUST });
    await call('CreateInstanceProfile', { InstanceProfileName: 'P' });
    await call('AddRoleToInstanceProfile', { InstanceProfileName: 'P', RoleName: 'R' });
    const role = roleByArn(state, `arn:aws:iam::${ACCOUNT}:role/x/R`);
    assert.equal(role?.name, 'R');
    assert.equal(roleByArn(state, `arn:aws:iam::${ACCOUNT}:role/R`), undefined);
    const profile = instanceProfileByArn(state, `arn:aws:iam::${ACCOUNT}:instance-profile/P`);
    assert.ok(profile);
    assert.equal(roleOfInstanceProfile(state, profile)?.id, role?.id);
    assert.equal(state.index.get('role', role?.id ?? '')?.name, 'R');
  });

  it('reload picks up what is in the store (reset) and announces it', async () => {
    await call('CreateUser', { UserName: 'gone' });
    const seen: string[] = [];
    state.onChange((c) => seen.push(c.type));
    await store.clear();
    await state.reload();
    assert.equal(state.index.byName('user', ACCOUNT, 'gone'), undefined);
    assert.deepEqual(seen, ['reloaded']);
  });
});
