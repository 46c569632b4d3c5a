// A test suite with Node's own runner: `node --test examples/tests/node-test.test.js`.
// Each test file starts a lab of its own, in-process, in memory: nothing to install or start beforehand.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { startLab } from 'iamlab';

let lab;
let deployer;

before(async () => {
  lab = await startLab();
  // A user who may assume roles, and a role that may read the account's buckets and nothing else.
  const alice = await lab.createUser('alice', {
    policies: { assume: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] } },
  });
  await lab.createRole('deployer', { managedPolicyArns: ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'] });
  deployer = await lab.assumeRole('deployer', { credentials: alice.credentials, sessionName: 'ci' });
});

after(() => lab.stop());

test('the session is the role', async () => {
  const sts = new STSClient({ endpoint: lab.endpoint, region: lab.region, credentials: deployer });
  const identity = await sts.send(new GetCallerIdentityCommand({}));
  assert.equal(identity.Arn, `arn:aws:sts::${lab.accountId}:assumed-role/deployer/ci`);
});

test('the role may list buckets', async () => {
  const s3 = new S3Client({ endpoint: lab.endpoint, region: lab.region, forcePathStyle: true, credentials: deployer });
  const answer = await s3.send(new ListBucketsCommand({}));
  assert.deepEqual(answer.Buckets, []);
});

test('two hours later the session has expired', async () => {
  await lab.clock.advance('2h');
  const sts = new STSClient({ endpoint: lab.endpoint, region: lab.region, credentials: deployer });
  await assert.rejects(sts.send(new GetCallerIdentityCommand({})), { name: 'ExpiredToken' });
});
