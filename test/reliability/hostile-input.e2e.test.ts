/**
 * Inputs that once took the lab down or broke its answers (issue "Nothing takes the lab down"): control
 * characters echoed into error XML, a NUL in an S3 key, an oversized bucket policy and the audit event it
 * produced, a PUT from a client that half-closes its connection, clients too slow to send their headers.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { CreateUserCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import {
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutBucketPolicyCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { failure, presignV4, readError, S3Lab } from '../s3/s3-lab.js';
import { signedPost } from '../support/sign.js';
import { startTestLab } from '../support/test-lab.js';

/** XML 1.0's Char production, for the whole answer: what a strict parser (botocore's expat) accepts. */
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|&#x?0*(?:[0-8]|1[0-9a-fA-F]?|b|c|e|f);/;

const md5 = (text: string): string => createHash('md5').update(text).digest('base64');

async function auditEvent(lab: S3Lab, requestId: string): Promise<Record<string, unknown>> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const [found] = await lab.lab.store.queryEvents({ requestId });
    if (found !== undefined) return found.body as Record<string, unknown>;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no audit event for ${requestId}`);
}

describe('hostile input', () => {
  let lab: S3Lab;
  before(async () => {
    lab = await S3Lab.start();
    await lab.s3.send(new CreateBucketCommand({ Bucket: 'hostile' }));
  });
  after(() => lab.dispose());

  it('control characters in IAM, STS and EC2 parameters: the validation error, in well-formed XML the SDK reads', async () => {
    for (const bad of ['a\u0000b', 'a\u0001b', 'a\u001bb']) {
      const raw = await signedPost({
        endpoint: lab.endpoint,
        service: 'iam',
        ...lab.root,
        body: `Action=CreateUser&Version=2010-05-08&UserName=${encodeURIComponent(bad)}`,
      });
      assert.equal(raw.status, 400, raw.text);
      assert.doesNotMatch(raw.text, NOT_XML_CHAR, 'no character XML 1.0 forbids');
      const iam = await failure(() => lab.iam.send(new CreateUserCommand({ UserName: bad })));
      assert.equal(iam.code, 'ValidationError');
      const sts = await failure(() =>
        lab.stsAs(lab.root).send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::123456789012:role/r', RoleSessionName: bad })),
      );
      assert.equal(sts.code, 'ValidationError');
    }
    const ec2 = new EC2Client({ endpoint: lab.endpoint, region: 'us-east-1', credentials: lab.root, maxAttempts: 1 });
    try {
      const described = await failure(() => ec2.send(new DescribeInstancesCommand({ InstanceIds: ['i-\u0001\u001b'] })));
      assert.notEqual(described.status, 500);
      assert.match(described.code, /^Invalid/);
    } finally {
      ec2.destroy();
    }
  });

  it("a NUL in an S3 key is refused with S3's 400, never a 500", async () => {
    for (const call of [
      () => lab.s3.send(new PutObjectCommand({ Bucket: 'hostile', Key: 'a\u0000b', Body: 'x' })),
      () => lab.s3.send(new CreateMultipartUploadCommand({ Bucket: 'hostile', Key: '\u0000' })),
    ]) {
      const failed = await failure(call);
      assert.equal(failed.status, 400);
      assert.equal(failed.code, 'InvalidURI');
    }
    // DeleteObjects names keys in its XML body, where a NUL cannot appear, raw or as a character reference.
    for (const key of ['a\u0000b', 'a&#0;b', 'a&#x1;b', 'a\u0001b']) {
      const body = `<Delete><Object><Key>${key}</Key></Object></Delete>`;
      const response = await signedPost({
        endpoint: lab.endpoint,
        service: 's3',
        ...lab.root,
        path: '/hostile?delete',
        body,
        headers: { 'content-md5': md5(body) },
      });
      assert.equal(response.status, 400, response.text);
      assert.match(response.text, /<Code>MalformedXML<\/Code>/);
    }
    // A control character other than NUL is a valid key (S3 accepts it). S3 lists it as a character reference
    // (`&#x7;`, recorded from AWS); with encoding-type=url, which botocore always asks for, percent-encoded.
    await lab.s3.send(new PutObjectCommand({ Bucket: 'hostile', Key: 'bell\u0007', Body: 'x' }));
    const listed = await lab.s3.send(new ListObjectsV2Command({ Bucket: 'hostile', EncodingType: 'url' }));
    assert.ok(
      listed.Contents?.some((o) => o.Key === 'bell%07'),
      JSON.stringify(listed.Contents),
    );
    const raw = await fetch(
      presignV4({ endpoint: lab.endpoint, bucket: 'hostile', key: 'bell\u0007', keys: lab.root, expiresSeconds: 60, method: 'DELETE' }),
      { method: 'DELETE' },
    );
    assert.equal(raw.status, 204);
  });

  it('a bucket policy over 20 KB is refused with MalformedPolicy; an audit explanation stays small', async () => {
    const statement = (i: number): unknown => ({
      Sid: `S${i}`,
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::123456789012:root` },
      Action: 's3:PutObject',
      Resource: `arn:aws:s3:::hostile/p${i}/*`,
    });
    const huge = JSON.stringify({ Version: '2012-10-17', Statement: Array.from({ length: 20_000 }, (_, i) => statement(i)) });
    const refused = await failure(() => lab.s3.send(new PutBucketPolicyCommand({ Bucket: 'hostile', Policy: huge })));
    assert.equal(refused.status, 400);
    assert.equal(refused.code, 'MalformedPolicy');
    assert.equal(refused.message, 'Policy exceeds the maximum allowed document size.');
    // Whitespace JSON does not need is not counted: a policy just under the limit, pretty-printed, is accepted.
    const statements: unknown[] = [];
    while (JSON.stringify({ Version: '2012-10-17', Statement: [...statements, statement(statements.length)] }).length <= 20_480)
      statements.push(statement(statements.length));
    await lab.s3.send(
      new PutBucketPolicyCommand({ Bucket: 'hostile', Policy: JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2) }),
    );

    // A user with no permission is denied: the trace keeps at most 20 statements and counts the others.
    const user = await lab.user('hostile-reader');
    const denied = await fetch(presignV4({ endpoint: lab.endpoint, bucket: 'hostile', key: 'p1/x', keys: user, expiresSeconds: 60 }));
    assert.equal(denied.status, 403);
    const requestId = denied.headers.get('x-amz-request-id') ?? '';
    const event = await auditEvent(lab, requestId);
    const explanation = event['explanation'] as { trace?: unknown[]; traceOmitted?: { statements: number } }[];
    const result = explanation[explanation.length - 1];
    assert.ok(result?.trace !== undefined && result.trace.length <= 20, 'at most 20 statements traced');
    assert.ok((result?.traceOmitted?.statements ?? 0) > 100, 'the rest counted');
    assert.ok(JSON.stringify(event).length < 20_000, `the event is small (${JSON.stringify(event).length} bytes)`);
  });

  it('a PUT whose client half-closes the connection after the body still gets its answer', async () => {
    const url = new URL(
      presignV4({ endpoint: lab.endpoint, bucket: 'hostile', key: 'half-closed', keys: lab.root, expiresSeconds: 60, method: 'PUT' }),
    );
    const statusLine = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(url.port), url.hostname, () => {
        socket.write(`PUT ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Length: 5\r\n\r\n`);
        socket.end('hello');
      });
      let received = '';
      socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
      socket.on('close', () => resolve(received.split('\r\n')[0] ?? ''));
      socket.on('error', reject);
      socket.setTimeout(5_000, () => socket.destroy());
    });
    assert.equal(statusLine, 'HTTP/1.1 200 OK');
    const got = await lab.s3.send(new GetObjectCommand({ Bucket: 'hostile', Key: 'half-closed' }));
    assert.equal(await got.Body?.transformToString(), 'hello');
  });

  it('answers on every surface that reads XML stay well-formed for any bytes', async () => {
    const body = '<Delete>\u001b</Delete>';
    const response = await signedPost({
      endpoint: lab.endpoint,
      service: 's3',
      ...lab.root,
      path: '/hostile?delete',
      body,
      headers: { 'content-md5': md5(body) },
    });
    assert.equal(response.status, 400);
    assert.doesNotMatch(response.text, NOT_XML_CHAR);
    const error = await readError(new Response(response.text, { status: response.status }));
    assert.equal(error.code, 'MalformedXML');
  });
});

/** Writes `text` on a fresh connection, then waits (at most 10 s) for the lab to close it. */
function sendAndWaitForClose(url: URL, text: string): Promise<{ closedAfterMs: number; received: string }> {
  const started = Date.now();
  return new Promise((resolve) => {
    let received = '';
    const socket = connect(Number(url.port), url.hostname, () => socket.write(text));
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve({ closedAfterMs: Date.now() - started, received }));
    socket.setTimeout(10_000, () => socket.destroy());
  });
}

describe('slow clients', () => {
  it('a client that never finishes its headers is disconnected after the headers timeout', async () => {
    const lab = await startTestLab({ env: { IAMLAB_HTTP_HEADERS_TIMEOUT_MS: '300' } });
    try {
      const { closedAfterMs, received } = await sendAndWaitForClose(new URL(lab.endpoint), 'POST / HTTP/1.1\r\nHost: x\r\n');
      assert.ok(closedAfterMs < 5_000, `closed after ${closedAfterMs} ms`);
      assert.match(received, /^HTTP\/1\.1 408 /);
    } finally {
      await lab.dispose();
    }
  });

  it('a connection silent past the idle timeout is closed', async () => {
    const lab = await startTestLab({ env: { IAMLAB_HTTP_IDLE_TIMEOUT_MS: '300' } });
    try {
      const keys = { accessKeyId: lab.rootAccessKeyId, secretAccessKey: lab.rootSecretAccessKey };
      const s3 = new S3Client({ endpoint: lab.endpoint, region: 'us-east-1', credentials: keys, forcePathStyle: true });
      await s3.send(new CreateBucketCommand({ Bucket: 'idle' }));
      s3.destroy();
      const url = new URL(presignV4({ endpoint: lab.endpoint, bucket: 'idle', key: 'k', keys, expiresSeconds: 60, method: 'PUT' }));
      // A signed upload whose headers are complete, its body promised and never sent.
      const { closedAfterMs } = await sendAndWaitForClose(
        url,
        `PUT ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Length: 10\r\n\r\n`,
      );
      assert.ok(closedAfterMs < 5_000, `closed after ${closedAfterMs} ms`);
    } finally {
      await lab.dispose();
    }
  });
});
