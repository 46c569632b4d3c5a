/**
 * Identity benchmarks (issue 4): authenticated iam:GetRole by a user whose policy must be evaluated,
 * sts:AssumeRole and (issue 16) the unsigned sts:AssumeRoleWithWebIdentity with a token from the lab's GitHub
 * Actions issuer, each as a ratio to the bare server; then the scale test of design.md "Performance budget" — the same loads with
 * 100,000 roles and 1,000,000 sessions in the store, which must stay within 20% of the empty lab.
 */
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateOpenIDConnectProviderCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetRoleCommand,
  IAMClient,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { openSqliteStore } from '../src/store/sqlite/open-sqlite-store.js';
import type { Json } from '../src/store/port.js';
import { load } from './load.js';
import type { LoadRequest, LoadResult } from './load.js';
import { BENCH_KEYS, startLabProcess, waitForHealth } from './servers.js';
import { signedQueryRequest } from './signing.js';

export interface IdentityFigures {
  readonly getRole: LoadResult;
  readonly assumeRole: LoadResult;
  readonly webIdentity: LoadResult;
  readonly callerIdentityWithSession: LoadResult;
}

const ACCOUNT = '123456789012';
export const POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Sid: 'ReadRoles', Effect: 'Allow', Action: ['iam:GetRole', 'iam:ListRoles'], Resource: `arn:aws:iam::${ACCOUNT}:role/*` },
    { Sid: 'FromHere', Effect: 'Allow', Action: 'iam:Get*', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': ['127.0.0.0/8', '::1/128'] } } },
    { Sid: 'NotTheAdmins', Effect: 'Deny', Action: 'iam:*', Resource: `arn:aws:iam::${ACCOUNT}:role/admin-*` },
    { Sid: 'Assume', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${ACCOUNT}:role/bench-*` },
    {
      Sid: 'InTime',
      Effect: 'Allow',
      Action: 'iam:List*',
      Resource: '*',
      Condition: { DateGreaterThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } },
    },
  ],
});

interface Setup {
  readonly user: { accessKeyId: string; secretAccessKey: string };
  readonly session: { accessKeyId: string; secretAccessKey: string; sessionToken: string };
  /** A GitHub Actions token from the lab's issuer, replayed for every AssumeRoleWithWebIdentity. */
  readonly webIdentityToken: string;
}

const GITHUB = 'https://token.actions.githubusercontent.com';
const GITHUB_SUB = 'repo:bench-org/bench-repo:ref:refs/heads/main';

/**
 * The IAM OIDC provider for GitHub Actions, a role trusting it for one repository's main branch (the trust
 * policy GitHub's documentation gives), and a token for that branch minted by the lab's issuer. The token lives
 * long enough for the scale rounds, which restart the lab on copies of its store (the issuer's key is stored).
 */
export async function setUpWebIdentity(url: string, iam: IAMClient): Promise<string> {
  const { OpenIDConnectProviderArn } = await iam.send(new CreateOpenIDConnectProviderCommand({ Url: GITHUB, ClientIDList: ['sts.amazonaws.com'] }));
  const host = GITHUB.replace('https://', '');
  const trust = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: OpenIDConnectProviderArn },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { [`${host}:aud`]: 'sts.amazonaws.com', [`${host}:sub`]: GITHUB_SUB } },
      },
    ],
  });
  await iam.send(new CreateRoleCommand({ RoleName: 'bench-web-role', AssumeRolePolicyDocument: trust }));
  const response = await fetch(`${url}/_iamlab/oidc/token`, {
    method: 'POST',
    body: JSON.stringify({ issuer: 'github', sub: GITHUB_SUB, aud: 'sts.amazonaws.com', expiresIn: '6h' }),
  });
  const minted = (await response.json()) as { token?: string; error?: string };
  if (minted.token === undefined) throw new Error(`the lab minted no token: ${minted.error ?? response.status}`);
  return minted.token;
}

/** A user with a five-statement policy, a role it may assume, one session of that role, and the web identity set-up. */
async function setUpIdentities(url: string): Promise<Setup> {
  const iam = new IAMClient({ endpoint: url, region: 'us-east-1', credentials: BENCH_KEYS });
  await iam.send(new CreateUserCommand({ UserName: 'bench-user' }));
  const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: 'bench-policy', PolicyDocument: POLICY }));
  await iam.send(new AttachUserPolicyCommand({ UserName: 'bench-user', PolicyArn: Policy?.Arn }));
  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'bench-user' }));
  const user = { accessKeyId: AccessKey?.AccessKeyId ?? '', secretAccessKey: AccessKey?.SecretAccessKey ?? '' };
  const trust = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }],
  });
  await iam.send(new CreateRoleCommand({ RoleName: 'bench-role', AssumeRolePolicyDocument: trust }));
  // The lab answers IAM immediately; check the user can read the role before measuring.
  await new IAMClient({ endpoint: url, region: 'us-east-1', credentials: user }).send(new GetRoleCommand({ RoleName: 'bench-role' }));
  const sts = new STSClient({ endpoint: url, region: 'us-east-1', credentials: user });
  const { Credentials } = await sts.send(
    new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/bench-role`, RoleSessionName: 'bench', DurationSeconds: 3600 }),
  );
  return {
    user,
    session: {
      accessKeyId: Credentials?.AccessKeyId ?? '',
      secretAccessKey: Credentials?.SecretAccessKey ?? '',
      sessionToken: Credentials?.SessionToken ?? '',
    },
    webIdentityToken: await setUpWebIdentity(url, iam),
  };
}

/** AssumeRoleWithWebIdentity as the SDKs send it: a form POST with no Authorization header (the operation is `noAuth`). */
export function webIdentityRequest(url: string, token: string): LoadRequest {
  const body = new URLSearchParams({
    Action: 'AssumeRoleWithWebIdentity',
    Version: '2011-06-15',
    RoleArn: `arn:aws:iam::${ACCOUNT}:role/bench-web-role`,
    RoleSessionName: 'bench',
    WebIdentityToken: token,
  }).toString();
  const headers = {
    host: new URL(url).host,
    'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
  };
  return { method: 'POST', path: '/', headers, body };
}

export async function identityLoads(url: string, setup: Setup, seconds: number): Promise<IdentityFigures> {
  const getRole: LoadRequest = await signedQueryRequest(url, 'iam', 'Action=GetRole&Version=2010-05-08&RoleName=bench-role', setup.user);
  const assumeRole: LoadRequest = await signedQueryRequest(
    url,
    'sts',
    `Action=AssumeRole&Version=2011-06-15&RoleArn=${encodeURIComponent(`arn:aws:iam::${ACCOUNT}:role/bench-role`)}&RoleSessionName=bench`,
    setup.user,
  );
  const webIdentity = webIdentityRequest(url, setup.webIdentityToken);
  const whoAmI: LoadRequest = await signedQueryRequest(url, 'sts', 'Action=GetCallerIdentity&Version=2011-06-15', setup.session);
  // A second of each first: a freshly started lab is still compiling its hot paths.
  for (const request of [getRole, assumeRole, webIdentity, whoAmI]) await load(url, [request], 1);
  return {
    getRole: await load(url, [getRole], seconds),
    assumeRole: await load(url, [assumeRole], seconds),
    webIdentity: await load(url, [webIdentity], seconds),
    callerIdentityWithSession: await load(url, [whoAmI], seconds),
  };
}

/**
 * The labs of this section keep every session record: by default a lab keeps 100,000
 * (IAMLAB_MAX_SESSION_RECORDS) and, once 2,000 sessions have been issued, would delete the seeded million in
 * the background during the first scale round — stalling that round and leaving the later ones without them.
 */
const KEEP_SESSIONS = { IAMLAB_MAX_SESSION_RECORDS: '5000000' };

/** Starts a lab on an existing data directory and waits until it answers. */
export async function startLabOn(dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<Awaited<ReturnType<typeof startLabProcess>>> {
  const lab = await startLabProcess(dataDir, { ...KEEP_SESSIONS, ...env });
  await waitForHealth(lab.url);
  return lab;
}

/**
 * Fills a stopped lab's SQLite store with `roles` roles and `sessions` session records, cloned from the
 * records the lab itself wrote for bench-role and its session (so they have exactly the stored shape).
 */
export async function seedScale(dataDir: string, roles: number, sessions: number): Promise<void> {
  const store = await openSqliteStore({ dataDir });
  try {
    const [roleEntry] = (await store.transaction((tx) => tx.list<Json>('iam-roles'))).filter((entry) =>
      JSON.stringify(entry.value).includes('bench-role'),
    );
    const [sessionEntry] = await store.transaction((tx) => tx.list<Json>('sessions', { limit: 1 }));
    if (roleEntry === undefined || sessionEntry === undefined) throw new Error('seedScale: run setUpIdentities first');
    const roleText = JSON.stringify(roleEntry.value);
    const sessionText = JSON.stringify(sessionEntry.value);
    const roleId = (roleEntry.value as { id: string }).id;
    // Session records are keyed `<expiry>/<access key id>` (store/repos/sessions-repo.ts); each copy gets its
    // own key id in key and record alike. A key without the expiry would be an older lab's, removed at the first trim.
    const { accessKeyId } = sessionEntry.value as { accessKeyId: string };
    if (!sessionEntry.key.endsWith(`/${accessKeyId}`)) throw new Error(`seedScale: unexpected session key ${sessionEntry.key}`);
    const expiryPrefix = sessionEntry.key.slice(0, -accessKeyId.length);
    const batch = 20_000;
    for (let start = 0; start < roles; start += batch) {
      await store.transaction(async (tx) => {
        for (let i = start; i < Math.min(roles, start + batch); i++) {
          const id = `AROASCALE${i.toString(36).toUpperCase().padStart(12, '0')}`;
          const value = JSON.parse(roleText.replaceAll(roleId, id).replaceAll('bench-role', `scale-role-${i}`)) as Json;
          await tx.put('iam-roles', `${ACCOUNT}/${id}`, value);
        }
      });
    }
    for (let start = 0; start < sessions; start += batch) {
      await store.transaction(async (tx) => {
        for (let i = start; i < Math.min(sessions, start + batch); i++) {
          const id = `ASIASCALE${i.toString(36).toUpperCase().padStart(11, '0')}`;
          await tx.put('sessions', `${expiryPrefix}${id}`, JSON.parse(sessionText.replaceAll(accessKeyId, id)) as Json);
        }
      });
    }
  } finally {
    await store.close();
  }
}

/**
 * Appends `count` audit events to a stopped lab's store, copies of the newest one the lab recorded (each with its
 * own request id), in batches as the lab's recorder writes them.
 */
export async function seedEvents(dataDir: string, count: number): Promise<void> {
  const store = await openSqliteStore({ dataDir });
  try {
    const [model] = await store.queryEvents({ newestFirst: true, limit: 1 });
    if (model === undefined) throw new Error('seedEvents: the lab has recorded no event yet');
    const bodyText = JSON.stringify(model.body);
    const batch = 10_000;
    for (let start = 0; start < count; start += batch) {
      const events = [];
      for (let i = start; i < Math.min(count, start + batch); i++) {
        const requestId = `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
        events.push({ ...model, requestId, body: JSON.parse(bodyText.replaceAll(model.requestId, requestId)) as Json });
      }
      await store.appendEvents(events.map(({ seq: _seq, ...event }) => event));
    }
  } finally {
    await store.close();
  }
}

export async function startSetUpLab(env: NodeJS.ProcessEnv = {}): Promise<{ lab: Awaited<ReturnType<typeof startLabProcess>>; setup: Setup }> {
  const lab = await startLabProcess(undefined, { ...KEEP_SESSIONS, ...env });
  await waitForHealth(lab.url);
  return { lab, setup: await setUpIdentities(lab.url) };
}
