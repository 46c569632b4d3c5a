/**
 * boto3's CloudTrail client against a lab (aws-behaviour.md §13): its paginator pages through LookupEvents with
 * NextToken, reads EventTime as a time, and raises the modelled exception class for an error code of the model.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { boto3Python, cleanEnv, run, SKIP_NO_BOTO3 } from '../support/clients.js';
import { startTestLab } from '../support/test-lab.js';
import type { TestLab } from '../support/test-lab.js';

const SCRIPT = `
import os, boto3
sts = boto3.client('sts', endpoint_url=os.environ['LAB'])
for _ in range(3):
    sts.get_caller_identity()
ct = boto3.client('cloudtrail', endpoint_url=os.environ['LAB'])
paginator = ct.get_paginator('lookup_events')
attributes = [{'AttributeKey': 'EventName', 'AttributeValue': 'GetCallerIdentity'}]
pages = list(paginator.paginate(LookupAttributes=attributes, PaginationConfig={'PageSize': 2}))
print([len(page['Events']) for page in pages])
print(type(pages[0]['Events'][0]['EventTime']).__name__)
try:
    ct.lookup_events(MaxResults=99)
except ct.exceptions.InvalidMaxResultsException as error:
    print(error.response['Error']['Code'])
`;

describe('boto3 cloudtrail', { skip: boto3Python() === false ? SKIP_NO_BOTO3 : false }, () => {
  let lab: TestLab;
  before(async () => {
    lab = await startTestLab();
  });
  after(async () => {
    await lab.dispose();
  });

  it("pages LookupEvents with the paginator and raises the model's exceptions", async () => {
    const credentials = { accessKeyId: lab.rootAccessKeyId, secretAccessKey: lab.rootSecretAccessKey };
    const result = await run(boto3Python() as string, ['-c', SCRIPT], cleanEnv(credentials, { LAB: lab.endpoint }));
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(result.stdout.trim().split('\n'), ['[2, 1]', 'datetime', 'InvalidMaxResultsException']);
  });
});
