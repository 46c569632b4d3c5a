/**
 * The committed models are exactly what the generator (codegen/) writes from the vendored botocore models
 * (vendor/aws-models): a stale model fails here, on any clone.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { BotocoreModel } from '../../codegen/build-service-model.js';
import { generateJsonModelFiles, generateModelFiles } from '../../codegen/generate-model-files.js';
import { cloudtrailModel } from '../../src/protocol/models/cloudtrail.js';
import { ec2Model } from '../../src/protocol/models/ec2.js';
import { iamModel } from '../../src/protocol/models/iam.js';
import { stsModel } from '../../src/protocol/models/sts.js';
import { repoRoot } from '../support/repo-root.js';

const root = repoRoot();
const modelsDir = join(root, 'vendor', 'aws-models');

test('regenerating the models into a temp dir reproduces the committed files', () => {
  const files = generateModelFiles((s) => JSON.parse(readFileSync(join(modelsDir, `${s}.json`), 'utf8')) as BotocoreModel);
  const dir = mkdtempSync(join(tmpdir(), 'iamlab-models-'));
  try {
    assert.deepStrictEqual(Object.keys(files).sort(), ['ec2.ts', 'iam.ts', 'sts.ts']);
    for (const [name, text] of Object.entries(files)) {
      writeFileSync(join(dir, name), text);
      const committed = readFileSync(join(root, 'src', 'protocol', 'models', name), 'utf8');
      assert.ok(readFileSync(join(dir, name), 'utf8') === committed, `${name} is stale: run npm run generate`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('regenerating the JSON-protocol model reproduces the committed cloudtrail.ts', () => {
  const files = generateJsonModelFiles((s) => JSON.parse(readFileSync(join(modelsDir, `${s}.json`), 'utf8')) as BotocoreModel);
  assert.deepStrictEqual(Object.keys(files), ['cloudtrail.ts']);
  const committed = readFileSync(join(root, 'src', 'protocol', 'models', 'cloudtrail.ts'), 'utf8');
  assert.ok(files['cloudtrail.ts'] === committed, 'cloudtrail.ts is stale: run npm run generate');
});

test('the CloudTrail model is JSON 1.1 with its target prefix, and holds LookupEvents alone', () => {
  assert.deepStrictEqual(cloudtrailModel.metadata, {
    apiVersion: '2013-11-01',
    protocol: 'json',
    xmlNamespace: '',
    signingName: 'cloudtrail',
    serviceId: 'CloudTrail',
    targetPrefix: 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101',
    jsonVersion: '1.1',
  });
  assert.deepStrictEqual(Object.keys(cloudtrailModel.operations), ['LookupEvents']);
  assert.equal(cloudtrailModel.shapes['Trail'], undefined, 'only the shapes LookupEvents reaches');
});

test('the models hold what the codecs need', () => {
  assert.equal(Object.keys(stsModel.operations).length, 11);
  assert.equal(Object.keys(iamModel.operations).length, 176);
  assert.deepStrictEqual(Object.keys(ec2Model.operations).length, 13);
  assert.deepStrictEqual(stsModel.metadata, {
    apiVersion: '2011-06-15',
    protocol: 'query',
    xmlNamespace: 'https://sts.amazonaws.com/doc/2011-06-15/',
    signingName: 'sts',
    serviceId: 'STS',
  });
  assert.equal(ec2Model.metadata.protocol, 'ec2');
  assert.deepStrictEqual(stsModel.operations['AssumeRole']?.resultWrapper, 'AssumeRoleResult');
  assert.deepStrictEqual(ec2Model.shapes['DescribeIamInstanceProfileAssociationsRequest'], {
    type: 'structure',
    members: {
      AssociationIds: { shape: 'AssociationIdList', locationName: 'AssociationId' },
      Filters: { shape: 'FilterList', locationName: 'Filter' },
      MaxResults: { shape: 'DescribeIamInstanceProfileAssociationsMaxResults' },
      NextToken: { shape: 'NextToken' },
    },
  });
  assert.equal(ec2Model.shapes['VpcList'], undefined, 'EC2 keeps only the shapes its 13 operations reach');
});
