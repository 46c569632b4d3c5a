/**
 * s3cmd (Debian's 2.3) against the lab's S3, with SigV2 (`signature_v2 = True`) and with SigV4, path-style
 * over plain HTTP: mb, put, ls, get, info, a multipart put in 5 MiB parts, sync up and back, del, rb — with the
 * account's root keys and with a role session allowed one bucket only. With SigV2 s3cmd dates its requests
 * in `x-amz-date` as `Sun, 06 Dec 2026 09:54:28 +0000`, the zone written as a number as in S3's own SigV2
 * examples (aws-behaviour.md §5.4; src/auth/sigv2/parse-sigv2-date.ts).
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { HeadBucketCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import type { RunResult } from '../support/clients.js';
import { failure, S3Lab } from '../s3/s3-lab.js';
import type { Keys } from '../s3/s3-lab.js';
import { oneBucketSession, s3cmd, skipUnless, writeS3cmdConfig } from './tools.js';

const MiB = 1024 * 1024;
const md5 = (bytes: Buffer): string => createHash('md5').update(bytes).digest('hex');

function ok(result: RunResult): string {
  assert.equal(result.code, 0, `exit ${result.code}: ${result.stderr}`);
  return result.stdout;
}

/** The ETag S3 gives a multipart object: the MD5 of the parts' binary MD5s, then `-<count>`. */
function multipartEtag(bytes: Buffer, partSize: number): string {
  const digests: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += partSize)
    digests.push(
      createHash('md5')
        .update(bytes.subarray(at, at + partSize))
        .digest(),
    );
  return `"${createHash('md5').update(Buffer.concat(digests)).digest('hex')}-${digests.length}"`;
}

describe('s3cmd against the lab', { skip: skipUnless('s3cmd') }, () => {
  let l: S3Lab;
  let scratch: string;

  before(async () => {
    l = await S3Lab.start();
    scratch = mkdtempSync(join(tmpdir(), 'iamlab-s3cmd-'));
  });
  after(async () => {
    await l.dispose();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('signurl makes a SigV2 query-string URL (aws-behaviour.md §5.4) that reads the object; a changed Expires does not', async () => {
    const config = writeS3cmdConfig(scratch, 'signurl.cfg', l.endpoint, 'v4', l.root);
    ok(await s3cmd(config, ['mb', 's3://s3cmd-signurl']));
    writeFileSync(join(scratch, 'shared.txt'), 'shared by URL\n');
    ok(await s3cmd(config, ['put', join(scratch, 'shared.txt'), 's3://s3cmd-signurl/shared.txt']));
    const url = ok(await s3cmd(config, ['signurl', 's3://s3cmd-signurl/shared.txt', '+300'])).trim();
    assert.match(url, /\/s3cmd-signurl\/shared\.txt\?AWSAccessKeyId=[A-Z0-9]+&Expires=\d+&Signature=/);
    const got = await fetch(url);
    assert.equal(got.status, 200);
    assert.equal(await got.text(), 'shared by URL\n');
    const tampered = await fetch(url.replace(/Expires=(\d+)/, (_m, s: string) => `Expires=${Number(s) + 1}`));
    assert.equal(tampered.status, 403);
    assert.match(await tampered.text(), /<Code>SignatureDoesNotMatch<\/Code>/);
  });

  for (const signature of ['v2', 'v4'] as const) {
    describe(`with Signature Version ${signature === 'v2' ? '2' : '4'}`, () => {
      const bucket = `s3cmd-${signature}`;
      let config: string;
      const s3c = (args: readonly string[]): Promise<RunResult> => s3cmd(config, args);

      before(() => {
        config = writeS3cmdConfig(scratch, `root-${signature}.cfg`, l.endpoint, signature, l.root);
      });

      it(`signs with ${signature === 'v2' ? '`Authorization: AWS` and an x-amz-date in RFC 1123 form with +0000' : 'AWS4-HMAC-SHA256'}`, async () => {
        const listed = await s3c(['--debug', 'ls']);
        ok(listed);
        if (signature === 'v2') {
          assert.match(listed.stderr, /'Authorization': 'AWS [A-Z0-9]+:[A-Za-z0-9+/=]+'/);
          assert.match(listed.stderr, /'x-amz-date': '(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d \+0000'/);
        } else {
          assert.match(listed.stderr, /'Authorization': 'AWS4-HMAC-SHA256 Credential=[A-Z0-9]+\/\d{8}\/us-east-1\/s3\/aws4_request/);
        }
      });

      it('mb, put, ls, get byte-identical, info, del, rb', async () => {
        assert.match(ok(await s3c(['mb', `s3://${bucket}`])), new RegExp(`Bucket 's3://${bucket}/' created`));
        assert.match(ok(await s3c(['ls'])), new RegExp(`^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d  s3://${bucket}$`, 'm'));
        const bytes = Buffer.from(`hello from s3cmd ${signature}\n`);
        writeFileSync(join(scratch, 'hello.txt'), bytes);
        assert.match(
          ok(await s3c(['put', join(scratch, 'hello.txt'), `s3://${bucket}/docs/hello.txt`])),
          /upload: .* -> 's3:\/\/s3cmd-v\d\/docs\/hello\.txt'/,
        );

        assert.match(ok(await s3c(['ls', `s3://${bucket}`])), /^ +DIR +s3:\/\/s3cmd-v\d\/docs\/$/m);
        const listed = ok(await s3c(['ls', `s3://${bucket}/docs/`]));
        assert.match(listed, new RegExp(`^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d +${bytes.length} +s3://${bucket}/docs/hello\\.txt$`, 'm'));

        ok(await s3c(['get', '--force', `s3://${bucket}/docs/hello.txt`, join(scratch, 'hello.back')]));
        assert.deepEqual(readFileSync(join(scratch, 'hello.back')), bytes);

        const bucketInfo = ok(await s3c(['info', `s3://${bucket}`]));
        assert.match(bucketInfo, new RegExp(`^s3://${bucket}/ \\(bucket\\):$`, 'm'));
        assert.match(bucketInfo, /^ +Location: +us-east-1$/m);
        const objectInfo = ok(await s3c(['info', `s3://${bucket}/docs/hello.txt`]));
        assert.match(objectInfo, new RegExp(`^ +File size: ${bytes.length}$`, 'm'));
        assert.match(objectInfo, new RegExp(`^ +MD5 sum: +${md5(bytes)}$`, 'm'));
        assert.match(objectInfo, /^ +MIME type: +text\/plain$/m);

        assert.match(ok(await s3c(['del', `s3://${bucket}/docs/hello.txt`])), new RegExp(`delete: 's3://${bucket}/docs/hello\\.txt'`));
        assert.equal(ok(await s3c(['ls', `s3://${bucket}`])).trim(), '');
        assert.match(ok(await s3c(['rb', `s3://${bucket}`])), new RegExp(`Bucket 's3://${bucket}/' removed`));
        const gone = await failure(() => l.s3.send(new HeadBucketCommand({ Bucket: bucket })));
        assert.equal(gone.status, 404);
      });

      it('a key with a space, +, =, & and a non-ASCII letter: put, ls, get, del (the path is signed as s3cmd escapes it)', async () => {
        ok(await s3c(['mb', `s3://${bucket}-keys`]));
        const key = 'dir one/odd name+plus ü=&.txt';
        writeFileSync(join(scratch, 'odd.txt'), 'odd\n');
        ok(await s3c(['put', join(scratch, 'odd.txt'), `s3://${bucket}-keys/${key}`]));
        assert.match(ok(await s3c(['ls', `s3://${bucket}-keys/dir one/`])), / s3:\/\/s3cmd-v\d-keys\/dir one\/odd name\+plus ü=&\.txt$/m);
        ok(await s3c(['get', '--force', `s3://${bucket}-keys/${key}`, join(scratch, 'odd.back')]));
        assert.equal(readFileSync(join(scratch, 'odd.back'), 'utf8'), 'odd\n');
        ok(await s3c(['del', `s3://${bucket}-keys/${key}`]));
        ok(await s3c(['rb', `s3://${bucket}-keys`]));
      });

      it('a 17 MB put goes multipart in 5 MiB parts: ETag "<md5 of part md5s>-4", the download is byte-identical', async () => {
        ok(await s3c(['mb', `s3://${bucket}-mp`]));
        const bytes = randomBytes(17_000_000);
        writeFileSync(join(scratch, `big-${signature}.bin`), bytes);
        const put = await s3c(['--debug', '--multipart-chunk-size-mb=5', 'put', join(scratch, `big-${signature}.bin`), `s3://${bucket}-mp/big.bin`]);
        ok(put);
        assert.match(put.stderr, /method_string='POST', uri='\/s3cmd-v\d-mp\/big\.bin\?uploads'/);
        assert.match(put.stderr, /partNumber=4&uploadId=/);
        const head = await l.s3.send(new HeadObjectCommand({ Bucket: `${bucket}-mp`, Key: 'big.bin' }));
        assert.equal(head.ContentLength, bytes.length);
        assert.equal(head.ETag, multipartEtag(bytes, 5 * MiB));
        ok(await s3c(['get', '--force', `s3://${bucket}-mp/big.bin`, join(scratch, `big-${signature}.back`)]));
        assert.equal(md5(readFileSync(join(scratch, `big-${signature}.back`))), md5(bytes));
        ok(await s3c(['del', '--recursive', '--force', `s3://${bucket}-mp`]));
        ok(await s3c(['rb', `s3://${bucket}-mp`]));
      });

      it('sync of a directory up and back; --delete-removed deletes what the directory lost', async () => {
        ok(await s3c(['mb', `s3://${bucket}-sync`]));
        const dir = join(scratch, `tree-${signature}`);
        mkdirSync(join(dir, 'sub'), { recursive: true });
        writeFileSync(join(dir, 'a.txt'), 'a\n');
        writeFileSync(join(dir, 'gone.txt'), 'soon gone\n');
        writeFileSync(join(dir, 'sub', 'b.txt'), 'b\n');
        const up = ok(await s3c(['sync', `${dir}/`, `s3://${bucket}-sync/tree/`]));
        assert.match(up, /Done\. Uploaded \d+ bytes/);
        const keysOf = async (): Promise<string[]> =>
          ok(await s3c(['ls', '--recursive', `s3://${bucket}-sync`]))
            .trim()
            .split('\n')
            .map((line) => line.replace(/^.* s3:\/\/[^/]+\//, ''))
            .sort();
        assert.deepEqual(await keysOf(), ['tree/a.txt', 'tree/gone.txt', 'tree/sub/b.txt']);

        rmSync(join(dir, 'gone.txt'));
        writeFileSync(join(dir, 'a.txt'), 'a, changed\n');
        const again = ok(await s3c(['sync', '--delete-removed', `${dir}/`, `s3://${bucket}-sync/tree/`]));
        assert.match(again, new RegExp(`delete: 's3://${bucket}-sync/tree/gone\\.txt'`));
        assert.match(again, /upload: .*a\.txt/);
        assert.doesNotMatch(again, /b\.txt/);
        assert.deepEqual(await keysOf(), ['tree/a.txt', 'tree/sub/b.txt']);

        const back = join(scratch, `back-${signature}`);
        ok(await s3c(['sync', `s3://${bucket}-sync/tree/`, `${back}/`]));
        assert.equal(readFileSync(join(back, 'a.txt'), 'utf8'), 'a, changed\n');
        assert.equal(readFileSync(join(back, 'sub', 'b.txt'), 'utf8'), 'b\n');
      });

      it('a role session allowed one bucket (session token from AWS_SESSION_TOKEN): that bucket works, another is AccessDenied', async () => {
        const allowed = `${bucket}-allowed`;
        const other = `${bucket}-other`;
        ok(await s3c(['mb', `s3://${allowed}`]));
        ok(await s3c(['mb', `s3://${other}`]));
        const session: Keys = await oneBucketSession(l, `s3cmd-${signature}`, allowed);
        const sessionConfig = writeS3cmdConfig(scratch, `session-${signature}.cfg`, l.endpoint, signature);
        const as = (args: readonly string[]): Promise<RunResult> => s3cmd(sessionConfig, args, session);

        writeFileSync(join(scratch, 'session.txt'), 'from a role session\n');
        const put = await as(['--debug', 'put', join(scratch, 'session.txt'), `s3://${allowed}/session.txt`]);
        ok(put);
        // The token is signed: a line of SigV2's string to sign, or of SigV4's canonical request.
        assert.match(put.stderr, /x-amz-security-token:[A-Za-z0-9+/=]{20}/);
        assert.match(ok(await as(['ls', `s3://${allowed}`])), /s3:\/\/s3cmd-v\d-allowed\/session\.txt$/m);
        ok(await as(['get', '--force', `s3://${allowed}/session.txt`, join(scratch, 'session.back')]));
        assert.equal(readFileSync(join(scratch, 'session.back'), 'utf8'), 'from a role session\n');

        const listOther = await as(['ls', `s3://${other}`]);
        assert.notEqual(listOther.code, 0);
        assert.match(listOther.stderr, /ERROR: S3 error: 403 \(AccessDenied\)/);
        const putOther = await as(['put', join(scratch, 'session.txt'), `s3://${other}/session.txt`]);
        assert.notEqual(putOther.code, 0);
        assert.match(putOther.stderr, /ERROR: S3 error: 403 \(AccessDenied\)/);
        const missing = await failure(() => l.s3.send(new HeadObjectCommand({ Bucket: other, Key: 'session.txt' })));
        assert.equal(missing.status, 404);
      });
    });
  }
});
