/**
 * DeleteObjects authorizes each key on its own (aws-behaviour.md §9.7): a key the caller may not delete is an
 * `AccessDenied` `<Error>` entry, the others are deleted, and the answer is 200.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateBucketCommand, DeleteObjectsCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { allow, policy, S3Lab } from './s3-lab.js';

describe('DeleteObjects with some keys denied', () => {
  let l: S3Lab;
  const bucket = 'del-some';
  const keys = ['open/a', 'closed/b', 'open/c'];

  before(async () => {
    l = await S3Lab.start();
    await l.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  });
  after(async () => {
    await l.dispose();
  });

  const putAll = async (): Promise<void> => {
    for (const key of keys) await l.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }));
  };
  const remaining = async (): Promise<string[]> =>
    ((await l.s3.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []).map((c) => c.Key ?? '');

  it('deletes the keys allowed and reports the others as AccessDenied entries, 200', async () => {
    await putAll();
    const deleter = l.s3As(await l.user('deleter', policy(allow('s3:DeleteObject', `arn:aws:s3:::${bucket}/open/*`))));
    const out = await deleter.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys.map((Key) => ({ Key })) } }));
    assert.equal(out.$metadata.httpStatusCode, 200);
    assert.deepEqual(
      out.Deleted?.map((d) => d.Key),
      ['open/a', 'open/c'],
    );
    assert.deepEqual(out.Errors, [{ Key: 'closed/b', Code: 'AccessDenied', Message: 'Access Denied' }]);
    assert.deepEqual(await remaining(), ['closed/b']);
  });

  it('a caller allowed nothing gets 200 with every key an AccessDenied entry, and nothing is deleted', async () => {
    await putAll();
    const nobody = l.s3As(await l.user('nobody'));
    const out = await nobody.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true } }));
    assert.equal(out.$metadata.httpStatusCode, 200);
    assert.equal(out.Deleted, undefined);
    assert.deepEqual(
      out.Errors?.map((e) => [e.Key, e.Code, e.Message]),
      keys.map((k) => [k, 'AccessDenied', 'Access Denied']),
    );
    assert.deepEqual(await remaining(), ['closed/b', 'open/a', 'open/c']);
  });
});
