/**
 * boto3 against the lab's S3: put_object/get_object (botocore over http:// signs the body's SHA-256 and sends
 * its CRC32 as a header), its errors, and generate_presigned_url in both signature versions — SigV2 by default
 * for us-east-1, SigV4 with Config(signature_version='s3v4') — fetched with Node's fetch (aws-behaviour.md §5.4).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { boto3Python, SKIP_NO_BOTO3 } from '../support/clients.js';
import { readError, S3Lab } from './s3-lab.js';

const PRELUDE = `
import json, boto3
from botocore.config import Config
from botocore.exceptions import ClientError
def client(**config):
    return boto3.client('s3', endpoint_url=ENDPOINT, region_name='us-east-1', config=Config(retries={'max_attempts': 1}, **config))
def err(call):
    try:
        call()
    except ClientError as e:
        return {'code': e.response['Error']['Code'], 'message': e.response['Error'].get('Message'), 'status': e.response['ResponseMetadata']['HTTPStatusCode']}
    return None
`;

describe('S3 with boto3', { skip: boto3Python() === false ? SKIP_NO_BOTO3 : false }, () => {
  let l: S3Lab;
  const bucket = 'boto-bucket';

  async function py<T>(script: string): Promise<T> {
    const result = await l.boto3(l.root, `${PRELUDE}\n${script}`);
    assert.equal(result.code, 0, result.stderr);
    return JSON.parse(result.stdout) as T;
  }

  before(async () => {
    l = await S3Lab.start();
    await py<null>(`client().create_bucket(Bucket='${bucket}')\nprint('null')`);
  });
  after(async () => {
    await l.dispose();
  });

  it('put_object and get_object round-trip bytes, metadata and content type; ETag is the MD5', async () => {
    const out = await py<{ putEtag: string; getEtag: string; body: string; meta: Record<string, string>; type: string; length: number }>(`
s3 = client()
put = s3.put_object(Bucket='${bucket}', Key='dir/hello.txt', Body=b'hello boto3', ContentType='text/plain', Metadata={'owner': 'boto'})
got = s3.get_object(Bucket='${bucket}', Key='dir/hello.txt')
print(json.dumps({'putEtag': put['ETag'], 'getEtag': got['ETag'], 'body': got['Body'].read().decode(), 'meta': got['Metadata'], 'type': got['ContentType'], 'length': got['ContentLength']}))
`);
    const etag = `"${createHash('md5').update('hello boto3').digest('hex')}"`;
    assert.deepEqual(out, {
      putEtag: etag,
      getEtag: etag,
      body: 'hello boto3',
      meta: { owner: 'boto' },
      type: 'text/plain',
      length: 11,
    });
  });

  it('errors: NoSuchKey on get_object, a bare 404 on head_object, NoSuchBucket', async () => {
    const out = await py<Record<string, { code: string; message: string | null; status: number }>>(`
s3 = client()
print(json.dumps({
  'get': err(lambda: s3.get_object(Bucket='${bucket}', Key='missing')),
  'head': err(lambda: s3.head_object(Bucket='${bucket}', Key='missing')),
  'bucket': err(lambda: s3.list_objects_v2(Bucket='no-such-bucket-here')),
}))
`);
    assert.deepEqual(out, {
      get: { code: 'NoSuchKey', message: 'The specified key does not exist.', status: 404 },
      head: { code: '404', message: 'Not Found', status: 404 },
      bucket: { code: 'NoSuchBucket', message: 'The specified bucket does not exist', status: 404 },
    });
  });

  it('generate_presigned_url: SigV2 by default for us-east-1, SigV4 with s3v4; both fetch with Node fetch', async () => {
    await py<null>(`client().put_object(Bucket='${bucket}', Key='shared/a b+c.txt', Body=b'presigned body')\nprint('null')`);
    const urls = await py<{ v2: string; v4: string }>(`
params = {'Bucket': '${bucket}', 'Key': 'shared/a b+c.txt'}
print(json.dumps({
  'v2': client().generate_presigned_url('get_object', Params=params, ExpiresIn=300),
  'v4': client(signature_version='s3v4').generate_presigned_url('get_object', Params=params, ExpiresIn=300),
}))
`);
    assert.match(urls.v2, /\?AWSAccessKeyId=[A-Z0-9]+&Signature=[^&]+&Expires=\d+$/);
    assert.match(
      urls.v4,
      /X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=[^&]+%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=\d{8}T\d{6}Z&X-Amz-Expires=300&X-Amz-SignedHeaders=host&X-Amz-Signature=[0-9a-f]{64}$/,
    );
    for (const url of [urls.v2, urls.v4]) {
      const response = await fetch(url);
      assert.equal(response.status, 200, url);
      assert.equal(await response.text(), 'presigned body');
      assert.equal(response.headers.get('content-length'), '14');
    }
    // The URL is for GET: a HEAD with the same signature does not verify.
    for (const url of [urls.v2, urls.v4]) {
      const head = await fetch(url, { method: 'HEAD' });
      assert.equal(head.status, 403, url);
    }
    // A changed key does not verify either, in both versions.
    for (const url of [urls.v2, urls.v4]) {
      const error = await readError(await fetch(url.replace('a%20b', 'a%20c')));
      assert.equal(error.status, 403);
      assert.equal(error.code, 'SignatureDoesNotMatch');
      assert.equal(
        error.message,
        'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      );
    }
  });

  it('a SigV4 presigned PUT from boto3 uploads with fetch; the object reads back', async () => {
    const { url } = await py<{ url: string }>(`
print(json.dumps({'url': client(signature_version='s3v4').generate_presigned_url('put_object', Params={'Bucket': '${bucket}', 'Key': 'uploaded.bin'}, ExpiresIn=60)}))
`);
    const put = await fetch(url, { method: 'PUT', body: Buffer.from([0, 1, 2, 253, 254, 255]) });
    assert.equal(put.status, 200, await put.clone().text());
    const out = await py<{ body: number[] }>(
      `print(json.dumps({'body': list(client().get_object(Bucket='${bucket}', Key='uploaded.bin')['Body'].read())}))`,
    );
    assert.deepEqual(out.body, [0, 1, 2, 253, 254, 255]);
  });

  it('a SigV2 presigned URL expires on the virtual clock: 403 AccessDenied "Request has expired" with Expires and ServerTime', async () => {
    await py<null>(`client().put_object(Bucket='${bucket}', Key='short.txt', Body=b'short')\nprint('null')`);
    const { url } = await py<{ url: string }>(
      `print(json.dumps({'url': client().generate_presigned_url('get_object', Params={'Bucket': '${bucket}', 'Key': 'short.txt'}, ExpiresIn=120)}))`,
    );
    assert.match(url, /AWSAccessKeyId=/);
    assert.equal((await fetch(url)).status, 200);
    await l.advance('3m');
    const error = await readError(await fetch(url));
    assert.equal(error.status, 403);
    assert.equal(error.code, 'AccessDenied');
    assert.equal(error.message, 'Request has expired');
    const expires = error.field('Expires');
    const serverTime = error.field('ServerTime');
    assert.ok(expires !== undefined && serverTime !== undefined, error.body);
    assert.ok(Date.parse(serverTime) > Date.parse(expires), error.body);
  });
});
