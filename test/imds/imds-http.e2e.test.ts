/**
 * The metadata listener over HTTP (aws-behaviour.md §4.1, §4.2, §4.5): IMDSv2 token rules on the virtual
 * clock, HttpTokens optional/required, HttpEndpoint disabled, listings exactly as AWS formats them, the
 * identity document, and the 401/403/404 pages against the golden files.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ModifyInstanceMetadataOptionsCommand, RunInstancesCommand, StopInstancesCommand, TerminateInstancesCommand } from '@aws-sdk/client-ec2';
import type { Ec2Lab } from '../ec2/ec2-lab.js';
import { startEc2Lab } from '../ec2/ec2-lab.js';
import { golden, imds, title, token } from './imds-client.js';

let lab: Ec2Lab;
before(async () => {
  lab = await startEc2Lab();
});
after(async () => lab.dispose());

async function instance(options: { HttpTokens?: 'optional' | 'required' } = {}): Promise<{ id: string; endpoint: string }> {
  const out = await lab.ec2.send(
    new RunInstancesCommand({
      ImageId: 'ami-0abc',
      InstanceType: 't3.small',
      MinCount: 1,
      MaxCount: 1,
      TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'box' }] }],
      MetadataOptions: options,
    }),
  );
  const id = out.Instances?.[0]?.InstanceId ?? '';
  const endpoint = lab.imds.endpointOf(id);
  assert.ok(endpoint !== undefined, 'the listener is open when RunInstances answers');
  lab.clock.advance(10_000);
  return { id, endpoint };
}

describe('IMDSv2 tokens', () => {
  it('PUT /latest/api/token answers a token and echoes the TTL; the token opens GETs', async () => {
    const { id, endpoint } = await instance();
    const reply = await imds(endpoint, '/latest/api/token', { method: 'PUT', headers: { 'X-aws-ec2-metadata-token-ttl-seconds': '60' } });
    assert.equal(reply.status, 200);
    assert.equal(reply.headers.get('x-aws-ec2-metadata-token-ttl-seconds'), '60');
    assert.equal(reply.headers.get('server'), 'EC2ws');
    const got = await imds(endpoint, '/latest/meta-data/instance-id', { headers: { 'X-aws-ec2-metadata-token': reply.body } });
    assert.deepEqual([got.status, got.body], [200, id]);
  });

  it('refuses a missing, non-numeric or out-of-range TTL with 400', async () => {
    const { endpoint } = await instance();
    for (const ttl of [undefined, 'abc', '0', '21601', '-5', '1.5']) {
      const reply = await imds(endpoint, '/latest/api/token', {
        method: 'PUT',
        headers: ttl === undefined ? {} : { 'X-aws-ec2-metadata-token-ttl-seconds': ttl },
      });
      assert.equal(reply.status, 400, `ttl ${String(ttl)}`);
      assert.equal(title(reply.body), title(golden('400_response.golden')));
    }
    for (const ttl of ['1', '21600']) {
      assert.equal(
        (await imds(endpoint, '/latest/api/token', { method: 'PUT', headers: { 'X-aws-ec2-metadata-token-ttl-seconds': ttl } })).status,
        200,
      );
    }
  });

  it('refuses X-Forwarded-For and a versioned token path with 403', async () => {
    const { endpoint } = await instance();
    const headers = { 'X-aws-ec2-metadata-token-ttl-seconds': '60' };
    assert.equal((await imds(endpoint, '/latest/api/token', { method: 'PUT', headers: { ...headers, 'X-Forwarded-For': '10.0.0.1' } })).status, 403);
    assert.equal((await imds(endpoint, '/2021-03-23/api/token', { method: 'PUT', headers })).status, 403);
  });

  it('a token expires on the virtual clock and is valid only on its own instance', async () => {
    const one = await instance();
    const two = await instance();
    const t = await token(one.endpoint, '60');
    assert.equal((await imds(two.endpoint, '/latest/meta-data/', { headers: { 'X-aws-ec2-metadata-token': t } })).status, 401);
    assert.equal((await imds(one.endpoint, '/latest/meta-data/', { headers: { 'X-aws-ec2-metadata-token': t } })).status, 200);
    lab.clock.advance(61_000);
    const expired = await imds(one.endpoint, '/latest/meta-data/', { headers: { 'X-aws-ec2-metadata-token': t } });
    assert.equal(expired.status, 401);
    assert.equal(title(expired.body), title(golden('401_response.golden')));
    assert.equal((await imds(one.endpoint, '/latest/meta-data/', { headers: { 'X-aws-ec2-metadata-token': 'garbage' } })).status, 401);
  });

  it('HttpTokens=required: a GET without a token is 401; optional: it works (IMDSv1)', async () => {
    const required = await instance({ HttpTokens: 'required' });
    const refused = await imds(required.endpoint, '/latest/meta-data/instance-id');
    assert.equal(refused.status, 401);
    assert.equal(refused.headers.get('content-type'), 'text/html');
    const optional = await instance();
    assert.equal((await imds(optional.endpoint, '/latest/meta-data/instance-id')).body, optional.id);
    await lab.ec2.send(new ModifyInstanceMetadataOptionsCommand({ InstanceId: optional.id, HttpTokens: 'required' }));
    assert.equal((await imds(optional.endpoint, '/latest/meta-data/instance-id')).status, 401);
  });

  it('HttpEndpoint=disabled: 403 for everything', async () => {
    const { id, endpoint } = await instance();
    await lab.ec2.send(new ModifyInstanceMetadataOptionsCommand({ InstanceId: id, HttpEndpoint: 'disabled' }));
    assert.equal((await imds(endpoint, '/latest/meta-data/')).status, 403);
    assert.equal(
      (await imds(endpoint, '/latest/api/token', { method: 'PUT', headers: { 'X-aws-ec2-metadata-token-ttl-seconds': '60' } })).status,
      403,
    );
  });
});

describe('metadata', () => {
  it('lists like AWS: sorted, `/` after directories, no trailing newline, no iam/ without a profile', async () => {
    const { endpoint } = await instance();
    const root = (await imds(endpoint, '/latest/meta-data/')).body;
    assert.ok(!root.endsWith('\n'));
    const names = root.split('\n');
    assert.deepEqual(names, [...names].sort());
    for (const expected of ['ami-id', 'hostname', 'instance-id', 'instance-type', 'local-ipv4', 'mac', 'placement/', 'services/', 'network/']) {
      assert.ok(names.includes(expected), expected);
    }
    assert.ok(!names.includes('iam/'));
    // Every name we list that AEMM's golden listing also has is spelt the same (directories with `/`).
    const goldenNames = golden('default/latest/meta-data/index.golden').trimEnd().split('\n');
    for (const name of names) {
      const bare = name.replace(/\/$/, '');
      const twin = goldenNames.find((g) => g.replace(/\/$/, '') === bare);
      if (twin !== undefined) assert.equal(name, twin);
    }
    assert.equal((await imds(endpoint, '/latest/meta-data/iam/')).status, 404);
    assert.equal((await imds(endpoint, '/latest/meta-data')).body, root);
  });

  it('serves leaves, with or without a trailing slash, and the same under dated versions', async () => {
    const { id, endpoint } = await instance();
    assert.equal((await imds(endpoint, '/latest/meta-data/placement/availability-zone/')).body, 'us-east-1a');
    assert.equal((await imds(endpoint, '/latest/meta-data/placement/region')).body, 'us-east-1');
    assert.equal((await imds(endpoint, '/latest/meta-data/instance-type')).body, 't3.small');
    assert.equal((await imds(endpoint, '/latest/meta-data/ami-id')).body, 'ami-0abc');
    assert.equal((await imds(endpoint, '/latest/meta-data/services/partition')).body, 'aws');
    assert.equal((await imds(endpoint, '/2021-03-23/meta-data/instance-id')).body, id);
    assert.equal((await imds(endpoint, '/latest/meta-data/placement/')).body, 'availability-zone\nregion');
    const versions = (await imds(endpoint, '/')).body.split('\n');
    assert.equal(versions[versions.length - 1], 'latest');
    assert.equal((await imds(endpoint, '/latest')).body, 'dynamic\nmeta-data');
  });

  it('answers unknown paths with the 404 page, byte for byte', async () => {
    const { endpoint } = await instance();
    for (const path of ['/latest/meta-data/nothing', '/latest/user-data', '/1999-01-01/meta-data/', '/latest/meta-data/instance-id/more']) {
      const reply = await imds(endpoint, path);
      assert.equal(reply.status, 404, path);
      assert.equal(reply.body, golden('404_response.golden'));
      assert.equal(reply.headers.get('content-type'), 'text/html');
    }
  });

  it('serves the identity document and the dynamic listings as the golden files', async () => {
    const { id, endpoint } = await instance();
    assert.equal((await imds(endpoint, '/latest/dynamic/')).body, golden('dynamic/index.golden'));
    assert.equal((await imds(endpoint, '/latest/dynamic/instance-identity/')).body, golden('dynamic/instance-identity.golden'));
    const text = (await imds(endpoint, '/latest/dynamic/instance-identity/document')).body;
    assert.match(text, /^\{\n {2}"accountId" : "123456789012",\n/);
    const doc = JSON.parse(text) as Record<string, unknown>;
    assert.equal(doc['instanceId'], id);
    assert.equal(doc['region'], 'us-east-1');
    assert.equal(doc['availabilityZone'], 'us-east-1a');
    assert.equal(doc['version'], '2017-09-30');
    assert.equal(doc['kernelId'], null);
    assert.match(String(doc['pendingTime']), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('HEAD answers headers only; other methods 405', async () => {
    const { endpoint } = await instance();
    const head = await imds(endpoint, '/latest/meta-data/instance-id', { method: 'HEAD' });
    assert.deepEqual([head.status, head.body], [200, '']);
    assert.equal((await imds(endpoint, '/latest/meta-data/', { method: 'POST' })).status, 405);
  });
});

describe('the listener and the instance', () => {
  it('drops connections while the instance is stopped and closes at termination', async () => {
    const { id, endpoint } = await instance();
    await lab.ec2.send(new StopInstancesCommand({ InstanceIds: [id] }));
    await assert.rejects(imds(endpoint, '/latest/meta-data/'));
    await lab.ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
    assert.equal(lab.imds.endpointOf(id), undefined);
    await assert.rejects(imds(endpoint, '/latest/meta-data/'));
  });
});
