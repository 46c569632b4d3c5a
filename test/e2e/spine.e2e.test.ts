/**
 * The spine end to end: a real lab on a loopback port, called by the real AWS CLI, boto3, the JS SDK and
 * hand-signed requests. Every failure is checked for AWS's code, status and message.
 */
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { awsCli, awsCliVersion, boto3, boto3Python, SKIP_NO_AWS_CLI, SKIP_NO_BOTO3 } from '../support/clients.js';
import { signedPost, xmlText } from '../support/sign.js';
import { startTestLab } from '../support/test-lab.js';
import type { TestLab } from '../support/test-lab.js';

const GET_CALLER_IDENTITY = 'Action=GetCallerIdentity&Version=2011-06-15';

describe('spine: GetCallerIdentity through the whole pipeline', () => {
  let lab: TestLab;
  const root = (): { accessKeyId: string; secretAccessKey: string } => ({
    accessKeyId: lab.rootAccessKeyId,
    secretAccessKey: lab.rootSecretAccessKey,
  });

  before(async () => {
    lab = await startTestLab();
  });
  after(async () => {
    await lab.dispose();
  });

  it('answers the JS SDK as the account root', async () => {
    const client = new STSClient({ endpoint: lab.endpoint, region: 'eu-west-1', credentials: root() });
    const identity = await client.send(new GetCallerIdentityCommand({}));
    assert.equal(identity.Arn, 'arn:aws:iam::123456789012:root');
    assert.equal(identity.Account, '123456789012');
    assert.equal(identity.UserId, '123456789012');
    assert.match(identity.$metadata.requestId ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-/);
  });

  it('answers the AWS CLI', async (t) => {
    if (awsCliVersion() === false) return t.skip(SKIP_NO_AWS_CLI);
    const result = await awsCli(lab.endpoint, root(), ['sts', 'get-caller-identity']);
    assert.equal(result.code, 0, result.stderr);
    const identity = JSON.parse(result.stdout) as { Arn: string; Account: string; UserId: string };
    assert.deepEqual(identity, { UserId: '123456789012', Account: '123456789012', Arn: 'arn:aws:iam::123456789012:root' });
  });

  it('answers boto3', async (t) => {
    const python = boto3Python();
    if (python === false) return t.skip(SKIP_NO_BOTO3);
    const result = await boto3(
      python,
      lab.endpoint,
      root(),
      [
        'import boto3, json',
        "sts = boto3.client('sts', endpoint_url=ENDPOINT, region_name='us-east-1')",
        "print(json.dumps(sts.get_caller_identity()['Arn']))",
      ].join('\n'),
    );
    assert.equal(result.code, 0, result.stderr);
    assert.equal(JSON.parse(result.stdout), 'arn:aws:iam::123456789012:root');
  });

  it('a wrong secret is SignatureDoesNotMatch with AWS text (AWS CLI)', async (t) => {
    if (awsCliVersion() === false) return t.skip(SKIP_NO_AWS_CLI);
    const result = await awsCli(lab.endpoint, { ...root(), secretAccessKey: 'x'.repeat(40) }, ['sts', 'get-caller-identity']);
    assert.notEqual(result.code, 0);
    assert.match(
      result.stderr,
      /An error occurred \(SignatureDoesNotMatch\) when calling the GetCallerIdentity operation: The request signature we calculated does not match the signature you provided\. Check your AWS Secret Access Key and signing method\. Consult the service documentation for details\./,
    );
  });

  it('a wrong secret: 403 SignatureDoesNotMatch in the query envelope', async () => {
    const response = await signedPost({
      endpoint: lab.endpoint,
      service: 'sts',
      ...root(),
      secretAccessKey: 'wrong'.repeat(8),
      body: GET_CALLER_IDENTITY,
    });
    assert.equal(response.status, 403);
    assert.equal(xmlText(response.text, 'Code'), 'SignatureDoesNotMatch');
    assert.equal(xmlText(response.text, 'Type'), 'Sender');
    assert.match(response.text, /^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/">/);
    assert.match(xmlText(response.text, 'RequestId') ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(response.headers.get('x-amzn-requestid'), xmlText(response.text, 'RequestId'));
  });

  it('an unknown key: 403 InvalidClientTokenId', async () => {
    const response = await signedPost({
      endpoint: lab.endpoint,
      service: 'sts',
      accessKeyId: 'AKIAUNKNOWNUNKNOWN00',
      secretAccessKey: 'x'.repeat(40),
      body: GET_CALLER_IDENTITY,
    });
    assert.equal(response.status, 403);
    assert.equal(xmlText(response.text, 'Code'), 'InvalidClientTokenId');
    assert.equal(xmlText(response.text, 'Message'), 'The security token included in the request is invalid.');
  });

  it('an unknown key through the JS SDK surfaces as InvalidClientTokenId', async () => {
    const client = new STSClient({
      endpoint: lab.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: 'x'.repeat(40) },
    });
    await assert.rejects(client.send(new GetCallerIdentityCommand({})), (error: Error & { $metadata?: { httpStatusCode?: number } }) => {
      assert.equal(error.name, 'InvalidClientTokenId');
      assert.equal(error.message, 'The security token included in the request is invalid.');
      assert.equal(error.$metadata?.httpStatusCode, 403);
      return true;
    });
  });

  it('X-Amz-Date 20 minutes in the past: 403 SignatureDoesNotMatch "Signature expired"', async () => {
    const signingDate = new Date(Date.now() - 20 * 60_000);
    const response = await signedPost({ endpoint: lab.endpoint, service: 'sts', ...root(), body: GET_CALLER_IDENTITY, signingDate });
    assert.equal(response.status, 403);
    assert.equal(xmlText(response.text, 'Code'), 'SignatureDoesNotMatch');
    assert.match(
      xmlText(response.text, 'Message') ?? '',
      /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/,
    );
  });

  it('X-Amz-Date 20 minutes in the future: 403 SignatureDoesNotMatch "Signature not yet current"', async () => {
    const signingDate = new Date(Date.now() + 20 * 60_000);
    const response = await signedPost({ endpoint: lab.endpoint, service: 'sts', ...root(), body: GET_CALLER_IDENTITY, signingDate });
    assert.equal(response.status, 403);
    assert.match(
      xmlText(response.text, 'Message') ?? '',
      /^Signature not yet current: \d{8}T\d{6}Z is still later than \d{8}T\d{6}Z \(\d{8}T\d{6}Z \+ 15 min\.\)$/,
    );
  });

  it('a signed request replayed with another body is refused, whatever x-amz-content-sha256 says', async () => {
    const url = new URL(lab.endpoint);
    const { SignatureV4 } = await import('@smithy/signature-v4');
    const { Sha256 } = await import('@aws-crypto/sha256-js');
    const signer = new SignatureV4({ service: 'sts', region: 'us-east-1', sha256: Sha256, credentials: root() });
    const signed = await signer.sign({
      method: 'POST',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: '/',
      query: {},
      headers: { host: url.host, 'content-type': 'application/x-www-form-urlencoded' },
      body: GET_CALLER_IDENTITY,
    });
    const headers = Object.fromEntries(Object.entries(signed.headers).filter(([name]) => name !== 'host'));
    assert.ok('x-amz-content-sha256' in headers, 'the signer sent the body hash as a header');
    const replayed = await fetch(`${lab.endpoint}/`, { method: 'POST', headers, body: 'Action=GetSessionToken&Version=2011-06-15' });
    assert.equal(replayed.status, 403);
    assert.equal(xmlText(await replayed.text(), 'Code'), 'SignatureDoesNotMatch');
    const original = await fetch(`${lab.endpoint}/`, { method: 'POST', headers, body: GET_CALLER_IDENTITY });
    assert.equal(original.status, 200);
  });

  it('an unknown action: 400 InvalidAction', async () => {
    const response = await signedPost({ endpoint: lab.endpoint, service: 'sts', ...root(), body: 'Action=GetNothing&Version=2011-06-15' });
    assert.equal(response.status, 400);
    assert.equal(xmlText(response.text, 'Code'), 'InvalidAction');
    assert.equal(xmlText(response.text, 'Message'), 'Could not find operation GetNothing for version 2011-06-15');
  });

  it('an unsigned request: 403 MissingAuthenticationToken', async () => {
    const response = await fetch(`${lab.endpoint}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: GET_CALLER_IDENTITY,
    });
    assert.equal(response.status, 403);
    assert.equal(xmlText(await response.text(), 'Code'), 'MissingAuthenticationToken');
  });

  it('a malformed form body gets an error envelope and the lab keeps serving', async () => {
    const response = await signedPost({
      endpoint: lab.endpoint,
      service: 'sts',
      ...root(),
      body: 'Action=GetCallerIdentity&Version=2011-06-15&X=%ZZ',
    });
    assert.equal(response.status, 400);
    assert.match(response.text, /<ErrorResponse/);
    const ok = await signedPost({ endpoint: lab.endpoint, service: 'sts', ...root(), body: GET_CALLER_IDENTITY });
    assert.equal(ok.status, 200);
  });

  it('an oversize body gets 413 in the service envelope', async () => {
    const body = `${GET_CALLER_IDENTITY}&Pad=${'a'.repeat(9 * 1024 * 1024)}`;
    const response = await signedPost({ endpoint: lab.endpoint, service: 'sts', ...root(), body });
    assert.equal(response.status, 413);
    assert.match(response.text, /<Code>RequestEntityTooLarge<\/Code>/);
  });

  it('a malformed Authorization header: 400 IncompleteSignature, process unharmed', async () => {
    const response = await fetch(`${lab.endpoint}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: 'AWS4-HMAC-SHA256 garbage' },
      body: GET_CALLER_IDENTITY,
    });
    assert.equal(response.status, 400);
    assert.equal(xmlText(await response.text(), 'Code'), 'IncompleteSignature');
  });

  it('garbage HTTP gets 400 on the socket and the lab keeps serving', async () => {
    const url = new URL(lab.endpoint);
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest({ host: url.hostname, port: url.port, method: 'POST', path: '/', headers: { 'content-length': 'abc' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    }).catch(() => 400);
    assert.equal(status, 400);
    const ok = await signedPost({ endpoint: lab.endpoint, service: 'sts', ...root(), body: GET_CALLER_IDENTITY });
    assert.equal(ok.status, 200);
  });

  it('GetCallerIdentity presigned as a GET (query auth) works, as EKS tokens use it', async () => {
    const { SignatureV4 } = await import('@smithy/signature-v4');
    const { Sha256 } = await import('@aws-crypto/sha256-js');
    const url = new URL(lab.endpoint);
    const signer = new SignatureV4({ service: 'sts', region: 'us-east-1', sha256: Sha256, credentials: root() });
    const presigned = await signer.presign(
      {
        method: 'GET',
        protocol: 'http:',
        hostname: url.hostname,
        port: Number(url.port),
        path: '/',
        headers: { host: url.host },
        query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
      },
      { expiresIn: 60 },
    );
    const query = new URLSearchParams(presigned.query as Record<string, string>).toString().replace(/\+/g, '%20');
    const response = await fetch(`${lab.endpoint}/?${query}`);
    const text = await response.text();
    assert.equal(response.status, 200, text);
    assert.equal(xmlText(text, 'Arn'), 'arn:aws:iam::123456789012:root');
  });
});

describe('spine: keys survive a restart', () => {
  it('the skew check uses the wall clock: moving the virtual clock does not break signing', async (t) => {
    const lab = await startTestLab();
    t.after(() => lab.dispose());
    lab.clock.advance(6 * 3_600_000);
    const root = { accessKeyId: lab.rootAccessKeyId, secretAccessKey: lab.rootSecretAccessKey };
    const response = await signedPost({ endpoint: lab.endpoint, service: 'sts', ...root, body: GET_CALLER_IDENTITY });
    assert.equal(response.status, 200, response.text);
    const date = Date.parse(response.headers.get('date') ?? '');
    assert.ok(Math.abs(date - Date.now()) < 5_000, 'the Date header is wall time');
  });

  it('the same root keys work after the lab restarts on the same data directory', async () => {
    const first = await startTestLab({ keepData: true });
    const keys = { accessKeyId: first.rootAccessKeyId, secretAccessKey: first.rootSecretAccessKey };
    await first.dispose();
    const second = await startTestLab({ dataDir: first.dataDir });
    try {
      assert.equal(second.rootAccessKeyId, keys.accessKeyId);
      const response = await signedPost({ endpoint: second.endpoint, service: 'sts', ...keys, body: GET_CALLER_IDENTITY });
      assert.equal(response.status, 200, response.text);
    } finally {
      await second.dispose();
    }
  });

  it('IAMLAB_ROOT_ACCESS_KEY_ID / IAMLAB_ROOT_SECRET_ACCESS_KEY choose the root keys', async () => {
    const env = { IAMLAB_ROOT_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', IAMLAB_ROOT_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
    const lab = await startTestLab({ env });
    try {
      const response = await signedPost({
        endpoint: lab.endpoint,
        service: 'sts',
        accessKeyId: env.IAMLAB_ROOT_ACCESS_KEY_ID,
        secretAccessKey: env.IAMLAB_ROOT_SECRET_ACCESS_KEY,
        body: GET_CALLER_IDENTITY,
      });
      assert.equal(response.status, 200, response.text);
    } finally {
      await lab.dispose();
    }
  });
});
