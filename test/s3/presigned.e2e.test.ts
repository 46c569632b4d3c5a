/**
 * Presigned URLs on the virtual clock (aws-behaviour.md §5.4, §5.5): a URL lives at most as long as the
 * credentials that signed it — a role session's URL dies with the session (400 ExpiredToken) while a user's
 * URL lives its X-Amz-Expires (then 403 AccessDenied "Request has expired"); unknown keys, tampered URLs,
 * windows over a week and URLs from the future get AWS's errors. The clock moves through the admin API.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { awsCliVersion, SKIP_NO_AWS_CLI } from '../support/clients.js';
import { ACCOUNT, allow, failure, policy, presignV4, readError, S3Lab, trust } from './s3-lab.js';
import type { Keys } from './s3-lab.js';

const BUCKET = 'presigned-bucket';
const KEY = 'reports/q1.csv';
const BODY = 'quarter,revenue\nq1,100\n';
const WEEK = 604_800;

describe('presigned URLs and the virtual clock', () => {
  // The lab's wall clock, which the tests' own signing follows (the CLI signs with the real one, close by).
  const wall = { ms: Math.floor(Date.now() / 1000) * 1000 + 500 };
  let l: S3Lab;
  let user: Keys & { arn: string };
  let roleArn: string;

  const signedGet = (keys: Keys, expiresIn: number, key = KEY): Promise<string> =>
    getSignedUrl(l.s3As(keys), new GetObjectCommand({ Bucket: BUCKET, Key: key }), { expiresIn, signingDate: new Date(wall.ms) });
  /**
   * Moves the virtual clock through the admin API, a wall second after the last signing and a wall second
   * before the next: X-Amz-Date has whole seconds, and the lab places a URL before or after a move by
   * comparing it with the move's wall instant (see the last test for what happens within one second).
   */
  const advance = async (by: string): Promise<void> => {
    wall.ms += 1000;
    await l.advance(by);
    wall.ms += 1000;
  };
  const session = (): Promise<Keys> => l.assume(user, { RoleArn: roleArn, RoleSessionName: 'presigner', DurationSeconds: 900 });

  before(async () => {
    l = await S3Lab.start({ wallNow: () => wall.ms });
    await l.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await l.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: KEY, Body: BODY }));
    user = await l.user('url-user', policy(allow('s3:GetObject', `arn:aws:s3:::${BUCKET}/*`), allow('sts:AssumeRole')));
    roleArn = await l.role('url-reader', trust({ AWS: `arn:aws:iam::${ACCOUNT}:root` }), policy(allow('s3:GetObject', `arn:aws:s3:::${BUCKET}/*`)));
  });
  after(async () => {
    await l.dispose();
  });

  it('a week-long URL from a 15-minute role session dies with the session (400 ExpiredToken); a user’s lives its week', async () => {
    const roleKeys = await session();
    const roleUrl = await signedGet(roleKeys, WEEK);
    const userUrl = await signedGet(user, WEEK);
    assert.match(roleUrl, /X-Amz-Expires=604800/);
    assert.match(roleUrl, /X-Amz-Security-Token=/);
    for (const url of [roleUrl, userUrl]) {
      const response = await fetch(url);
      assert.equal(response.status, 200);
      assert.equal(await response.text(), BODY);
    }

    await advance('14m');
    assert.equal((await fetch(roleUrl)).status, 200, 'the session still has a minute');
    await advance('2m');

    const expired = await readError(await fetch(roleUrl));
    assert.equal(expired.status, 400, expired.body);
    assert.equal(expired.code, 'ExpiredToken');
    assert.equal(expired.message, 'The provided token has expired.');
    assert.equal(expired.field('Token-0'), roleKeys.sessionToken);
    const stillFine = await fetch(userUrl);
    assert.equal(stillFine.status, 200);
    assert.equal(await stillFine.text(), BODY);

    await advance('6d23h30m');
    assert.equal((await fetch(userUrl)).status, 200, 'the week is not over yet');
    await advance('30m');
    const over = await readError(await fetch(userUrl));
    assert.equal(over.status, 403, over.body);
    assert.equal(over.code, 'AccessDenied');
    assert.equal(over.message, 'Request has expired');
    assert.equal(over.field('X-Amz-Expires'), '604800');
    const expires = Date.parse(over.field('Expires') ?? '');
    const serverTime = Date.parse(over.field('ServerTime') ?? '');
    assert.ok(!Number.isNaN(expires) && !Number.isNaN(serverTime), over.body);
    assert.ok(serverTime > expires, `ServerTime after Expires: ${over.body}`);
  });

  it('when both the URL window and the session are over, the URL’s expiry is what is reported', async () => {
    const roleKeys = await session();
    const url = await signedGet(roleKeys, 60);
    assert.equal((await fetch(url)).status, 200);
    await advance('16m');
    const error = await readError(await fetch(url));
    assert.deepEqual([error.status, error.code, error.message, error.field('X-Amz-Expires')], [403, 'AccessDenied', 'Request has expired', '60']);
  });

  it('header-signed requests with the ended session also get 400 ExpiredToken', async () => {
    const roleKeys = await session();
    const client = l.s3As(roleKeys);
    const got = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: KEY }));
    assert.equal(await got.Body?.transformToString(), BODY);
    await advance('15m1s');
    assert.deepEqual(await failure(() => client.send(new GetObjectCommand({ Bucket: BUCKET, Key: KEY }))), {
      code: 'ExpiredToken',
      status: 400,
      message: 'The provided token has expired.',
    });
  });

  it('aws s3 presign (SigV2) with role credentials: works, then 400 ExpiredToken when the session ends', async (t) => {
    if (awsCliVersion() === false) return t.skip(SKIP_NO_AWS_CLI);
    const roleKeys = await session();
    const result = await l.cli(roleKeys, ['s3', 'presign', `s3://${BUCKET}/${KEY}`, '--expires-in', String(WEEK)]);
    assert.equal(result.code, 0, result.stderr);
    const url = result.stdout.trim();
    assert.match(url, /AWSAccessKeyId=ASIA[A-Z0-9]+&Signature=[^&]+&x-amz-security-token=[^&]+&Expires=\d+$/);
    assert.equal(await (await fetch(url)).text(), BODY);
    await advance('16m');
    const error = await readError(await fetch(url));
    assert.deepEqual([error.status, error.code, error.message], [400, 'ExpiredToken', 'The provided token has expired.']);
    assert.equal(error.field('Token-0'), roleKeys.sessionToken);
  });

  it('a key the lab does not know: 403 InvalidAccessKeyId naming the key', async () => {
    const stranger = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
    for (const url of [
      await signedGet(stranger, 300),
      presignV4({ endpoint: l.endpoint, bucket: BUCKET, key: KEY, keys: stranger, expiresSeconds: 300, signingDate: new Date(wall.ms) }),
    ]) {
      const error = await readError(await fetch(url));
      assert.equal(error.status, 403, error.body);
      assert.equal(error.code, 'InvalidAccessKeyId');
      assert.equal(error.message, 'The AWS Access Key Id you provided does not exist in our records.');
      assert.equal(error.field('AWSAccessKeyId'), stranger.accessKeyId);
    }
  });

  it('a tampered URL (one character of the key, or of the signature): 403 SignatureDoesNotMatch with what the lab signed', async () => {
    const url = await signedGet(user, 300);
    assert.equal((await fetch(url)).status, 200);
    const otherKey = url.replace('/reports/q1.csv?', '/reports/q2.csv?');
    assert.notEqual(otherKey, url);
    const signature = /X-Amz-Signature=([0-9a-f]{64})/.exec(url)?.[1] ?? '';
    const flipped = `${signature.slice(0, -1)}${signature.endsWith('0') ? '1' : '0'}`;
    const otherSignature = url.replace(signature, flipped);
    for (const [tampered, path, provided] of [
      [otherKey, `/${BUCKET}/reports/q2.csv`, signature],
      [otherSignature, `/${BUCKET}/reports/q1.csv`, flipped],
    ] as const) {
      const error = await readError(await fetch(tampered));
      assert.equal(error.status, 403, error.body);
      assert.equal(error.code, 'SignatureDoesNotMatch');
      assert.equal(
        error.message,
        'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      );
      assert.equal(error.field('AWSAccessKeyId'), user.accessKeyId);
      assert.equal(error.field('SignatureProvided'), provided);
      const stringToSign = error.field('StringToSign') ?? '';
      const canonicalRequest = error.field('CanonicalRequest') ?? '';
      const lines = stringToSign.split('\n');
      assert.equal(lines[0], 'AWS4-HMAC-SHA256', error.body);
      assert.match(lines[2] ?? '', /^\d{8}\/us-east-1\/s3\/aws4_request$/);
      assert.equal(lines[3], createHash('sha256').update(canonicalRequest).digest('hex'), 'the string to sign hashes the canonical request shown');
      const canonicalLines = canonicalRequest.split('\n');
      assert.equal(canonicalLines[0], 'GET');
      assert.equal(canonicalLines[1], path);
      assert.equal(canonicalLines.at(-1), 'UNSIGNED-PAYLOAD');
    }
  });

  it('X-Amz-Expires over a week: 400 AuthorizationQueryParametersError (a week exactly is fine)', async () => {
    const week = presignV4({ endpoint: l.endpoint, bucket: BUCKET, key: KEY, keys: user, expiresSeconds: WEEK, signingDate: new Date(wall.ms) });
    assert.equal((await fetch(week)).status, 200, 'the hand-made presigner agrees with the lab');
    const error = await readError(
      await fetch(
        presignV4({ endpoint: l.endpoint, bucket: BUCKET, key: KEY, keys: user, expiresSeconds: WEEK + 1, signingDate: new Date(wall.ms) }),
      ),
    );
    assert.equal(error.status, 400, error.body);
    assert.equal(error.code, 'AuthorizationQueryParametersError', error.body);
    assert.equal(
      error.message,
      'X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds',
    );
  });

  it('a URL signed an hour in the future: 403 AccessDenied "Request is not yet valid"', async () => {
    const url = presignV4({
      endpoint: l.endpoint,
      bucket: BUCKET,
      key: KEY,
      keys: user,
      expiresSeconds: 300,
      signingDate: new Date(wall.ms + 3_600_000),
    });
    const error = await readError(await fetch(url));
    assert.deepEqual([error.status, error.code, error.message], [403, 'AccessDenied', 'Request is not yet valid'], error.body);
  });

  it('a URL signed in the same second as a clock move, after it, is as young as every other one', async () => {
    wall.ms = Math.floor(wall.ms / 1000) * 1000 + 1400;
    await l.advance('1d');
    // A client signing 100 ms after the move: X-Amz-Date is the move's second, truncated.
    wall.ms += 100;
    const url = presignV4({ endpoint: l.endpoint, bucket: BUCKET, key: KEY, keys: user, expiresSeconds: 3600, signingDate: new Date(wall.ms) });
    const response = await readError(await fetch(url));
    assert.equal(response.status, 200, `signed at ${new Date(wall.ms).toISOString()}, 100 ms after the move: ${response.body}`);
    assert.equal(response.body, BODY);
  });
});
