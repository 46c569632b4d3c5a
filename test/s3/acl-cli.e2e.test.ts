/**
 * ACLs and Block Public Access with the AWS CLI (aws-behaviour.md §9.6): `--acl public-read` is refused on a
 * new bucket, and works — an unsigned GET then reads the object — once Block Public Access is deleted and
 * Object Ownership is ObjectWriter.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { awsCliVersion, SKIP_NO_AWS_CLI } from '../support/clients.js';
import type { RunResult } from '../support/clients.js';
import { S3Lab } from './s3-lab.js';

function ok(result: RunResult): string {
  assert.equal(result.code, 0, `exit ${result.code}: ${result.stderr}`);
  return result.stdout;
}

describe('S3 ACLs with the AWS CLI', { skip: awsCliVersion() === false ? SKIP_NO_AWS_CLI : false }, () => {
  let l: S3Lab;
  let scratch: string;
  let file: string;

  before(async () => {
    l = await S3Lab.start();
    scratch = mkdtempSync(join(tmpdir(), 'iamlab-s3-acl-cli-'));
    file = join(scratch, 'page.html');
    writeFileSync(file, '<p>public</p>');
  });
  after(async () => {
    rmSync(scratch, { recursive: true, force: true });
    await l.dispose();
  });

  it('with the defaults, put-object --acl public-read is AccessControlListNotSupported and anonymous reads are denied', async () => {
    ok(await l.cli(l.root, ['s3api', 'create-bucket', '--bucket', 'cli-acl-default']));
    const refused = await l.cli(l.root, ['s3api', 'put-object', '--bucket', 'cli-acl-default', '--key', 'p', '--body', file, '--acl', 'public-read']);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /\(AccessControlListNotSupported\) when calling the PutObject operation: The bucket does not allow ACLs/);
    ok(await l.cli(l.root, ['s3api', 'put-object', '--bucket', 'cli-acl-default', '--key', 'p', '--body', file]));
    assert.equal((await fetch(`${l.endpoint}/cli-acl-default/p`)).status, 403);
  });

  it('after delete-public-access-block and ObjectWriter, aws s3 cp --acl public-read makes the object readable unsigned', async () => {
    ok(await l.cli(l.root, ['s3api', 'create-bucket', '--bucket', 'cli-acl-public']));
    ok(await l.cli(l.root, ['s3api', 'delete-public-access-block', '--bucket', 'cli-acl-public']));
    ok(
      await l.cli(l.root, [
        's3api',
        'put-bucket-ownership-controls',
        '--bucket',
        'cli-acl-public',
        '--ownership-controls',
        'Rules=[{ObjectOwnership=ObjectWriter}]',
      ]),
    );
    const ownership = JSON.parse(ok(await l.cli(l.root, ['s3api', 'get-bucket-ownership-controls', '--bucket', 'cli-acl-public']))) as unknown;
    assert.deepEqual(ownership, { OwnershipControls: { Rules: [{ ObjectOwnership: 'ObjectWriter' }] } });
    ok(await l.cli(l.root, ['s3', 'cp', file, 's3://cli-acl-public/page.html', '--acl', 'public-read']));
    const response = await fetch(`${l.endpoint}/cli-acl-public/page.html`);
    assert.equal(response.status, 200);
    assert.equal(await response.text(), '<p>public</p>');
    const acl = JSON.parse(ok(await l.cli(l.root, ['s3api', 'get-object-acl', '--bucket', 'cli-acl-public', '--key', 'page.html']))) as {
      Grants: { Grantee: { Type: string; URI?: string }; Permission: string }[];
    };
    assert.deepEqual(
      acl.Grants.map((g) => [g.Grantee.Type, g.Grantee.URI ?? '', g.Permission]),
      [
        ['CanonicalUser', '', 'FULL_CONTROL'],
        ['Group', 'http://acs.amazonaws.com/groups/global/AllUsers', 'READ'],
      ],
    );
    // Back to private: the unsigned read is denied again.
    ok(await l.cli(l.root, ['s3api', 'put-object-acl', '--bucket', 'cli-acl-public', '--key', 'page.html', '--acl', 'private']));
    assert.equal((await fetch(`${l.endpoint}/cli-acl-public/page.html`)).status, 403);
  });
});
