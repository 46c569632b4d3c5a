/**
 * PutBucketPolicy's own checks, in S3's words (aws-behaviour.md §9.1): the texts recorded from AWS in
 * LocalStack's test_bucket_policy_exc, and those versitygw's tests hold S3 to.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { BUCKET_POLICY_MESSAGES as M, bucketPolicyProblem as check } from '../../src/services/s3/bucket-policy-check.js';
import type { S3ActionKinds } from '../../src/services/s3/bucket-policy-check.js';
import { s3ActionKinds } from '../../src/services/s3/s3-action-kinds.js';

const B = 'pol-bucket';
const statement = (over: Record<string, unknown>): Record<string, unknown> => ({
  Effect: 'Allow',
  Principal: '*',
  Action: 's3:GetObject',
  Resource: `arn:aws:s3:::${B}/*`,
  ...over,
});
const doc = (...statements: Record<string, unknown>[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const without = (field: string): Record<string, unknown> => {
  const { [field]: _gone, ...rest } = statement({});
  return rest;
};

/** S3's actions as the service catalog (the Service Authorization Reference) lists them, read once. */
let known: S3ActionKinds = [];
const bucketPolicyProblem = (text: string, bucket: string): string | undefined => check(text, bucket, known);

describe('bucketPolicyProblem', () => {
  before(async () => {
    known = await s3ActionKinds();
  });

  it('knows S3’s actions and what each applies to from the Service Authorization Reference', () => {
    const kindsOf = (action: string): readonly string[] | undefined => known.find(([name]) => name === action)?.[1];
    assert.deepEqual(kindsOf('s3:getobject'), ['object']);
    assert.deepEqual(kindsOf('s3:listbucket'), ['bucket']);
    assert.deepEqual(kindsOf('s3:listallmybuckets'), []);
    assert.equal(kindsOf('s3:listobjects'), undefined, 'ListObjects is an API operation, not an IAM action');
    assert.ok(known.length > 150, `only ${known.length} S3 actions`);
  });

  it('an empty body, or a first byte other than `{`, is "the first byte must be {" (recorded)', () => {
    for (const text of ['', 'invalid json', 'false', '"Statement": []}', ' {"Statement": []}', '[]']) {
      assert.equal(bucketPolicyProblem(text, B), M.firstByte, JSON.stringify(text));
    }
    assert.equal(M.firstByte, "Policies must be valid JSON and the first byte must be '{'");
  });

  it('text after `{` that is not JSON is "This policy contains invalid Json"', () => {
    for (const text of ['{true}', '{asdfsdaf', '{"Principal": "*" ']) assert.equal(bucketPolicyProblem(text, B), M.invalidJson, text);
  });

  it('the document: Statement missing (recorded for `{}`), empty, and an unknown Version', () => {
    assert.equal(bucketPolicyProblem('{}', B), 'Missing required field Statement');
    assert.equal(bucketPolicyProblem('{"Statement": []}', B), 'Could not parse the policy: Statement is empty!');
    for (const version of ['', 'invalid', '2000-10-17', '2012-10-16']) {
      const text = JSON.stringify({ Version: version, Statement: [statement({})] });
      assert.equal(bucketPolicyProblem(text, B), 'The policy must contain a valid version string', version);
    }
    // Version may be left out, or be either grammar version; a single statement object is a statement list.
    assert.equal(bucketPolicyProblem(JSON.stringify({ Statement: statement({}) }), B), undefined);
    assert.equal(bucketPolicyProblem(JSON.stringify({ Version: '2008-10-17', Statement: [statement({})] }), B), undefined);
  });

  it('each statement: required fields and Effect', () => {
    assert.equal(bucketPolicyProblem(doc(without('Effect')), B), 'Missing required field Effect');
    assert.equal(bucketPolicyProblem(doc(statement({ Effect: 'hello' })), B), 'Invalid effect: hello');
    assert.equal(bucketPolicyProblem(doc(without('Principal')), B), 'Missing required field Principal');
    assert.equal(bucketPolicyProblem(doc(without('Action')), B), 'Missing required field Action');
    assert.equal(bucketPolicyProblem(doc(without('Resource')), B), 'Missing required field Resource');
    // The second statement is checked too.
    assert.equal(bucketPolicyProblem(doc(statement({}), without('Principal')), B), 'Missing required field Principal');
  });

  it('actions must be S3 actions S3 knows, wildcards included', () => {
    for (const action of [
      '',
      [],
      'invalid_action',
      's3',
      's3:',
      's4:GetObject',
      's3:Foo',
      's3::GetObject',
      's3:GetObject:',
      'iam:PassRole',
      's3:*Obj??ect*',
    ]) {
      assert.equal(bucketPolicyProblem(doc(statement({ Action: action })), B), M.invalidAction, JSON.stringify(action));
    }
    for (const action of ['*', 's3:*', 's3:Get*', 's3:getobject', 's3:GetObjec?', ['s3:GetObject', 's3:PutObject']]) {
      assert.equal(bucketPolicyProblem(doc(statement({ Action: action })), B), undefined, JSON.stringify(action));
    }
  });

  it('resources must name this bucket or its objects', () => {
    for (const resource of [
      '',
      [],
      '*',
      'arn:aws:s3:::other-bucket/*',
      `arn:aws:s3:::prefix-${B}/*`,
      `/${B}/*`,
      `arn:aws:iam::123456789012:role/${B}`,
    ]) {
      assert.equal(bucketPolicyProblem(doc(statement({ Resource: resource })), B), M.invalidResource, JSON.stringify(resource));
    }
    assert.equal(bucketPolicyProblem(doc(statement({ Resource: [`arn:aws:s3:::${B}/*`, `arn:aws:s3:::${B}/*`] })), B), undefined);
    assert.equal(bucketPolicyProblem(doc(statement({ Resource: 'arn:aws:s3:::pol-*/*' })), B), undefined);
  });

  it('every action must apply to one of its statement resources', () => {
    const bucketArn = `arn:aws:s3:::${B}`;
    const objects = `arn:aws:s3:::${B}/*`;
    const mismatches: [string, string][] = [
      [bucketArn, 's3:GetObject'],
      [bucketArn, 's3:PutObjectTagging'],
      [bucketArn, 's3:GetObjec?'],
      [bucketArn, 's3:Abort*'],
      [bucketArn, 's3:???Object'],
      [objects, 's3:ListBucket'],
      [objects, 's3:GetBucketTagging'],
      [objects, 's3:GetBucket*'],
      [bucketArn, 's3:ListAllMyBuckets'],
    ];
    for (const [resource, action] of mismatches) {
      assert.equal(
        bucketPolicyProblem(doc(statement({ Resource: resource, Action: action })), B),
        M.actionResourceMismatch,
        `${action} on ${resource}`,
      );
    }
    const fits: [string | string[], string | string[]][] = [
      [bucketArn, 's3:ListBucket'],
      [
        [bucketArn, objects],
        ['s3:ListBucket', 's3:GetObject'],
      ],
      [objects, 's3:Get*'],
      [bucketArn, 's3:*'],
      ['arn:aws:s3:::*', 's3:GetObject'],
    ];
    for (const [resource, action] of fits) {
      assert.equal(
        bucketPolicyProblem(doc(statement({ Resource: resource, Action: action })), B),
        undefined,
        `${String(action)} on ${String(resource)}`,
      );
    }
    // NotAction / NotResource name what is left out: no matching.
    assert.equal(bucketPolicyProblem(doc({ ...without('Action'), NotAction: 's3:ListBucket' }), B), undefined);
  });
});
