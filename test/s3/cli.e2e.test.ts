/**
 * The AWS CLI (v1 here) against the lab's S3: aws s3 mb/ls/cp/rm/rb (a multipart upload for a file over the
 * CLI's 8 MB threshold), aws s3api listings with pagination, head-object, ranged get-object, bucket policies,
 * and `aws s3 presign` (SigV2 on CLI v1) fetched with curl (aws-behaviour.md §5).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { awsCliVersion, SKIP_NO_AWS_CLI } from '../support/clients.js';
import type { RunResult } from '../support/clients.js';
import { ACCOUNT, allow, policy, S3Lab } from './s3-lab.js';

const md5 = (bytes: Buffer): string => createHash('md5').update(bytes).digest('hex');
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

function ok(result: RunResult): string {
  assert.equal(result.code, 0, `exit ${result.code}: ${result.stderr}`);
  return result.stdout;
}

function curl(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    execFile('curl', ['-s', '-w', '\n%{http_code}', url], { encoding: 'utf8' }, (error, stdout) => {
      if (error !== null) return reject(new Error(error.message, { cause: error }));
      const cut = stdout.lastIndexOf('\n');
      resolve({ status: Number(stdout.slice(cut + 1)), body: stdout.slice(0, cut) });
    });
  });
}

describe('S3 with the AWS CLI', { skip: awsCliVersion() === false ? SKIP_NO_AWS_CLI : false }, () => {
  let l: S3Lab;
  let scratch: string;
  const bucket = 'cli-bucket';

  before(async () => {
    l = await S3Lab.start();
    scratch = mkdtempSync(join(tmpdir(), 'iamlab-s3-cli-'));
    ok(await l.cli(l.root, ['s3', 'mb', `s3://${bucket}`]));
  });
  after(async () => {
    await l.dispose();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('aws s3 mb makes a bucket that aws s3 ls and s3api list-buckets show', async () => {
    ok(await l.cli(l.root, ['s3', 'mb', 's3://cli-second']));
    assert.match(ok(await l.cli(l.root, ['s3', 'ls'])), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d cli-bucket$/m);
    const listed = JSON.parse(ok(await l.cli(l.root, ['s3api', 'list-buckets']))) as { Buckets: { Name: string; CreationDate: string }[] };
    assert.deepEqual(
      listed.Buckets.map((b) => b.Name),
      ['cli-bucket', 'cli-second'],
    );
    assert.ok(listed.Buckets.every((b) => !Number.isNaN(Date.parse(b.CreationDate))));
    ok(await l.cli(l.root, ['s3', 'rb', 's3://cli-second']));
    assert.doesNotMatch(ok(await l.cli(l.root, ['s3', 'ls'])), /cli-second/);
  });

  it('aws s3 cp of a small file, head-object with its MD5 ETag, download byte-identical, rm', async () => {
    const bytes = Buffer.from('hello from the AWS CLI\n');
    writeFileSync(join(scratch, 'small.txt'), bytes);
    assert.match(
      ok(await l.cli(l.root, ['s3', 'cp', join(scratch, 'small.txt'), `s3://${bucket}/small.txt`])),
      /upload: .* to s3:\/\/cli-bucket\/small\.txt/,
    );
    const head = JSON.parse(ok(await l.cli(l.root, ['s3api', 'head-object', '--bucket', bucket, '--key', 'small.txt']))) as {
      ContentLength: number;
      ETag: string;
      LastModified: string;
      ContentType: string;
    };
    assert.equal(head.ContentLength, bytes.length);
    assert.equal(head.ETag, `"${md5(bytes)}"`);
    assert.equal(head.ContentType, 'text/plain');
    ok(await l.cli(l.root, ['s3', 'cp', `s3://${bucket}/small.txt`, join(scratch, 'small.back')]));
    assert.deepEqual(readFileSync(join(scratch, 'small.back')), bytes);
    assert.match(ok(await l.cli(l.root, ['s3', 'rm', `s3://${bucket}/small.txt`])), /delete: s3:\/\/cli-bucket\/small\.txt/);
    const gone = await l.cli(l.root, ['s3api', 'head-object', '--bucket', bucket, '--key', 'small.txt']);
    assert.notEqual(gone.code, 0);
    assert.match(gone.stderr, /An error occurred \(404\) when calling the HeadObject operation: Not Found/);
  });

  it('aws s3 cp of 20 MB goes multipart: ETag "<md5 of part md5s>-3", the round trip is byte-identical', async () => {
    const bytes = randomBytes(20 * 1024 * 1024);
    writeFileSync(join(scratch, 'big.bin'), bytes);
    const up = await l.cli(l.root, ['s3', 'cp', join(scratch, 'big.bin'), `s3://${bucket}/big/big.bin`, '--debug']);
    ok(up);
    assert.match(up.stderr, /CreateMultipartUpload/);
    assert.match(up.stderr, /CompleteMultipartUpload/);
    const head = JSON.parse(ok(await l.cli(l.root, ['s3api', 'head-object', '--bucket', bucket, '--key', 'big/big.bin']))) as {
      ContentLength: number;
      ETag: string;
    };
    assert.equal(head.ContentLength, bytes.length);
    // CLI v1 cuts 8 MiB parts: 8 + 8 + 4.
    const partSize = 8 * 1024 * 1024;
    const partMd5s = [0, 1, 2].map((i) =>
      createHash('md5')
        .update(bytes.subarray(i * partSize, (i + 1) * partSize))
        .digest(),
    );
    assert.equal(head.ETag, `"${md5(Buffer.concat(partMd5s))}-3"`);
    ok(await l.cli(l.root, ['s3', 'cp', `s3://${bucket}/big/big.bin`, join(scratch, 'big.back')]));
    assert.equal(sha256(readFileSync(join(scratch, 'big.back'))), sha256(bytes));
    ok(await l.cli(l.root, ['s3', 'rm', `s3://${bucket}/big/big.bin`]));
  });

  it('aws s3 ls of objects, --recursive, and s3api list-objects-v2 with prefix, delimiter and pagination', async () => {
    const keys = ['docs/a.txt', 'docs/b.txt', 'docs/sub/c.txt', 'img/x.png', 'top.txt'];
    writeFileSync(join(scratch, 'tiny'), 'x');
    for (const key of keys) ok(await l.cli(l.root, ['s3', 'cp', join(scratch, 'tiny'), `s3://${bucket}/list/${key}`]));

    const flat = ok(await l.cli(l.root, ['s3', 'ls', `s3://${bucket}/list/`]));
    assert.match(flat, /^ +PRE docs\/$/m);
    assert.match(flat, /^ +PRE img\/$/m);
    assert.match(flat, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d +1 top\.txt$/m);
    assert.doesNotMatch(flat, /a\.txt/);

    const recursive = ok(await l.cli(l.root, ['s3', 'ls', `s3://${bucket}/list/`, '--recursive']));
    assert.deepEqual(
      recursive
        .trim()
        .split('\n')
        .map((line) => line.split(/\s+/).at(-1)),
      keys.map((k) => `list/${k}`),
    );

    interface ListV2 {
      Contents?: { Key: string; Size: number; ETag: string }[];
      CommonPrefixes?: { Prefix: string }[];
      NextToken?: string;
      KeyCount?: number;
    }
    const delimited = JSON.parse(
      ok(await l.cli(l.root, ['s3api', 'list-objects-v2', '--bucket', bucket, '--prefix', 'list/docs/', '--delimiter', '/'])),
    ) as ListV2;
    assert.deepEqual(
      delimited.Contents?.map((c) => c.Key),
      ['list/docs/a.txt', 'list/docs/b.txt'],
    );
    assert.deepEqual(delimited.CommonPrefixes, [{ Prefix: 'list/docs/sub/' }]);
    assert.equal(delimited.Contents?.[0]?.ETag, `"${md5(Buffer.from('x'))}"`);

    // --page-size 2: three ListObjectsV2 calls with continuation tokens; --max-items 3 stops with a NextToken.
    const page1 = await l.cli(l.root, [
      's3api',
      'list-objects-v2',
      '--bucket',
      bucket,
      '--prefix',
      'list/',
      '--page-size',
      '2',
      '--max-items',
      '3',
      '--debug',
    ]);
    const first = JSON.parse(ok(page1)) as ListV2;
    assert.deepEqual(
      first.Contents?.map((c) => c.Key),
      keys.slice(0, 3).map((k) => `list/${k}`),
    );
    assert.equal(typeof first.NextToken, 'string');
    assert.match(page1.stderr, /list-type=2&prefix=list%2F&max-keys=2&continuation-token=/, 'the second page was asked with a continuation token');
    const page2 = JSON.parse(
      ok(
        await l.cli(l.root, [
          's3api',
          'list-objects-v2',
          '--bucket',
          bucket,
          '--prefix',
          'list/',
          '--page-size',
          '2',
          '--max-items',
          '3',
          '--starting-token',
          first.NextToken ?? '',
        ]),
      ),
    ) as ListV2;
    assert.deepEqual(
      page2.Contents?.map((c) => c.Key),
      keys.slice(3).map((k) => `list/${k}`),
    );
    assert.equal(page2.NextToken, undefined);

    ok(await l.cli(l.root, ['s3', 'rm', `s3://${bucket}/list/`, '--recursive']));
    // Nothing listed: the CLI prints nothing and exits 1, as it does against AWS.
    const empty = await l.cli(l.root, ['s3', 'ls', `s3://${bucket}/list/`, '--recursive']);
    assert.deepEqual({ code: empty.code, stdout: empty.stdout.trim(), stderr: empty.stderr.trim() }, { code: 1, stdout: '', stderr: '' });
  });

  it('s3api get-object --range answers 206 with the bytes asked for', async () => {
    const bytes = Buffer.from('0123456789abcdefghijklmnopqrstuvwxyz');
    writeFileSync(join(scratch, 'range.txt'), bytes);
    ok(await l.cli(l.root, ['s3', 'cp', join(scratch, 'range.txt'), `s3://${bucket}/range.txt`]));
    const result = await l.cli(l.root, [
      's3api',
      'get-object',
      '--bucket',
      bucket,
      '--key',
      'range.txt',
      '--range',
      'bytes=10-15',
      join(scratch, 'range.out'),
      '--debug',
    ]);
    const out = JSON.parse(ok(result)) as { ContentLength: number; ContentRange: string; AcceptRanges: string; ETag: string };
    assert.equal(out.ContentLength, 6);
    assert.equal(out.ContentRange, `bytes 10-15/${bytes.length}`);
    assert.equal(out.AcceptRanges, 'bytes');
    assert.equal(out.ETag, `"${md5(bytes)}"`);
    assert.match(result.stderr, /"GET \/cli-bucket\/range\.txt HTTP\/1\.1" 206 6/);
    assert.equal(readFileSync(join(scratch, 'range.out'), 'utf8'), 'abcdef');
    const suffix = JSON.parse(
      ok(await l.cli(l.root, ['s3api', 'get-object', '--bucket', bucket, '--key', 'range.txt', '--range', 'bytes=-4', join(scratch, 'range.out')])),
    ) as {
      ContentRange: string;
    };
    assert.equal(suffix.ContentRange, `bytes 32-35/${bytes.length}`);
    assert.equal(readFileSync(join(scratch, 'range.out'), 'utf8'), 'wxyz');
  });

  it('s3api put-bucket-policy, get-bucket-policy, delete-bucket-policy; NoSuchBucketPolicy after', async () => {
    ok(await l.cli(l.root, ['s3', 'mb', 's3://cli-policy']));
    const document = policy({
      Sid: 'ReadAll',
      ...allow('s3:GetObject', 'arn:aws:s3:::cli-policy/*'),
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
    });
    ok(await l.cli(l.root, ['s3api', 'put-bucket-policy', '--bucket', 'cli-policy', '--policy', document]));
    const got = JSON.parse(ok(await l.cli(l.root, ['s3api', 'get-bucket-policy', '--bucket', 'cli-policy']))) as { Policy: string };
    assert.deepEqual(JSON.parse(got.Policy), JSON.parse(document));
    ok(await l.cli(l.root, ['s3api', 'delete-bucket-policy', '--bucket', 'cli-policy']));
    const none = await l.cli(l.root, ['s3api', 'get-bucket-policy', '--bucket', 'cli-policy']);
    assert.notEqual(none.code, 0);
    assert.match(
      none.stderr,
      /An error occurred \(NoSuchBucketPolicy\) when calling the GetBucketPolicy operation: The bucket policy does not exist/,
    );
    ok(await l.cli(l.root, ['s3', 'rb', 's3://cli-policy']));
  });

  it('aws s3 presign makes a SigV2 URL (CLI v1) that curl fetches; a wrong key answers InvalidAccessKeyId', async () => {
    writeFileSync(join(scratch, 'shared.txt'), 'shared via presign');
    ok(await l.cli(l.root, ['s3', 'cp', join(scratch, 'shared.txt'), `s3://${bucket}/shared/report 1.txt`]));
    const url = ok(await l.cli(l.root, ['s3', 'presign', `s3://${bucket}/shared/report 1.txt`, '--expires-in', '600'])).trim();
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/cli-bucket\/shared\/report%201\.txt\?AWSAccessKeyId=[A-Z0-9]+&Signature=[^&]+&Expires=\d+$/);
    const fetched = await curl(url);
    assert.equal(fetched.status, 200, fetched.body);
    assert.equal(fetched.body, 'shared via presign');
    const forged = await curl(url.replace(/AWSAccessKeyId=[A-Z0-9]+/, 'AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE'));
    assert.equal(forged.status, 403);
    assert.match(
      forged.body,
      /<Code>InvalidAccessKeyId<\/Code><Message>The AWS Access Key Id you provided does not exist in our records\.<\/Message>/,
    );
  });

  it('aws s3 rb refuses a bucket with objects (BucketNotEmpty); rb --force empties and removes it', async () => {
    ok(await l.cli(l.root, ['s3', 'mb', 's3://cli-full']));
    writeFileSync(join(scratch, 'f'), 'f');
    ok(await l.cli(l.root, ['s3', 'cp', join(scratch, 'f'), 's3://cli-full/f']));
    const refused = await l.cli(l.root, ['s3', 'rb', 's3://cli-full']);
    assert.notEqual(refused.code, 0);
    assert.match(
      refused.stderr,
      /An error occurred \(BucketNotEmpty\) when calling the DeleteBucket operation: The bucket you tried to delete is not empty/,
    );
    ok(await l.cli(l.root, ['s3', 'rb', 's3://cli-full', '--force']));
    const gone = await l.cli(l.root, ['s3', 'ls', 's3://cli-full']);
    assert.notEqual(gone.code, 0);
    assert.match(gone.stderr, /An error occurred \(NoSuchBucket\) when calling the ListObjectsV2 operation: The specified bucket does not exist/);
  });
});
