/**
 * `iamlab presign`: the URL it prints verifies with the lab's own SigV4 verifier, carries the same signature
 * the AWS SDK's signer (@smithy/signature-v4) computes for the same request, and the command finds keys where
 * the AWS CLI does. Presigning is pure signing; one test also uses the URLs against a running lab.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Sha256 } from '@aws-crypto/sha256-js';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { SignatureV4 } from '@smithy/signature-v4';
import {
  checkPresignedWindow,
  EMPTY_SHA256,
  parseSignature,
  payloadHashFor,
  UNSIGNED_PAYLOAD,
  verifySignature,
  type ParsedSigV4,
  type SignableRequest,
} from '../../src/auth/sigv4/index.js';
import type { AwsCredentials } from '../../src/cli/aws-credentials.js';
import type { Io } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { parseIni } from '../../src/cli/parse-ini.js';
import { presignS3Url, type PresignMethod } from '../../src/cli/presign-s3-url.js';
import { startTestLab } from '../support/test-lab.js';
import type { TestLab } from '../support/test-lab.js';

const ENV_KEYS = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' } as const;
const SESSION_TOKEN = 'FwoGZXIvYXdzEXAMPLE+/=token with spaces';
const ENDPOINT = 'http://127.0.0.1:4566';

async function run(argv: readonly string[], environment: NodeJS.ProcessEnv): Promise<{ code: number; out: string; err: string }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: Io = { out: (text) => void stdout.push(text), err: (text) => void stderr.push(text) };
  const code = await main(argv, environment, io);
  return { code, out: stdout.join('\n'), err: stderr.join('\n') };
}

/** The request a client such as curl sends for the URL: the target exactly as printed, and its Host. */
function requestFor(url: string, method: string): SignableRequest {
  const { origin, host } = new URL(url);
  assert.ok(url.startsWith(origin));
  return { method, rawTarget: url.slice(origin.length), headers: [['host', host]] };
}

/** What the lab does with a presigned request: parse, pick the payload hash, verify against the secret. */
function verify(url: string, method: string, secretAccessKey: string): { parsed: ParsedSigV4; match: boolean } {
  const request = requestFor(url, method);
  const parse = parseSignature(request);
  assert.equal(parse.kind, 'sigv4', JSON.stringify(parse));
  if (parse.kind !== 'sigv4') throw new Error('unreachable');
  const payloadHash = payloadHashFor(request, parse.parsed, EMPTY_SHA256);
  assert.equal(payloadHash, UNSIGNED_PAYLOAD);
  return { parsed: parse.parsed, match: verifySignature(request, parse.parsed, secretAccessKey, payloadHash).match };
}

/** The AWS SDK's escaping of a path segment (RFC 3986: encodeURIComponent plus `!'()*`), kept apart from ours. */
function sdkEscape(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

let scratch: string;
/** A HOME and credentials-file location that cannot be the machine's own ~/.aws/credentials. */
function isolated(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { HOME: join(scratch, 'empty-home'), AWS_SHARED_CREDENTIALS_FILE: join(scratch, 'absent-credentials'), ...extra };
}

before(() => {
  scratch = mkdtempSync(join(tmpdir(), 'iamlab-presign-'));
});
after(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe('iamlab presign: the URL verifies with the lab’s SigV4 verifier', () => {
  it('a GET URL with a session token round-trips: parsed fields as asked, signature matches the same secret only', async () => {
    const key = 'reports/2024 Q1/ü (1)+&=?#~*.csv';
    const started = Date.now();
    const { code, out, err } = await run(
      ['presign', `s3://my-bucket/${key}`, '--region', 'eu-west-1', '--expires-in', '900'],
      isolated({ AWS_ACCESS_KEY_ID: ENV_KEYS.accessKeyId, AWS_SECRET_ACCESS_KEY: ENV_KEYS.secretAccessKey, AWS_SESSION_TOKEN: SESSION_TOKEN }),
    );
    assert.equal(code, 0, err);
    assert.equal(err, '');
    assert.ok(out.startsWith(`${ENDPOINT}/my-bucket/reports/2024%20Q1/%C3%BC%20%281%29%2B%26%3D%3F%23~%2A.csv?`), out);
    assert.match(out, /&X-Amz-Signature=[0-9a-f]{64}$/);
    const { parsed, match } = verify(out, 'GET', ENV_KEYS.secretAccessKey);
    assert.ok(match, 'signature verifies');
    assert.equal(parsed.form, 'query');
    assert.equal(parsed.accessKeyId, ENV_KEYS.accessKeyId);
    assert.deepEqual(parsed.scope, { date: parsed.amzDate.slice(0, 8), region: 'eu-west-1', service: 's3' });
    assert.deepEqual(parsed.signedHeaders, ['host']);
    assert.equal(parsed.sessionToken, SESSION_TOKEN);
    assert.equal(parsed.expiresSeconds, 900);
    assert.ok(parsed.signedAtMs >= Math.floor(started / 1000) * 1000 && parsed.signedAtMs <= Date.now(), 'X-Amz-Date is the wall clock now');
    assert.equal(checkPresignedWindow(parsed.signedAtMs, 900, Date.now()).kind, 'ok');
    assert.equal(verify(out, 'GET', 'x'.repeat(40)).match, false, 'another secret does not verify');
    assert.equal(verify(out, 'PUT', ENV_KEYS.secretAccessKey).match, false, 'the method is signed');
  });

  it('a PUT URL verifies as a PUT; without a session token there is no X-Amz-Security-Token', async () => {
    const { code, out } = await run(
      ['presign', 's3://b/k.txt', '--method', 'put', '--endpoint', 'https://s3.lab.example:8443/'],
      isolated({ AWS_ACCESS_KEY_ID: ENV_KEYS.accessKeyId, AWS_SECRET_ACCESS_KEY: ENV_KEYS.secretAccessKey }),
    );
    assert.equal(code, 0);
    assert.ok(out.startsWith('https://s3.lab.example:8443/b/k.txt?'), out);
    assert.doesNotMatch(out, /X-Amz-Security-Token/);
    assert.ok(verify(out, 'PUT', ENV_KEYS.secretAccessKey).match);
    assert.equal(verify(out, 'GET', ENV_KEYS.secretAccessKey).match, false);
  });

  it('defaults: GET, 3600 s, IAMLAB_ENDPOINT, region from AWS_REGION then AWS_DEFAULT_REGION then us-east-1', async () => {
    const keys = { AWS_ACCESS_KEY_ID: ENV_KEYS.accessKeyId, AWS_SECRET_ACCESS_KEY: ENV_KEYS.secretAccessKey };
    const plain = await run(['presign', 's3://b/k'], isolated(keys));
    assert.ok(plain.out.startsWith(`${ENDPOINT}/b/k?`));
    const parsed = verify(plain.out, 'GET', ENV_KEYS.secretAccessKey).parsed;
    assert.equal(parsed.expiresSeconds, 3600);
    assert.equal(parsed.scope.region, 'us-east-1');
    const viaEnv = await run(
      ['presign', 's3://b/k'],
      isolated({ ...keys, IAMLAB_ENDPOINT: 'http://localhost:9000', AWS_DEFAULT_REGION: 'ap-south-1' }),
    );
    assert.ok(viaEnv.out.startsWith('http://localhost:9000/b/k?'));
    assert.equal(verify(viaEnv.out, 'GET', ENV_KEYS.secretAccessKey).parsed.scope.region, 'ap-south-1');
    const both = await run(['presign', 's3://b/k'], isolated({ ...keys, AWS_REGION: 'eu-north-1', AWS_DEFAULT_REGION: 'ap-south-1' }));
    assert.equal(verify(both.out, 'GET', ENV_KEYS.secretAccessKey).parsed.scope.region, 'eu-north-1');
  });

  it('--json prints the URL and when it expires (X-Amz-Date + X-Amz-Expires)', async () => {
    const { code, out } = await run(
      ['presign', 's3://b/k', '--json', '--expires-in', '60'],
      isolated({ AWS_ACCESS_KEY_ID: ENV_KEYS.accessKeyId, AWS_SECRET_ACCESS_KEY: ENV_KEYS.secretAccessKey }),
    );
    assert.equal(code, 0);
    const printed = JSON.parse(out) as { url: string; expiresAt: string };
    assert.deepEqual(Object.keys(printed), ['url', 'expiresAt']);
    const { parsed } = verify(printed.url, 'GET', ENV_KEYS.secretAccessKey);
    assert.equal(printed.expiresAt, new Date(parsed.signedAtMs + 60_000).toISOString().replace('.000Z', 'Z'));
  });
});

describe('iamlab presign: the same signature as @smithy/signature-v4', () => {
  const signingDate = new Date('2024-05-01T10:15:42.789Z');
  const cases: readonly {
    name: string;
    endpoint: string;
    bucket: string;
    key: string;
    method: PresignMethod;
    region: string;
    expires: number;
    token: boolean;
  }[] = [
    { name: 'plain GET', endpoint: ENDPOINT, bucket: 'bucket', key: 'object.txt', method: 'GET', region: 'us-east-1', expires: 3600, token: false },
    {
      name: 'GET with a session token',
      endpoint: ENDPOINT,
      bucket: 'bucket',
      key: 'dir/sub/object.txt',
      method: 'GET',
      region: 'eu-west-1',
      expires: 900,
      token: true,
    },
    {
      name: 'PUT, one week',
      endpoint: ENDPOINT,
      bucket: 'my.bucket-1',
      key: 'upload.bin',
      method: 'PUT',
      region: 'us-west-2',
      expires: 604_800,
      token: true,
    },
    {
      name: 'key needing escapes',
      endpoint: ENDPOINT,
      bucket: 'b',
      key: "a b/ü (1)!'*+,;=&?#%~.txt",
      method: 'GET',
      region: 'us-east-1',
      expires: 1,
      token: false,
    },
    { name: 'empty segments kept', endpoint: ENDPOINT, bucket: 'b', key: 'a//b/./c/', method: 'GET', region: 'us-east-1', expires: 10, token: false },
    {
      name: 'https on the default port',
      endpoint: 'https://s3.lab.example',
      bucket: 'b',
      key: 'k',
      method: 'PUT',
      region: 'ap-northeast-1',
      expires: 300,
      token: true,
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const credentials: AwsCredentials = c.token ? { ...ENV_KEYS, sessionToken: SESSION_TOKEN } : ENV_KEYS;
      const ours = presignS3Url({
        endpoint: new URL(c.endpoint),
        bucket: c.bucket,
        key: c.key,
        method: c.method,
        region: c.region,
        credentials,
        expiresSeconds: c.expires,
        signedAtMs: signingDate.getTime(),
      });
      const url = new URL(c.endpoint);
      const path = `/${sdkEscape(c.bucket)}/${c.key.split('/').map(sdkEscape).join('/')}`;
      // S3 as the SDK configures it: the path is escaped once by the caller (uriEscapePath false); the payload is
      // UNSIGNED-PAYLOAD, given as the x-amz-content-sha256 header but neither hoisted into the query nor signed.
      const signer = new SignatureV4({ service: 's3', region: c.region, sha256: Sha256, credentials, uriEscapePath: false });
      const theirs = await signer.presign(
        {
          method: c.method,
          protocol: url.protocol,
          hostname: url.hostname,
          ...(url.port === '' ? {} : { port: Number(url.port) }),
          path,
          headers: { host: url.host, 'x-amz-content-sha256': UNSIGNED_PAYLOAD },
          query: {},
        },
        {
          signingDate,
          expiresIn: c.expires,
          unhoistableHeaders: new Set(['x-amz-content-sha256']),
          unsignableHeaders: new Set(['x-amz-content-sha256']),
        },
      );
      const printed = new URL(ours.url);
      assert.equal(ours.url.slice(printed.origin.length, ours.url.indexOf('?')), path, 'the same path');
      const ourQuery = Object.fromEntries(printed.searchParams);
      const theirQuery = theirs.query ?? {};
      assert.deepEqual(ourQuery, theirQuery, 'the same parameters, signature included');
      assert.equal(ourQuery['X-Amz-Signature'], theirQuery['X-Amz-Signature']);
      assert.equal(ours.expiresAtMs, Date.parse('2024-05-01T10:15:42Z') + c.expires * 1000);
      assert.ok(verify(ours.url, c.method, ENV_KEYS.secretAccessKey).match, 'and the lab verifies it');
    });
  }
});

describe('iamlab presign: credentials', () => {
  it('none anywhere: exit 2 and says how to get some', async () => {
    const { code, out, err } = await run(['presign', 's3://b/k'], isolated());
    assert.equal(code, 2);
    assert.equal(out, '');
    assert.match(
      err,
      /^iamlab presign: no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or pass --profile; `iamlab env` prints the lab's root keys/,
    );
  });

  it('half a key pair in the environment: exit 2, naming the missing variable', async () => {
    const onlyId = await run(['presign', 's3://b/k'], isolated({ AWS_ACCESS_KEY_ID: ENV_KEYS.accessKeyId }));
    assert.equal(onlyId.code, 2);
    assert.match(onlyId.err, /AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not/);
    const onlySecret = await run(['presign', 's3://b/k'], isolated({ AWS_SECRET_ACCESS_KEY: ENV_KEYS.secretAccessKey, AWS_ACCESS_KEY_ID: '' }));
    assert.equal(onlySecret.code, 2);
    assert.match(onlySecret.err, /AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not/);
  });

  describe('from the shared credentials file', () => {
    const file = (): string => join(scratch, 'credentials');
    const DEFAULT = { id: 'AKIADEFAULTEXAMPLE00', secret: 'defaultSecret/+EXAMPLE0000000000000000000' };
    const DEV = { id: 'ASIADEVEXAMPLE000000', secret: 'devSecret+/EXAMPLE00000000000000000000000', token: 'devToken/+=' };
    before(() => {
      writeFileSync(
        file(),
        [
          '# written by aws configure',
          '[default]',
          `aws_access_key_id = ${DEFAULT.id}`,
          `aws_secret_access_key=${DEFAULT.secret}`,
          '',
          '; a profile with a session and a nested setting',
          '[ dev ]',
          `aws_access_key_id = ${DEV.id}`,
          's3 =',
          '    aws_access_key_id = AKIANESTEDNOTAKEY000',
          `aws_secret_access_key = ${DEV.secret}`,
          `aws_session_token = ${DEV.token}`,
          '[role]',
          'role_arn = arn:aws:iam::123456789012:role/r',
          'source_profile = default',
          '',
        ].join('\r\n'),
      );
    });
    const withFile = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => isolated({ AWS_SHARED_CREDENTIALS_FILE: file(), ...extra });

    it('parseIni reads sections, trims, skips comments and nested lines', () => {
      const sections = parseIni('top = ignored\n[a]\nk = v = w\n  nested = x\n# c\n; c\n[ b ]\nk=1\n[a]\nj = 2\n');
      assert.deepEqual([...sections.keys()], ['a', 'b']);
      assert.deepEqual(Object.fromEntries(sections.get('a') ?? []), { k: 'v = w', j: '2' });
      assert.deepEqual(Object.fromEntries(sections.get('b') ?? []), { k: '1' });
    });

    it('no variables and no profile named: the default profile', async () => {
      const { code, out } = await run(['presign', 's3://b/k'], withFile());
      assert.equal(code, 0);
      const { parsed, match } = verify(out, 'GET', DEFAULT.secret);
      assert.ok(match);
      assert.equal(parsed.accessKeyId, DEFAULT.id);
      assert.equal(parsed.sessionToken, undefined);
    });

    it('AWS_PROFILE names the profile; its session token goes into the URL', async () => {
      const { code, out } = await run(['presign', 's3://b/k'], withFile({ AWS_PROFILE: 'dev' }));
      assert.equal(code, 0);
      const { parsed, match } = verify(out, 'GET', DEV.secret);
      assert.ok(match);
      assert.equal(parsed.accessKeyId, DEV.id);
      assert.equal(parsed.sessionToken, DEV.token);
    });

    it('the environment keys beat AWS_PROFILE, and --profile beats the environment keys (as in botocore)', async () => {
      const keys = { AWS_ACCESS_KEY_ID: ENV_KEYS.accessKeyId, AWS_SECRET_ACCESS_KEY: ENV_KEYS.secretAccessKey };
      const envWins = await run(['presign', 's3://b/k'], withFile({ ...keys, AWS_PROFILE: 'dev' }));
      assert.equal(verify(envWins.out, 'GET', ENV_KEYS.secretAccessKey).parsed.accessKeyId, ENV_KEYS.accessKeyId);
      const flagWins = await run(['presign', 's3://b/k', '--profile', 'dev'], withFile(keys));
      assert.equal(flagWins.code, 0);
      assert.ok(verify(flagWins.out, 'GET', DEV.secret).match);
    });

    it('~/.aws/credentials under HOME, and a leading ~ in AWS_SHARED_CREDENTIALS_FILE', async () => {
      const home = join(scratch, 'home');
      mkdirSync(join(home, '.aws'), { recursive: true });
      writeFileSync(join(home, '.aws', 'credentials'), `[default]\naws_access_key_id=${DEV.id}\naws_secret_access_key=${DEV.secret}\n`);
      writeFileSync(join(home, 'elsewhere'), `[x]\naws_access_key_id=${DEFAULT.id}\naws_secret_access_key=${DEFAULT.secret}\n`);
      const homeFile = await run(['presign', 's3://b/k'], { HOME: home });
      assert.ok(verify(homeFile.out, 'GET', DEV.secret).match);
      const tilde = await run(['presign', 's3://b/k', '--profile', 'x'], { HOME: home, AWS_SHARED_CREDENTIALS_FILE: '~/elsewhere' });
      assert.ok(verify(tilde.out, 'GET', DEFAULT.secret).match);
    });

    it('a named profile that is missing or has no keys, a loop, an MFA prompt: exit 2 with the reason', async () => {
      const missing = await run(['presign', 's3://b/k', '--profile', 'nope'], withFile());
      assert.equal(missing.code, 2);
      assert.match(missing.err, /^iamlab presign: profile `nope` not found in .*config or .*credentials$/);
      const noFile = await run(['presign', 's3://b/k'], isolated({ AWS_PROFILE: 'dev' }));
      assert.equal(noFile.code, 2);
      assert.match(noFile.err, /profile `dev` not found in .*absent-credentials/);
      const config = join(scratch, 'config-problems');
      writeFileSync(
        config,
        [
          '[profile region-only]',
          'region = eu-west-1',
          '[profile loop-a]',
          'role_arn = arn:aws:iam::123456789012:role/a',
          'source_profile = loop-b',
          '[profile loop-b]',
          'role_arn = arn:aws:iam::123456789012:role/b',
          'source_profile = loop-a',
          '[profile mfa]',
          'role_arn = arn:aws:iam::123456789012:role/a',
          'source_profile = default',
          'mfa_serial = arn:aws:iam::123456789012:mfa/me',
          '[profile orphan]',
          'role_arn = arn:aws:iam::123456789012:role/a',
          '[profile sso]',
          'sso_session = corp',
          '',
        ].join('\n'),
      );
      const problem = async (profile: string, pattern: RegExp): Promise<void> => {
        const result = await run(['presign', 's3://b/k', '--profile', profile], withFile({ AWS_CONFIG_FILE: config }));
        assert.equal(result.code, 2, profile);
        assert.match(result.err, pattern);
      };
      await problem('region-only', /profile `region-only` has no aws_access_key_id and aws_secret_access_key$/);
      await problem('loop-a', /source_profile loop: loop-a → loop-b → loop-a/);
      await problem('mfa', /needs an MFA code \(mfa_serial\)/);
      await problem('orphan', /has role_arn but neither source_profile nor credential_source/);
      await problem('sso', /uses sso_session, which iamlab does not follow/);
    });

    it('~/.aws/config: `[profile NAME]` sections, static keys there too, the credentials file winning a setting both hold', async () => {
      const config = join(scratch, 'config-keys');
      writeFileSync(
        config,
        `[profile cfg]\naws_access_key_id = ${DEV.id}\naws_secret_access_key = ${DEV.secret}\n[profile dev]\naws_access_key_id = AKIAOVERRIDDEN000000\n`,
      );
      const fromConfig = await run(['presign', 's3://b/k', '--profile', 'cfg'], withFile({ AWS_CONFIG_FILE: config }));
      assert.equal(fromConfig.code, 0, fromConfig.err);
      assert.equal(verify(fromConfig.out, 'GET', DEV.secret).parsed.accessKeyId, DEV.id);
      const both = await run(['presign', 's3://b/k', '--profile', 'dev'], withFile({ AWS_CONFIG_FILE: config }));
      assert.equal(verify(both.out, 'GET', DEV.secret).parsed.accessKeyId, DEV.id);
    });
  });
});

describe('iamlab presign: arguments', () => {
  const keys = (): NodeJS.ProcessEnv => isolated({ AWS_ACCESS_KEY_ID: ENV_KEYS.accessKeyId, AWS_SECRET_ACCESS_KEY: ENV_KEYS.secretAccessKey });

  it('--expires-in outside 1..604800 or not a whole number: exit 2', async () => {
    for (const value of ['0', '604801', '1.5', 'abc', '-5', '', '1e3']) {
      const { code, out, err } = await run(['presign', 's3://b/k', `--expires-in=${value}`], keys());
      assert.equal(code, 2, value);
      assert.equal(out, '');
      assert.match(err, /^iamlab presign: --expires-in takes a whole number of seconds from 1 to 604800 \(one week\), not `.*`$/, value);
    }
    for (const value of ['1', '604800']) {
      const { code, out } = await run(['presign', 's3://b/k', '--expires-in', value], keys());
      assert.equal(code, 0, value);
      assert.equal(verify(out, 'GET', ENV_KEYS.secretAccessKey).parsed.expiresSeconds, Number(value));
    }
  });

  it('a bad target, method, region or endpoint: exit 2', async () => {
    for (const argv of [
      ['presign'],
      ['presign', 'b/k'],
      ['presign', 's3://b'],
      ['presign', 's3://b/'],
      ['presign', 's3:///k'],
      ['presign', 's3://b/k', 's3://b/k2'],
      ['presign', 's3://b/k', '--method', 'DELETE'],
      ['presign', 's3://b/k', '--region', 'us/east'],
      ['presign', 's3://b/k', '--endpoint', 'ftp://host'],
      ['presign', 's3://b/k', '--endpoint', 'not a url'],
    ]) {
      const { code, err } = await run(argv, keys());
      assert.equal(code, 2, argv.join(' '));
      assert.match(err, /^iamlab presign: /, argv.join(' '));
    }
  });

  it('--help, and the command is listed in iamlab --help', async () => {
    const help = await run(['presign', '--help'], {});
    assert.equal(help.code, 0);
    assert.match(help.out, /^Usage: iamlab presign s3:\/\/<bucket>\/<key>/);
    const main = await run(['--help'], {});
    assert.match(main.out, /^ {2}presign s3:\/\/<bucket>\/<key>$/m);
  });
});

describe('iamlab presign: the running lab honours the URLs', () => {
  let lab: TestLab;
  before(async () => {
    lab = await startTestLab();
    const s3 = new S3Client({
      endpoint: lab.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: lab.rootAccessKeyId, secretAccessKey: lab.rootSecretAccessKey },
      maxAttempts: 1,
    });
    await s3.send(new CreateBucketCommand({ Bucket: 'presigned' }));
    s3.destroy();
  });
  after(async () => {
    await lab.dispose();
  });

  it('a role profile (role_arn + source_profile, and one chained on it) is assumed at the lab; the URL dies with the session', async () => {
    const root = { AWS_ACCESS_KEY_ID: lab.rootAccessKeyId, AWS_SECRET_ACCESS_KEY: lab.rootSecretAccessKey, IAMLAB_ENDPOINT: lab.endpoint };
    const trust = (principal: string): string =>
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' }] });
    const iam = new IAMClient({
      endpoint: lab.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: lab.rootAccessKeyId, secretAccessKey: lab.rootSecretAccessKey },
      maxAttempts: 1,
    });
    const account = lab.accountId;
    // Roles may not be assumed by root accounts: the source profile holds an IAM user's keys.
    await iam.send(new CreateUserCommand({ UserName: 'presigning-user' }));
    const { AccessKey: key } = await iam.send(new CreateAccessKeyCommand({ UserName: 'presigning-user' }));
    await iam.send(new CreateRoleCommand({ RoleName: 'presigner', AssumeRolePolicyDocument: trust(`arn:aws:iam::${account}:user/presigning-user`) }));
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'presigner',
        PolicyName: 'read',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::presigned/*' },
            { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' },
          ],
        }),
      }),
    );
    await iam.send(new CreateRoleCommand({ RoleName: 'chained', AssumeRolePolicyDocument: trust(`arn:aws:iam::${account}:role/presigner`) }));
    iam.destroy();
    const uploaded = await fetch((await run(['presign', 's3://presigned/role.txt', '--method', 'PUT'], isolated(root))).out, {
      method: 'PUT',
      body: 'for the role',
    });
    assert.equal(uploaded.status, 200);

    const home = join(scratch, 'role-home');
    mkdirSync(join(home, '.aws'), { recursive: true });
    writeFileSync(
      join(home, '.aws', 'credentials'),
      `[lab]\naws_access_key_id = ${key?.AccessKeyId ?? ''}\naws_secret_access_key = ${key?.SecretAccessKey ?? ''}\n`,
    );
    writeFileSync(
      join(home, '.aws', 'config'),
      [
        '[profile reader]',
        `role_arn = arn:aws:iam::${account}:role/presigner`,
        'source_profile = lab',
        'role_session_name = from-profile',
        'duration_seconds = 900',
        '[profile chain]',
        `role_arn = arn:aws:iam::${account}:role/chained`,
        'source_profile = reader',
        '[profile denied]',
        `role_arn = arn:aws:iam::${account}:role/chained`,
        'source_profile = lab',
        '',
      ].join('\n'),
    );
    const environment = { HOME: home, IAMLAB_ENDPOINT: lab.endpoint };
    const reader = await run(['presign', 's3://presigned/role.txt', '--profile', 'reader', '--expires-in', '604800'], environment);
    assert.equal(reader.code, 0, reader.err);
    const url = new URL(reader.out);
    assert.match(url.searchParams.get('X-Amz-Credential') ?? '', /^ASIA/);
    assert.ok(url.searchParams.get('X-Amz-Security-Token'));
    const read = await fetch(reader.out);
    assert.equal(read.status, 200);
    assert.equal(await read.text(), 'for the role');

    const chain = await run(['presign', 's3://presigned/role.txt', '--profile', 'chain'], environment);
    assert.equal(chain.code, 0, chain.err);
    assert.match(new URL(chain.out).searchParams.get('X-Amz-Credential') ?? '', /^ASIA/);

    const denied = await run(['presign', 's3://presigned/role.txt', '--profile', 'denied'], environment);
    assert.equal(denied.code, 1);
    assert.match(
      denied.err,
      /^iamlab presign: profile `denied`: assuming arn:aws:iam::\d{12}:role\/chained failed: AccessDenied: User: arn:aws:iam::\d{12}:user\/presigning-user is not authorized to perform: sts:AssumeRole/,
    );

    // The profile asked for 900 s: the week-long URL dies with the session, as AWS's do (aws-behaviour.md §5.4).
    const advanced = await run(['clock', 'advance', '16m'], root);
    assert.equal(advanced.code, 0, advanced.err);
    const expired = await fetch(reader.out);
    assert.equal(expired.status, 400);
    assert.match(await expired.text(), /<Code>ExpiredToken<\/Code>/);
  });

  it('PUT then GET through presigned URLs; a GET URL refuses PUT; moving the clock past --expires-in expires it', async () => {
    const environment = isolated({
      IAMLAB_ENDPOINT: lab.endpoint,
      AWS_ACCESS_KEY_ID: lab.rootAccessKeyId,
      AWS_SECRET_ACCESS_KEY: lab.rootSecretAccessKey,
    });
    const target = 's3://presigned/dir/a b+ü.txt';
    const put = await run(['presign', target, '--method', 'PUT', '--expires-in', '120'], environment);
    assert.equal(put.code, 0, put.err);
    const stored = await fetch(put.out, { method: 'PUT', body: 'hello presign' });
    assert.equal(stored.status, 200, await stored.text());
    const get = await run(['presign', target, '--expires-in', '120'], environment);
    const read = await fetch(get.out);
    assert.equal(read.status, 200);
    assert.equal(await read.text(), 'hello presign');
    const swapped = await fetch(get.out, { method: 'PUT', body: 'x' });
    assert.equal(swapped.status, 403);
    assert.match(await swapped.text(), /<Code>SignatureDoesNotMatch<\/Code>/);
    const advanced = await run(['clock', 'advance', '5m'], environment);
    assert.equal(advanced.code, 0, advanced.err);
    const expired = await fetch(get.out);
    assert.equal(expired.status, 403);
    assert.match(await expired.text(), /<Code>AccessDenied<\/Code><Message>Request has expired<\/Message>/);
  });
});
