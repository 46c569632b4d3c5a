/**
 * The bucket configurations iamlab does not model (aws-behaviour.md §9.2): each operation's IAM action, the
 * bucket looked up first, AWS's recorded "no such configuration" errors and defaults, and Put refused honestly.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { World } from './harness.js';
import { extraOf, makeWorld, rejectsWith } from './harness.js';

describe('S3 bucket configurations', () => {
  let world: World;
  beforeEach(async () => {
    world = await makeWorld();
    await world.call('CreateBucket', { Bucket: 'cfg' });
  });
  afterEach(async () => {
    await world.close();
  });

  const actionOf = (name: string): string => {
    const authorization = world.ops.get(name)?.authorization;
    assert.ok(authorization?.kind === 'policy', name);
    assert.deepEqual(authorization.resources({ Bucket: 'cfg' }, {} as never), ['arn:aws:s3:::cfg'], name);
    return authorization.action;
  };

  it('Get of a configuration never set: 404 with the code and text AWS answers, and <BucketName>', async () => {
    const cases: [string, string, string, string][] = [
      ['GetBucketCors', 's3:GetBucketCORS', 'NoSuchCORSConfiguration', 'The CORS configuration does not exist'],
      [
        'GetBucketLifecycleConfiguration',
        's3:GetLifecycleConfiguration',
        'NoSuchLifecycleConfiguration',
        'The lifecycle configuration does not exist',
      ],
      ['GetBucketWebsite', 's3:GetBucketWebsite', 'NoSuchWebsiteConfiguration', 'The specified bucket does not have a website configuration'],
      [
        'GetBucketReplication',
        's3:GetReplicationConfiguration',
        'ReplicationConfigurationNotFoundError',
        'The replication configuration was not found',
      ],
      [
        'GetObjectLockConfiguration',
        's3:GetBucketObjectLockConfiguration',
        'ObjectLockConfigurationNotFoundError',
        'Object Lock configuration does not exist for this bucket',
      ],
    ];
    for (const [name, action, code, message] of cases) {
      assert.equal(actionOf(name), action);
      const error = await rejectsWith(world.call(name, { Bucket: 'cfg' }), code, 404, message);
      assert.deepEqual(extraOf(error), { BucketName: 'cfg' }, name);
      await rejectsWith(world.call(name, { Bucket: 'nope' }), 'NoSuchBucket', 404);
    }
  });

  it('Get of a configuration AWS answers with a default', async () => {
    const cases: [string, string, Record<string, unknown>][] = [
      ['GetBucketLogging', 's3:GetBucketLogging', {}],
      ['GetBucketNotificationConfiguration', 's3:GetBucketNotification', {}],
      ['GetBucketAccelerateConfiguration', 's3:GetAccelerateConfiguration', {}],
      ['GetBucketRequestPayment', 's3:GetBucketRequestPayment', { Payer: 'BucketOwner' }],
      ['GetBucketVersioning', 's3:GetBucketVersioning', {}],
      [
        'GetBucketEncryption',
        's3:GetEncryptionConfiguration',
        {
          ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }] },
        },
      ],
    ];
    for (const [name, action, output] of cases) {
      assert.equal(actionOf(name), action);
      assert.deepEqual(await world.call(name, { Bucket: 'cfg' }), output, name);
      await rejectsWith(world.call(name, { Bucket: 'nope' }), 'NoSuchBucket', 404);
    }
  });

  it('configurations by id: Get and Delete NoSuchConfiguration (no <BucketName>), List empty', async () => {
    for (const [kind, action] of [
      ['Analytics', 'AnalyticsConfiguration'],
      ['Metrics', 'MetricsConfiguration'],
      ['Inventory', 'InventoryConfiguration'],
      ['IntelligentTiering', 'IntelligentTieringConfiguration'],
    ]) {
      assert.equal(actionOf(`GetBucket${kind}Configuration`), `s3:Get${action}`);
      assert.equal(actionOf(`DeleteBucket${kind}Configuration`), `s3:Put${action}`);
      assert.equal(actionOf(`ListBucket${kind}Configurations`), `s3:Get${action}`);
      for (const verb of ['Get', 'Delete']) {
        const error = await rejectsWith(
          world.call(`${verb}Bucket${kind}Configuration`, { Bucket: 'cfg', Id: 'x' }),
          'NoSuchConfiguration',
          404,
          'The specified configuration does not exist.',
        );
        assert.deepEqual(extraOf(error), {});
      }
      assert.deepEqual(await world.call(`ListBucket${kind}Configurations`, { Bucket: 'cfg' }), { IsTruncated: false });
    }
  });

  it('Delete of a configuration never set is 204 (an empty output), with the action S3 authorizes it by', async () => {
    const cases: [string, string][] = [
      ['DeleteBucketCors', 's3:PutBucketCORS'],
      ['DeleteBucketLifecycle', 's3:PutLifecycleConfiguration'],
      ['DeleteBucketWebsite', 's3:DeleteBucketWebsite'],
      ['DeleteBucketReplication', 's3:PutReplicationConfiguration'],
      ['DeleteBucketEncryption', 's3:PutEncryptionConfiguration'],
    ];
    for (const [name, action] of cases) {
      assert.equal(actionOf(name), action);
      assert.deepEqual(await world.call(name, { Bucket: 'cfg' }), {}, name);
      await rejectsWith(world.call(name, { Bucket: 'nope' }), 'NoSuchBucket', 404);
    }
  });

  it('Put is 501 NotImplemented once the bucket is found', async () => {
    const cases: [string, string][] = [
      ['PutBucketCors', 's3:PutBucketCORS'],
      ['PutBucketLifecycleConfiguration', 's3:PutLifecycleConfiguration'],
      ['PutBucketWebsite', 's3:PutBucketWebsite'],
      ['PutBucketReplication', 's3:PutReplicationConfiguration'],
      ['PutBucketLogging', 's3:PutBucketLogging'],
      ['PutBucketNotificationConfiguration', 's3:PutBucketNotification'],
      ['PutBucketAccelerateConfiguration', 's3:PutAccelerateConfiguration'],
      ['PutBucketRequestPayment', 's3:PutBucketRequestPayment'],
      ['PutBucketEncryption', 's3:PutEncryptionConfiguration'],
      ['PutObjectLockConfiguration', 's3:PutBucketObjectLockConfiguration'],
      ['PutBucketMetricsConfiguration', 's3:PutMetricsConfiguration'],
    ];
    for (const [name, action] of cases) {
      assert.equal(actionOf(name), action);
      await rejectsWith(world.call(name, { Bucket: 'cfg' }), 'NotImplemented', 501);
      await rejectsWith(world.call(name, { Bucket: 'nope' }), 'NoSuchBucket', 404);
    }
  });
});
