/**
 * The paths of the CPU section (bench/cpu.ts), each with the lab's side and a bare yardstick's side. One lab,
 * started as a user starts it, is set up once for all of them: a user with one inline policy (the
 * five-statement policy of bench/identity.ts) and a role it may assume; the GitHub Actions web identity of
 * bench/identity.ts; a role that requires MFA and a pool of users with virtual MFA devices (bench/mfa-codes.ts);
 * a running instance for IMDS (bench/imds.ts); a bucket holding a 1 KiB object (bench/s3.ts). Each yardstick is
 * a bare node:http child process answering a body of the size the lab answers for that path: bench/bare-server.ts
 * with the lab's own answer captured once, bench/bare-s3-server.ts for S3 (the 1 KiB from memory; a PUT written,
 * fsynced and renamed, as the lab's blob store does), the bare IMDS server of bench/imds.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  IAMClient,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { EMPTY_SHA256, sha256Hex } from '../src/auth/sigv4/index.js';
import { base32Decode } from '../src/lib/base32.js';
import { hotp, TOTP_STEP_MS, totpStep } from '../src/lib/totp.js';
import { POLICY, setUpWebIdentity, webIdentityRequest } from './identity.js';
import { credentialBodies, fetchCount, launchInstance, startBareImdsServer } from './imds.js';
import { loadCount } from './load.js';
import type { LoadRequest } from './load.js';
import { MfaCodePool, mfaAssumeRoleRequest } from './mfa-codes.js';
import type { PoolDevice } from './mfa-codes.js';
import { exchange, expectOk, presignedGetTarget, signedHeaders, startBareS3Server } from './s3.js';
import { BENCH_KEYS, startBareServer } from './servers.js';
import type { Child } from './servers.js';
import { signedQueryRequest } from './signing.js';

const ACCOUNT = '123456789012';
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/bench-role`;
const MFA_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/bench-mfa-role`;
const BUCKET = 'cpu-bucket';
const SMALL_BYTES = 1024;
/** IAM's quota of MFA devices per user (src/services/mfa/mfa-errors.ts, MFADevicesPerUser). */
const DEVICES_PER_USER = 8;

export interface Ran {
  readonly seconds: number;
  readonly failed: number;
}

/** One server's side of a path: its process, and a run of exactly `count` units (requests, or IMDS fetches). */
export interface Side {
  readonly pid: number;
  /** A warm-up of its own in every round, when not the path's (the lab's MFA requests each need a fresh code). */
  readonly warmup?: number;
  /** Before a warm-up and the counted run that follows it, `units` in all (the MFA pool waits for codes). */
  prepare?(units: number): Promise<void>;
  run(count: number): Promise<Ran>;
}

export interface CpuPath {
  readonly name: string;
  /** What one unit is, when not one request. */
  readonly unit: 'request' | 'fetch';
  /** bare / iamlab, CPU per unit, to reach (issue 21). */
  readonly target?: number;
  readonly count: number;
  readonly warmup: number;
  readonly lab: Side;
  readonly bare: Side;
}

interface Counts {
  readonly requests: number;
  readonly warmup: number;
  readonly mfaRequests: number;
  readonly mfaWarmup: number;
  readonly imdsFetches: number;
  readonly imdsWarmup: number;
}

type Keys = { readonly accessKeyId: string; readonly secretAccessKey: string };

/** A keep-alive side: `make()` signs the request afresh (a signature holds 15 minutes), then it is replayed. */
function replayed(url: string, pid: number, make: () => Promise<LoadRequest>): Side {
  return { pid, run: async (count) => loadCount(url, await make(), count) };
}

/** What the lab answers to `request`: its body, after checking it is a 200. */
async function answerOf(url: string, request: LoadRequest, what: string): Promise<Buffer> {
  const response = await fetch(url + request.path, { method: request.method, headers: request.headers, body: request.body ?? null });
  const body = Buffer.from(await response.arrayBuffer());
  if (response.status !== 200) throw new Error(`${what}: HTTP ${response.status} ${body.toString('utf8').slice(0, 400)}`);
  return body;
}

async function userWithPolicy(iam: IAMClient, userName: string): Promise<Keys> {
  await iam.send(new CreateUserCommand({ UserName: userName }));
  await iam.send(new PutUserPolicyCommand({ UserName: userName, PolicyName: 'bench-policy', PolicyDocument: POLICY }));
  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: userName }));
  return { accessKeyId: AccessKey?.AccessKeyId ?? '', secretAccessKey: AccessKey?.SecretAccessKey ?? '' };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A device enabled with the codes of the two steps before now, leaving the codes of now and now + 1 to use
 * (EnableMFADevice takes two consecutive codes, the second within one step of now). Not in a step's last
 * second, so that the lab checks them in the same step.
 */
async function enabledDevice(iam: IAMClient, userName: string, user: Keys, name: string): Promise<PoolDevice> {
  const { VirtualMFADevice } = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: name }));
  const seed = base32Decode(Buffer.from(VirtualMFADevice?.Base32StringSeed ?? new Uint8Array()).toString('ascii'));
  const serialNumber = VirtualMFADevice?.SerialNumber ?? '';
  if (seed === undefined) throw new Error(`the seed of ${name} did not decode`);
  const intoStep = Date.now() % TOTP_STEP_MS;
  if (intoStep > TOTP_STEP_MS - 1_000) await sleep(TOTP_STEP_MS - intoStep + 10);
  const now = totpStep(Date.now());
  await iam.send(
    new EnableMFADeviceCommand({
      UserName: userName,
      SerialNumber: serialNumber,
      AuthenticationCode1: hotp(seed, now - 2),
      AuthenticationCode2: hotp(seed, now - 1),
    }),
  );
  return { serialNumber, seed, user, lastUsedStep: now - 1 };
}

/**
 * Enough devices for one round's MFA requests, `units`, even in the worst case: right after set-up a device has
 * two codes (now, now + 1) and, near a step's end, may have one fewer for two seconds (bench/mfa-codes.ts);
 * `waitForCodes` holds a round back until a step boundary when the rounds come too close together.
 */
async function mfaPool(iam: IAMClient, units: number): Promise<MfaCodePool> {
  const users = Math.ceil((units * 1.1) / DEVICES_PER_USER);
  const devices: PoolDevice[] = [];
  let next = 0;
  // Eight users set up at a time; names of fixed width, so that every request has the same size.
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let u = next++; u < users; u = next++) {
        const userName = `cpu-mfa-${String(u).padStart(4, '0')}`;
        const user = await userWithPolicy(iam, userName);
        for (let d = 0; d < DEVICES_PER_USER; d++) devices.push(await enabledDevice(iam, userName, user, `${userName}-d${d}`));
      }
    }),
  );
  return new MfaCodePool(devices);
}

/** Holds a round back (up to three step boundaries) until the pool has its `units` codes with a device's worth to spare. */
async function waitForCodes(pool: MfaCodePool, units: number): Promise<void> {
  for (let waits = 0; pool.available(Date.now()) < units + pool.size; waits++) {
    if (waits === 3) throw new Error(`the MFA pool has ${pool.available(Date.now())} codes, ${units + pool.size} needed`);
    await sleep(TOTP_STEP_MS - (Date.now() % TOTP_STEP_MS) + 50);
  }
}

/** Sets the lab up and starts the yardsticks; the paths, and a stop for the yardsticks (the lab is the caller's). */
export async function cpuPaths(lab: Child, counts: Counts): Promise<{ readonly paths: readonly CpuPath[]; stop(): Promise<void> }> {
  const url = lab.url;
  const labPid = lab.process.pid ?? 0;
  const iam = new IAMClient({ endpoint: url, region: 'us-east-1', credentials: BENCH_KEYS });
  const user = await userWithPolicy(iam, 'cpu-user');
  const trust = (condition?: object): string =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
          Action: 'sts:AssumeRole',
          ...(condition === undefined ? {} : { Condition: condition }),
        },
      ],
    });
  await iam.send(new CreateRoleCommand({ RoleName: 'bench-role', AssumeRolePolicyDocument: trust() }));
  await iam.send(
    new CreateRoleCommand({ RoleName: 'bench-mfa-role', AssumeRolePolicyDocument: trust({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } }) }),
  );
  const webToken = await setUpWebIdentity(url, iam);
  const pool = await mfaPool(iam, counts.mfaRequests + counts.mfaWarmup);
  iam.destroy();
  const imdsUrl = await launchInstance(url);

  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const labBase = new URL(url);
  const small = Buffer.from('0123456789abcdef'.repeat(SMALL_BYTES / 16));
  await expectOk(exchange(agent, labBase, 'PUT', `/${BUCKET}`, signedHeaders(labBase, 'PUT', `/${BUCKET}`, EMPTY_SHA256)), 'CreateBucket');
  // The presigned GETs read small.bin; the PUTs overwrite put.bin.
  const putSmall = (key: string): LoadRequest => ({
    method: 'PUT',
    path: `/${BUCKET}/${key}`,
    headers: signedHeaders(labBase, 'PUT', `/${BUCKET}/${key}`, sha256Hex(small), [['content-length', String(SMALL_BYTES)]]),
    body: small.toString('latin1'),
  });
  await expectOk(exchange(agent, labBase, 'PUT', `/${BUCKET}/small.bin`, putSmall('small.bin').headers, small), 'PutObject 1 KiB');
  agent.destroy();

  const children: Child[] = [];
  const bareFor = async (make: () => Promise<LoadRequest>, what: string): Promise<Side> => {
    const bare = await startBareServer(undefined, { BENCH_BARE_BODY: (await answerOf(url, await make(), what)).toString('base64') });
    children.push(bare);
    return replayed(bare.url, bare.process.pid ?? 0, make);
  };
  const keepAlive = async (name: string, target: number | undefined, make: () => Promise<LoadRequest>): Promise<CpuPath> => ({
    name,
    unit: 'request',
    ...(target === undefined ? {} : { target }),
    count: counts.requests,
    warmup: counts.warmup,
    lab: replayed(url, labPid, make),
    bare: await bareFor(make, name),
  });

  const callerIdentity = (): Promise<LoadRequest> => signedQueryRequest(url, 'sts', 'Action=GetCallerIdentity&Version=2011-06-15', BENCH_KEYS);
  const getRole = (): Promise<LoadRequest> => signedQueryRequest(url, 'iam', 'Action=GetRole&Version=2010-05-08&RoleName=bench-role', user);
  const assumeRole = (): Promise<LoadRequest> =>
    signedQueryRequest(url, 'sts', `Action=AssumeRole&Version=2011-06-15&RoleArn=${encodeURIComponent(ROLE_ARN)}&RoleSessionName=bench`, user);
  const webIdentity = (): Promise<LoadRequest> => Promise.resolve(webIdentityRequest(url, webToken));

  // MFA: the lab's side takes a fresh code for every request; the yardstick gets one request of the same size.
  const nextMfa = (): LoadRequest => {
    const taken = pool.take(Date.now());
    // An exhausted pool sends a code already used: the lab refuses it, and the figure fails loudly.
    return mfaAssumeRoleRequest(url, MFA_ROLE_ARN, taken?.device ?? pool.sample(), taken?.code ?? '000000');
  };
  const mfaBare = await startBareServer(undefined, { BENCH_BARE_BODY: (await answerOf(url, nextMfa(), 'AssumeRole with MFA')).toString('base64') });
  children.push(mfaBare);
  const sameSizeMfa = mfaAssumeRoleRequest(url, MFA_ROLE_ARN, pool.sample(), '000000');

  const bodies = await credentialBodies(imdsUrl);
  if (bodies === undefined) throw new Error(`no credentials from ${imdsUrl}`);
  const bareImds = await startBareImdsServer(bodies);
  const bareS3Dir = mkdtempSync(join(tmpdir(), 'iamlab-bench-bare-s3-'));
  const bareS3 = await startBareS3Server(small, bareS3Dir);
  children.push(bareImds, bareS3);
  const presigned = (): LoadRequest => ({ method: 'GET', path: presignedGetTarget(labBase, BUCKET, 'small.bin', 3600, Date.now()), headers: {} });

  const paths: CpuPath[] = [
    await keepAlive('sts:GetCallerIdentity, root keys', 0.6, callerIdentity),
    await keepAlive('iam:GetRole by a user with one inline policy', 0.4, getRole),
    await keepAlive('sts:AssumeRole by the user (session recorded)', 0.25, assumeRole),
    {
      name: 'sts:AssumeRole with MFA (a fresh TOTP code each)',
      unit: 'request',
      count: counts.mfaRequests,
      // The yardstick's warm-up is the other paths' (200 requests leave a fresh node:http server cold: its CPU
      // per request 2-5 times its steady figure); the lab's is what the pool allows, its MFA path sharing
      // AssumeRole's code, warm by then.
      warmup: counts.warmup,
      lab: {
        pid: labPid,
        warmup: counts.mfaWarmup,
        prepare: (units) => waitForCodes(pool, units),
        run: (count) => loadCount(url, nextMfa, count),
      },
      bare: { pid: mfaBare.process.pid ?? 0, run: (count) => loadCount(mfaBare.url, sameSizeMfa, count) },
    },
    await keepAlive('sts:AssumeRoleWithWebIdentity (RS256 token)', undefined, webIdentity),
    {
      name: 'IMDS credential fetch (token PUT + 2 GETs)',
      unit: 'fetch',
      count: counts.imdsFetches,
      warmup: counts.imdsWarmup,
      lab: { pid: labPid, run: (count) => fetchCount(imdsUrl, count) },
      bare: { pid: bareImds.process.pid ?? 0, run: (count) => fetchCount(bareImds.url, count) },
    },
    {
      name: 'S3 presigned GET of 1 KiB',
      unit: 'request',
      target: 0.35,
      count: counts.requests,
      warmup: counts.warmup,
      lab: replayed(url, labPid, () => Promise.resolve(presigned())),
      // The same query string on the yardstick's path (which ignores it).
      bare: replayed(bareS3.url, bareS3.process.pid ?? 0, () => {
        const request = presigned();
        return Promise.resolve({ ...request, path: request.path.replace(`/${BUCKET}/small.bin`, '/small') });
      }),
    },
    {
      name: 'S3 PutObject of 1 KiB (payload SHA-256 signed)',
      unit: 'request',
      count: counts.requests,
      warmup: counts.warmup,
      lab: replayed(url, labPid, () => Promise.resolve(putSmall('put.bin'))),
      bare: replayed(bareS3.url, bareS3.process.pid ?? 0, () => Promise.resolve({ ...putSmall('put.bin'), path: '/big' })),
    },
  ];
  return {
    paths,
    stop: async () => {
      await Promise.all(children.map((child) => child.stop()));
      rmSync(bareS3Dir, { recursive: true, force: true });
    },
  };
}
