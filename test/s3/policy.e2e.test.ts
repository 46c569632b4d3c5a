/**
 * S3 enforcement end to end (aws-behaviour.md §5.5, §5.6, §7): identity policies and bucket policies decide
 * together; anonymous requests need a bucket policy naming "Principal": "*"; an explicit Deny in a bucket
 * policy beats an identity Allow; s3:authType, s3:signatureversion and s3:signatureAge conditions; and
 * cross-account reads need both the caller's identity policy and the bucket policy.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateBucketCommand,
  DeletePublicAccessBlockCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutBucketPolicyCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import type { IAMClient } from '@aws-sdk/client-iam';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { allow, deny, failure, policy, presignV2, readError, S3Lab } from './s3-lab.js';
import type { Keys } from './s3-lab.js';

const OTHER = '111122223333';
const ACCESS_DENIED = { code: 'AccessDenied', status: 403, message: 'Access Denied' } as const;

describe('S3 policy enforcement', () => {
  let l: S3Lab;
  let other: Keys;

  const bucketArn = (bucket: string): string => `arn:aws:s3:::${bucket}`;
  const objectsArn = (bucket: string, prefix = ''): string => `arn:aws:s3:::${bucket}/${prefix}*`;

  /**
   * A bucket of the first account with one object per key, and optionally a bucket policy. Block Public Access
   * is removed first, as these policies name `"Principal": "*"` (aws-behaviour.md §9.6).
   */
  async function bucketWith(bucket: string, keys: readonly string[], bucketPolicy?: string): Promise<void> {
    await l.s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await l.s3.send(new DeletePublicAccessBlockCommand({ Bucket: bucket }));
    for (const key of keys) await l.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: `body of ${key}` }));
    if (bucketPolicy !== undefined) await l.s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: bucketPolicy }));
  }

  async function read(client: S3Client, bucket: string, key: string): Promise<string | undefined> {
    const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return out.Body?.transformToString();
  }

  before(async () => {
    l = await S3Lab.start();
    other = await l.createAccount(OTHER);
  });
  after(async () => {
    await l.dispose();
  });

  it('a user with no policies: 403 AccessDenied "Access Denied" on ListObjectsV2 and GetObject', async () => {
    await bucketWith('enf-plain', ['a.txt']);
    const nobody = l.s3As(await l.user('nobody'));
    assert.deepEqual(await failure(() => nobody.send(new ListObjectsV2Command({ Bucket: 'enf-plain' }))), ACCESS_DENIED);
    assert.deepEqual(await failure(() => nobody.send(new GetObjectCommand({ Bucket: 'enf-plain', Key: 'a.txt' }))), ACCESS_DENIED);
    assert.deepEqual(await failure(() => nobody.send(new PutObjectCommand({ Bucket: 'enf-plain', Key: 'b.txt', Body: 'x' }))), ACCESS_DENIED);
    // HEAD on a denied object: status only.
    const head = await fetch(`${l.endpoint}/enf-plain/a.txt`, { method: 'HEAD' });
    assert.equal(head.status, 403);
    assert.equal(await head.text(), '');
  });

  it('a user allowed by an identity policy lists and reads; only what the policy names', async () => {
    await bucketWith('enf-identity', ['a.txt', 'other/b.txt']);
    const reader = l.s3As(
      await l.user('reader', policy(allow('s3:ListBucket', bucketArn('enf-identity')), allow('s3:GetObject', `${bucketArn('enf-identity')}/a.txt`))),
    );
    const listed = await reader.send(new ListObjectsV2Command({ Bucket: 'enf-identity' }));
    assert.deepEqual(
      listed.Contents?.map((c) => c.Key),
      ['a.txt', 'other/b.txt'],
    );
    assert.equal(await read(reader, 'enf-identity', 'a.txt'), 'body of a.txt');
    assert.deepEqual(await failure(() => reader.send(new GetObjectCommand({ Bucket: 'enf-identity', Key: 'other/b.txt' }))), ACCESS_DENIED);
    assert.deepEqual(await failure(() => reader.send(new ListObjectsV2Command({ Bucket: 'enf-plain' }))), ACCESS_DENIED);
  });

  it('"Principal": "*" allowing s3:GetObject on a prefix lets unsigned GETs read that prefix and nothing else', async () => {
    await bucketWith(
      'enf-public',
      ['public/a.txt', 'private/b.txt'],
      policy({ Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: objectsArn('enf-public', 'public/') }),
    );
    const open = await fetch(`${l.endpoint}/enf-public/public/a.txt`);
    assert.equal(open.status, 200);
    assert.equal(await open.text(), 'body of public/a.txt');
    for (const target of ['/enf-public/private/b.txt', '/enf-public?list-type=2']) {
      const error = await readError(await fetch(`${l.endpoint}${target}`));
      assert.deepEqual([error.status, error.code, error.message], [403, 'AccessDenied', 'Access Denied'], `${target}: ${error.body}`);
    }
    const write = await readError(await fetch(`${l.endpoint}/enf-public/public/new.txt`, { method: 'PUT', body: 'nope' }));
    assert.deepEqual([write.status, write.code], [403, 'AccessDenied']);
    // A private bucket refuses anonymous reads.
    const closed = await readError(await fetch(`${l.endpoint}/enf-plain/a.txt`));
    assert.deepEqual([closed.status, closed.code, closed.message], [403, 'AccessDenied', 'Access Denied']);
  });

  it('a missing key without s3:ListBucket is 403 AccessDenied, with it 404 NoSuchKey (GetObject/HeadObject API reference)', async () => {
    await bucketWith(
      'enf-missing',
      ['here.txt'],
      policy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: objectsArn('enf-missing') }),
    );
    const getOnly = l.s3As(await l.user('get-only', policy(allow('s3:GetObject', objectsArn('enf-missing')))));
    const getAndList = l.s3As(
      await l.user('get-and-list', policy(allow('s3:GetObject', objectsArn('enf-missing')), allow('s3:ListBucket', bucketArn('enf-missing')))),
    );
    assert.equal(await read(getOnly, 'enf-missing', 'here.txt'), 'body of here.txt');
    assert.deepEqual(await failure(() => getAndList.send(new GetObjectCommand({ Bucket: 'enf-missing', Key: 'gone.txt' }))), {
      code: 'NoSuchKey',
      status: 404,
      message: 'The specified key does not exist.',
    });
    const anonymous = await readError(await fetch(`${l.endpoint}/enf-missing/gone.txt`));
    const anonymousHead = await fetch(`${l.endpoint}/enf-missing/gone.txt`, { method: 'HEAD' });
    assert.deepEqual(
      {
        user: await failure(() => getOnly.send(new GetObjectCommand({ Bucket: 'enf-missing', Key: 'gone.txt' }))),
        anonymous: { code: anonymous.code, status: anonymous.status, message: anonymous.message },
        anonymousHead: anonymousHead.status,
      },
      { user: ACCESS_DENIED, anonymous: ACCESS_DENIED, anonymousHead: 403 },
    );
  });

  it('a Deny in the bucket policy beats an identity Allow', async () => {
    const admin = await l.user('s3-admin', policy(allow('s3:*')));
    await bucketWith(
      'enf-deny',
      ['open.txt', 'secret/c.txt'],
      policy({ Effect: 'Deny', Principal: { AWS: admin.arn }, Action: 's3:GetObject', Resource: objectsArn('enf-deny', 'secret/') }),
    );
    const client = l.s3As(admin);
    assert.equal(await read(client, 'enf-deny', 'open.txt'), 'body of open.txt');
    assert.deepEqual(await failure(() => client.send(new GetObjectCommand({ Bucket: 'enf-deny', Key: 'secret/c.txt' }))), ACCESS_DENIED);
    // The bucket owner's root is not named, so it still reads.
    assert.equal(await read(l.s3, 'enf-deny', 'secret/c.txt'), 'body of secret/c.txt');
  });

  it('s3:authType: a Deny on REST-QUERY-STRING refuses presigned GETs while header-signed GETs work', async () => {
    const user = await l.user('no-urls', policy(allow('s3:GetObject', objectsArn('enf-auth-type'))));
    await bucketWith(
      'enf-auth-type',
      ['doc.txt'],
      policy({
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: objectsArn('enf-auth-type'),
        Condition: { StringEquals: { 's3:authType': 'REST-QUERY-STRING' } },
      }),
    );
    const client = l.s3As(user);
    assert.equal(await read(client, 'enf-auth-type', 'doc.txt'), 'body of doc.txt');
    const url = await getSignedUrl(client, new GetObjectCommand({ Bucket: 'enf-auth-type', Key: 'doc.txt' }), { expiresIn: 300 });
    const error = await readError(await fetch(url));
    assert.deepEqual([error.status, error.code, error.message], [403, 'AccessDenied', 'Access Denied'], error.body);
  });

  it('s3:signatureversion: a Deny on "AWS" refuses SigV2 URLs while SigV4 URLs work', async () => {
    const user = await l.user('v4-only', policy(allow('s3:GetObject', objectsArn('enf-sigv'))));
    await bucketWith(
      'enf-sigv',
      ['doc.txt'],
      policy({
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: objectsArn('enf-sigv'),
        Condition: { StringNotEquals: { 's3:signatureversion': 'AWS4-HMAC-SHA256' } },
      }),
    );
    const v4 = await getSignedUrl(l.s3As(user), new GetObjectCommand({ Bucket: 'enf-sigv', Key: 'doc.txt' }), { expiresIn: 300 });
    assert.equal(await (await fetch(v4)).text(), 'body of doc.txt');
    const v2 = presignV2({
      endpoint: l.endpoint,
      bucket: 'enf-sigv',
      key: 'doc.txt',
      keys: user,
      expiresEpochSeconds: Math.floor(Date.now() / 1000) + 300,
    });
    const error = await readError(await fetch(v2));
    assert.deepEqual([error.status, error.code, error.message], [403, 'AccessDenied', 'Access Denied'], error.body);
    // The same SigV2 URL form works on a bucket without the condition: the denial is the condition's.
    await bucketWith('enf-sigv-open', ['doc.txt']);
    const allowedV2 = presignV2({
      endpoint: l.endpoint,
      bucket: 'enf-sigv-open',
      key: 'doc.txt',
      keys: await l.user('v2-ok', policy(allow('s3:GetObject', objectsArn('enf-sigv-open')))),
      expiresEpochSeconds: Math.floor(Date.now() / 1000) + 300,
    });
    const ok = await fetch(allowedV2);
    assert.equal(ok.status, 200, await ok.clone().text());
  });

  it('s3:signatureAge follows the virtual clock: a URL older than 10 minutes is refused', async () => {
    const user = await l.user('young-urls', policy(allow('s3:GetObject', objectsArn('enf-age'))));
    await bucketWith(
      'enf-age',
      ['doc.txt'],
      policy({
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: objectsArn('enf-age'),
        Condition: { NumericGreaterThan: { 's3:signatureAge': '600000' } },
      }),
    );
    const url = await getSignedUrl(l.s3As(user), new GetObjectCommand({ Bucket: 'enf-age', Key: 'doc.txt' }), { expiresIn: 3600 });
    assert.equal((await fetch(url)).status, 200);
    await l.advance('11m');
    const error = await readError(await fetch(url));
    assert.deepEqual([error.status, error.code, error.message], [403, 'AccessDenied', 'Access Denied'], error.body);
  });

  describe('cross-account reads need both sides', () => {
    let otherIam: IAMClient;
    before(async () => {
      otherIam = l.iamAs(other);
      await bucketWith(
        'enf-shared',
        ['data.txt'],
        policy({
          Sid: 'OtherAccount',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${OTHER}:root` },
          Action: ['s3:GetObject', 's3:ListBucket'],
          Resource: [bucketArn('enf-shared'), objectsArn('enf-shared')],
        }),
      );
      await bucketWith('enf-unshared', ['data.txt']);
    });

    it('identity policy in the other account plus a bucket policy naming that account: allowed', async () => {
      const partner = await l.user('partner', policy(allow(['s3:GetObject', 's3:ListBucket'], '*')), otherIam);
      assert.match(partner.arn, new RegExp(`^arn:aws:iam::${OTHER}:user/partner$`));
      const client = l.s3As(partner);
      assert.equal(await read(client, 'enf-shared', 'data.txt'), 'body of data.txt');
      assert.deepEqual(
        (await client.send(new ListObjectsV2Command({ Bucket: 'enf-shared' }))).Contents?.map((c) => c.Key),
        ['data.txt'],
      );
    });

    it('the bucket policy alone is not enough: a user of that account without an identity policy is denied', async () => {
      const bare = l.s3As(await l.user('bare', undefined, otherIam));
      assert.deepEqual(await failure(() => bare.send(new GetObjectCommand({ Bucket: 'enf-shared', Key: 'data.txt' }))), ACCESS_DENIED);
    });

    it('the identity policy alone is not enough: a bucket without a policy for that account is denied', async () => {
      const partner = l.s3As(await l.user('partner2', policy(allow('s3:*')), otherIam));
      assert.deepEqual(await failure(() => partner.send(new GetObjectCommand({ Bucket: 'enf-unshared', Key: 'data.txt' }))), ACCESS_DENIED);
      assert.deepEqual(await failure(() => partner.send(new ListObjectsV2Command({ Bucket: 'enf-unshared' }))), ACCESS_DENIED);
    });

    it('the other account’s root, named by the bucket policy, reads; a bucket Deny on it wins', async () => {
      const root = l.s3As(other);
      assert.equal(await read(root, 'enf-shared', 'data.txt'), 'body of data.txt');
      await bucketWith(
        'enf-shared-deny',
        ['data.txt'],
        policy(
          { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OTHER}:root` }, Action: 's3:GetObject', Resource: objectsArn('enf-shared-deny') },
          { ...deny('s3:GetObject', objectsArn('enf-shared-deny')), Principal: { AWS: `arn:aws:iam::${OTHER}:root` } },
        ),
      );
      assert.deepEqual(await failure(() => root.send(new GetObjectCommand({ Bucket: 'enf-shared-deny', Key: 'data.txt' }))), ACCESS_DENIED);
      // The owner account is unaffected.
      assert.equal(await read(l.s3, 'enf-shared-deny', 'data.txt'), 'body of data.txt');
    });
  });
});
