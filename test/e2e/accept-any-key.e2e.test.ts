/**
 * `--accept-any-key` end to end (design.md "Accepting any key"): a suite written for LocalStack or moto signs
 * with made-up keys. A lab without the setting refuses them with AWS's errors; a lab with it takes them as the
 * named account's root through every signing form the clients use — the AWS CLI, boto3 with moto's fixture
 * credentials (a session token included), the JS SDK (aws-chunked uploads, presigned URLs), a hand-signed
 * aws-chunked body with chunk signatures — while keys the lab issued keep every check, and the audit trail,
 * `iamlab events`, `iamlab explain` and `iamlab serve` say what happened.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { Sha256 } from '@aws-crypto/sha256-js';
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DeleteAccessKeyCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, GetObjectCommand, ListBucketsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { GetCallerIdentityCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { SignatureV4 } from '@smithy/signature-v4';
import { main } from '../../src/cli/main.js';
import { awsCliVersion, boto3Python, SKIP_NO_AWS_CLI, SKIP_NO_BOTO3 } from '../support/clients.js';
import { repoRoot } from '../support/repo-root.js';
import { failure, S3Lab } from '../s3/s3-lab.js';
import type { Keys } from '../s3/s3-lab.js';

const ANY = '000000000000';
/** LocalStack's documented credentials. */
const LOCALSTACK: Keys = { accessKeyId: 'test', secretAccessKey: 'test' };
/** moto's documented fixture: `testing` everywhere, a session token included. */
const MOTO: Keys = { accessKeyId: 'testing', secretAccessKey: 'testing', sessionToken: 'testing' };
const INVALID_TOKEN = 'The security token included in the request is invalid.';
const NO_SUCH_KEY_ID = 'The AWS Access Key Id you provided does not exist in our records.';

interface EventView {
  readonly requestId: string;
  readonly principalArn: string | null;
  readonly accessKeyId: string | null;
  readonly acceptedAnyKey?: { readonly account: string; readonly sessionTokenIgnored: boolean };
}

async function events(l: S3Lab): Promise<EventView[]> {
  const response = await fetch(`${l.endpoint}/_iamlab/events?order=newest&limit=500`);
  return ((await response.json()) as { events: EventView[] }).events;
}

/** Runs `iamlab` in-process against a lab, output captured. */
async function iamlab(l: S3Lab, ...argv: string[]): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const code = await main(argv, { IAMLAB_ENDPOINT: l.endpoint }, { out: (text) => void out.push(text), err: (text) => void out.push(text) });
  return { code, out: out.join('\n') };
}

/**
 * A PUT whose body is aws-chunked with chunk signatures (STREAMING-AWS4-HMAC-SHA256-PAYLOAD, aws-behaviour.md
 * §5.3), signed as a client holding `keys` signs it: the header by the SDK's signer, the chunks chained here.
 * `tamper` drops the chunk signatures, which no secret excuses.
 */
async function chunkedPut(endpoint: string, keys: Keys, path: string, data: Buffer, tamper = false): Promise<Response> {
  const url = new URL(endpoint);
  const pieces = [data.subarray(0, 70_000), data.subarray(70_000)];
  const signer = new SignatureV4({
    service: 's3',
    region: 'us-east-1',
    sha256: Sha256,
    uriEscapePath: false,
    applyChecksum: false,
    credentials: keys,
  });
  const signed = await signer.sign({
    method: 'PUT',
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path,
    query: {},
    headers: {
      host: url.host,
      'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
      'content-encoding': 'aws-chunked',
      'x-amz-decoded-content-length': String(data.length),
    },
  });
  const amzDate = signed.headers['x-amz-date'] ?? '';
  const seed = /Signature=([0-9a-f]{64})/.exec(signed.headers['authorization'] ?? '')?.[1] ?? '';
  const scope = `${amzDate.slice(0, 8)}/us-east-1/s3/aws4_request`;
  const hmac = (key: Buffer | string, text: string): Buffer => createHmac('sha256', key).update(text).digest();
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${keys.secretAccessKey}`, amzDate.slice(0, 8)), 'us-east-1'), 's3'), 'aws4_request');
  const sha = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex');
  const parts: Buffer[] = [];
  let previous = seed;
  for (const piece of [...pieces, Buffer.alloc(0)]) {
    previous = hmac(signingKey, `AWS4-HMAC-SHA256-PAYLOAD\n${amzDate}\n${scope}\n${previous}\n${sha('')}\n${sha(piece)}`).toString('hex');
    parts.push(Buffer.from(`${piece.length.toString(16)}${tamper ? '' : `;chunk-signature=${previous}`}\r\n`), piece, Buffer.from('\r\n'));
  }
  const headers = Object.fromEntries(Object.entries(signed.headers).filter(([name]) => name !== 'host'));
  return fetch(`${url.origin}${path}`, { method: 'PUT', headers, body: Buffer.concat(parts) });
}

describe('--accept-any-key end to end', () => {
  let strict: S3Lab;
  let relaxed: S3Lab;

  before(async () => {
    strict = await S3Lab.start();
    relaxed = await S3Lab.start({ env: { IAMLAB_ACCEPT_ANY_KEY: ANY } });
  });
  after(async () => {
    await strict?.dispose();
    await relaxed?.dispose();
  });

  it("without it a made-up key gets AWS's errors: InvalidClientTokenId at STS and IAM, AuthFailure at EC2, InvalidAccessKeyId at S3", async () => {
    const sts = await failure(() => strict.stsAs(LOCALSTACK).send(new GetCallerIdentityCommand({})));
    assert.deepEqual(sts, { code: 'InvalidClientTokenId', status: 403, message: INVALID_TOKEN });
    const iam = await failure(() => strict.iamAs(MOTO).send(new ListUsersCommand({})));
    assert.deepEqual(iam, { code: 'InvalidClientTokenId', status: 403, message: INVALID_TOKEN });
    const s3 = await failure(() => strict.s3As(LOCALSTACK).send(new ListBucketsCommand({})));
    assert.deepEqual(s3, { code: 'InvalidAccessKeyId', status: 403, message: NO_SUCH_KEY_ID });
    const ec2 = new EC2Client({ endpoint: strict.endpoint, region: 'us-east-1', credentials: LOCALSTACK, maxAttempts: 1 });
    assert.equal((await failure(() => ec2.send(new DescribeRegionsCommand({})))).code, 'AuthFailure');
    ec2.destroy();
  });

  it('without it the AWS CLI and boto3 are refused the same way', async (t) => {
    if (awsCliVersion() === false) return t.skip(SKIP_NO_AWS_CLI);
    const sts = await strict.cli(LOCALSTACK, ['sts', 'get-caller-identity']);
    assert.notEqual(sts.code, 0);
    assert.match(
      sts.stderr,
      /\(InvalidClientTokenId\) when calling the GetCallerIdentity operation: The security token included in the request is invalid\./,
    );
    const s3 = await strict.cli(LOCALSTACK, ['s3', 'ls']);
    assert.match(
      s3.stderr,
      /\(InvalidAccessKeyId\) when calling the ListBuckets operation: The AWS Access Key Id you provided does not exist in our records\./,
    );
    if (boto3Python() === false) return t.skip(SKIP_NO_BOTO3);
    const boto = await strict.boto3(
      MOTO,
      `import boto3, botocore
try:
    boto3.client("sts", endpoint_url=ENDPOINT).get_caller_identity()
except botocore.exceptions.ClientError as e:
    print(e.response["Error"]["Code"])`,
    );
    assert.equal(boto.stdout.trim(), 'InvalidClientTokenId', boto.stderr);
  });

  it('with it the AWS CLI is the root: sts get-caller-identity, iam create-user, s3 mb, cp, ls and a presigned URL', async (t) => {
    if (awsCliVersion() === false) return t.skip(SKIP_NO_AWS_CLI);
    const who = await relaxed.cli(LOCALSTACK, ['sts', 'get-caller-identity']);
    assert.equal(who.code, 0, who.stderr);
    assert.deepEqual(JSON.parse(who.stdout), { UserId: ANY, Account: ANY, Arn: `arn:aws:iam::${ANY}:root` });
    const user = await relaxed.cli(LOCALSTACK, ['iam', 'create-user', '--user-name', 'from-localstack']);
    assert.equal(user.code, 0, user.stderr);
    assert.equal((JSON.parse(user.stdout) as { User: { Arn: string } }).User.Arn, `arn:aws:iam::${ANY}:user/from-localstack`);
    const mb = await relaxed.cli(LOCALSTACK, ['s3', 'mb', 's3://cli-suite']);
    assert.equal(mb.code, 0, mb.stderr);
    const cp = await relaxed.cli({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'anything' }, ['s3', 'cp', '-', 's3://cli-suite/a.txt']);
    assert.equal(cp.code, 0, cp.stderr);
    const ls = await relaxed.cli(LOCALSTACK, ['s3', 'ls', 's3://cli-suite']);
    assert.equal(ls.code, 0, ls.stderr);
    assert.match(ls.stdout, / a\.txt$/m);
    // The CLI v1 presigns with SigV2 (AWSAccessKeyId=test&Signature=…&Expires=…).
    const presign = await relaxed.cli(LOCALSTACK, ['s3', 'presign', 's3://cli-suite/a.txt']);
    assert.equal(presign.code, 0, presign.stderr);
    const fetched = await fetch(presign.stdout.trim());
    assert.equal(fetched.status, 200, await fetched.clone().text());
  });

  it("with it boto3 under moto's fixture credentials (session token `testing`) works, SigV2 and SigV4 presigned URLs too", async (t) => {
    if (boto3Python() === false) return t.skip(SKIP_NO_BOTO3);
    const out = await relaxed.boto3(
      MOTO,
      `import boto3, urllib.request
from botocore.config import Config
print(boto3.client("sts", endpoint_url=ENDPOINT, region_name="us-east-1").get_caller_identity()["Arn"])
s3 = boto3.client("s3", endpoint_url=ENDPOINT, region_name="us-east-1")
s3.create_bucket(Bucket="moto-suite")
s3.put_object(Bucket="moto-suite", Key="k", Body=b"from moto" * 1000)
print(len(s3.get_object(Bucket="moto-suite", Key="k")["Body"].read()))
for version in ("s3", "s3v4"):
    signer = boto3.client("s3", endpoint_url=ENDPOINT, region_name="us-east-1", config=Config(signature_version=version))
    url = signer.generate_presigned_url("get_object", Params={"Bucket": "moto-suite", "Key": "k"})
    print(version, urllib.request.urlopen(url).status)`,
    );
    assert.equal(out.code, 0, out.stderr);
    assert.deepEqual(out.stdout.trim().split('\n'), [`arn:aws:iam::${ANY}:root`, '9000', 's3 200', 's3v4 200']);
  });

  it('with it the JS SDK works: GetCallerIdentity, EC2 DescribeRegions, a streamed upload (aws-chunked, CRC32 trailer), getSignedUrl GET and PUT', async () => {
    const who = await relaxed.stsAs(LOCALSTACK).send(new GetCallerIdentityCommand({}));
    assert.deepEqual([who.Arn, who.UserId, who.Account], [`arn:aws:iam::${ANY}:root`, ANY, ANY]);
    const ec2 = new EC2Client({ endpoint: relaxed.endpoint, region: 'us-east-1', credentials: LOCALSTACK, maxAttempts: 1 });
    assert.ok(((await ec2.send(new DescribeRegionsCommand({}))).Regions ?? []).length > 0);
    ec2.destroy();
    const s3 = relaxed.s3As(LOCALSTACK);
    await s3.send(new CreateBucketCommand({ Bucket: 'sdk-suite' }));
    const bytes = randomBytes(200_000);
    const sentHashes: string[] = [];
    s3.middlewareStack.add(
      (next) => async (args) => {
        const headers = (args.request as { headers?: Record<string, string> }).headers ?? {};
        sentHashes.push(headers['x-amz-content-sha256'] ?? '');
        return next(args);
      },
      { step: 'deserialize', name: 'recordContentSha256', priority: 'low' },
    );
    await s3.send(new PutObjectCommand({ Bucket: 'sdk-suite', Key: 'stream.bin', Body: Readable.from([bytes]), ContentLength: bytes.length }));
    assert.deepEqual(sentHashes, ['STREAMING-UNSIGNED-PAYLOAD-TRAILER'], 'the SDK sent the body aws-chunked');
    const got = await s3.send(new GetObjectCommand({ Bucket: 'sdk-suite', Key: 'stream.bin' }));
    assert.ok(Buffer.from((await got.Body?.transformToByteArray()) ?? []).equals(bytes));
    const putUrl = await getSignedUrl(s3, new PutObjectCommand({ Bucket: 'sdk-suite', Key: 'url.txt' }), { expiresIn: 60 });
    assert.equal((await fetch(putUrl, { method: 'PUT', body: 'through a URL' })).status, 200);
    const getUrl = await getSignedUrl(s3, new GetObjectCommand({ Bucket: 'sdk-suite', Key: 'url.txt' }), { expiresIn: 60 });
    assert.equal(await (await fetch(getUrl)).text(), 'through a URL');
  });

  it('with it a body with chunk signatures under the made-up secret is stored; chunks without signatures are still refused', async () => {
    await relaxed.s3As(LOCALSTACK).send(new CreateBucketCommand({ Bucket: 'chunked-suite' }));
    const data = randomBytes(100_000);
    const put = await chunkedPut(relaxed.endpoint, LOCALSTACK, '/chunked-suite/signed.bin', data);
    assert.equal(put.status, 200, await put.clone().text());
    const got = await relaxed.s3As(LOCALSTACK).send(new GetObjectCommand({ Bucket: 'chunked-suite', Key: 'signed.bin' }));
    assert.ok(Buffer.from((await got.Body?.transformToByteArray()) ?? []).equals(data));
    const bad = await chunkedPut(relaxed.endpoint, LOCALSTACK, '/chunked-suite/bad.bin', data, true);
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /<Code>InvalidRequest<\/Code><Message>Invalid chunked encoding: missing chunk-signature<\/Message>/);
  });

  it('with it keys the lab issued keep every check: a wrong secret, a deleted key, a session token misused or expired', async () => {
    const wrong = { accessKeyId: relaxed.root.accessKeyId, secretAccessKey: 'wrong-secret' };
    assert.equal((await failure(() => relaxed.stsAs(wrong).send(new GetCallerIdentityCommand({})))).code, 'SignatureDoesNotMatch');
    assert.equal((await failure(() => relaxed.s3As(wrong).send(new ListBucketsCommand({})))).code, 'SignatureDoesNotMatch');
    const signed = await chunkedPut(relaxed.endpoint, wrong, '/chunked-suite/wrong.bin', randomBytes(80_000));
    assert.equal(signed.status, 403);
    assert.match(await signed.text(), /<Code>SignatureDoesNotMatch<\/Code>/);

    const alice = await relaxed.user('alice');
    await relaxed.iam.send(new DeleteAccessKeyCommand({ UserName: 'alice', AccessKeyId: alice.accessKeyId }));
    const deleted = await failure(() => relaxed.stsAs(alice).send(new GetCallerIdentityCommand({})));
    assert.deepEqual(deleted, { code: 'InvalidClientTokenId', status: 403, message: INVALID_TOKEN });

    const session = (await relaxed.stsAs(relaxed.root).send(new GetSessionTokenCommand({}))).Credentials;
    const keys: Keys = {
      accessKeyId: session?.AccessKeyId ?? '',
      secretAccessKey: session?.SecretAccessKey ?? '',
      sessionToken: session?.SessionToken ?? '',
    };
    assert.equal((await relaxed.stsAs(keys).send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:iam::${relaxed.lab.accountId}:root`);
    const misused = [
      { ...keys, accessKeyId: 'test' },
      { ...keys, sessionToken: 'testing' },
      { accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey },
    ];
    for (const credentials of misused) {
      assert.equal((await failure(() => relaxed.stsAs(credentials).send(new GetCallerIdentityCommand({})))).code, 'InvalidClientTokenId');
    }
    await relaxed.advance('13h');
    const expired = await failure(() => relaxed.stsAs(keys).send(new GetCallerIdentityCommand({})));
    assert.equal(expired.code, 'ExpiredToken');
  });

  it('the audit trail marks what it took, and iamlab events and explain say so', async () => {
    const who = await relaxed.stsAs(MOTO).send(new GetCallerIdentityCommand({}));
    const requestId = who.$metadata.requestId ?? '';
    // Audit events are written in batches, every 50 ms.
    let trail = await events(relaxed);
    for (let wait = 0; wait < 40 && !trail.some((e) => e.requestId === requestId); wait++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      trail = await events(relaxed);
    }
    const event = trail.find((e) => e.requestId === requestId);
    assert.deepEqual(
      [event?.principalArn, event?.accessKeyId, event?.acceptedAnyKey],
      [`arn:aws:iam::${ANY}:root`, 'testing', { account: ANY, sessionTokenIgnored: true }],
    );
    const known = trail.find((e) => e.accessKeyId === relaxed.root.accessKeyId);
    assert.ok(known !== undefined && known.acceptedAnyKey === undefined, 'requests with lab keys carry no mark');
    assert.ok(
      (await events(strict)).every((e) => e.acceptedAnyKey === undefined),
      'nothing is marked without the setting',
    );

    const listed = await iamlab(relaxed, 'events', '--limit', '500');
    assert.match(
      listed.out,
      new RegExp(`arn:aws:iam::${ANY}:root \\(--accept-any-key: unknown key testing\\)  sts:GetCallerIdentity.*  \\[${requestId}\\]`),
    );
    const explained = await iamlab(relaxed, 'explain', requestId);
    assert.equal(explained.code, 0);
    assert.match(
      explained.out,
      new RegExp(
        `^note {7}accepted as root of ${ANY} by --accept-any-key: unknown access key testing, signature not verified, ` +
          'and its session token, not one the lab issued, ignored \\(a lab relaxation: AWS refuses a key it does not know\\)$',
        'm',
      ),
    );
  });

  it('the account is there at start and again after a reset', async () => {
    const accounts = async (): Promise<string> => JSON.stringify(await (await fetch(`${relaxed.endpoint}/_iamlab/accounts`)).json());
    assert.match(await accounts(), new RegExp(`"${ANY}"`));
    assert.equal((await fetch(`${relaxed.endpoint}/_iamlab/reset`, { method: 'POST' })).status, 200);
    assert.match(await accounts(), new RegExp(`"${ANY}"`));
    assert.equal((await relaxed.stsAs(LOCALSTACK).send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:iam::${ANY}:root`);
    const bucket = await relaxed.s3As(LOCALSTACK).send(new CreateBucketCommand({ Bucket: 'after-reset' }));
    assert.equal(bucket.$metadata.httpStatusCode, 200);
  });

  it('iamlab serve --accept-any-key creates the account, warns on stderr, and takes made-up keys', { timeout: 60_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'iamlab-anykey-'));
    const child = spawn(
      process.execPath,
      [join(repoRoot(), 'bin', 'iamlab.js'), 'serve', '--port', '0', '--data-dir', dataDir, '--accept-any-key', '111122223333'],
      {
        env: { PATH: process.env['PATH'] },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      const endpoint = await new Promise<string>((resolve, reject) => {
        const timer = setInterval(() => {
          const found = /^iamlab (http:\/\/\S+) — /m.exec(stdout)?.[1];
          if (found !== undefined) {
            clearInterval(timer);
            resolve(found);
          }
          if (child.exitCode !== null) {
            clearInterval(timer);
            reject(new Error(`serve exited: ${stderr}`));
          }
        }, 50);
      });
      assert.match(stdout, /^account 111122223333 created for --accept-any-key$/m);
      assert.match(
        stderr,
        /^iamlab: WARNING --accept-any-key 111122223333: requests signed with an access key the lab does not know are accepted as the root of 111122223333 WITHOUT checking their signature/m,
      );
      const sts = new STSClient({ endpoint, region: 'us-east-1', credentials: LOCALSTACK, maxAttempts: 1 });
      assert.equal((await sts.send(new GetCallerIdentityCommand({}))).Arn, 'arn:aws:iam::111122223333:root');
      sts.destroy();
    } finally {
      child.kill('SIGTERM');
      assert.equal(await exited, 0, stderr);
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
