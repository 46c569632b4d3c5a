/**
 * IMDS obtains an instance's credentials when its association or boot starts — launch, Associate, Replace,
 * start — for IMDSv1 and IMDSv2 alike, not at the first request of each (aws-behaviour.md §10.6). A role removed
 * from the profile before anyone asked therefore still leaves both sets listed and served, with `LastUpdated`
 * the instant the association or boot started, until they expire; then the path is 404.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AssociateIamInstanceProfileCommand,
  ReplaceIamInstanceProfileAssociationCommand,
  RunInstancesCommand,
  StartInstancesCommand,
  StopInstancesCommand,
} from '@aws-sdk/client-ec2';
import { RemoveRoleFromInstanceProfileCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { Ec2Lab } from '../ec2/ec2-lab.js';
import { roleInProfile, startEc2Lab } from '../ec2/ec2-lab.js';
import { imds, token } from './imds-client.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const LIFETIME = 6 * HOUR;

interface CredentialsDoc {
  Code: string;
  LastUpdated: string;
  AccessKeyId: string;
  SecretAccessKey: string;
  Token: string;
  Expiration: string;
}

let lab: Ec2Lab;
before(async () => {
  lab = await startEc2Lab();
});
after(async () => lab.dispose());

let counter = 0;
const freshRole = async (): Promise<string> => {
  const name = `primed-${++counter}`;
  await roleInProfile(lab, name);
  return name;
};
const removeRole = (name: string) => lab.iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: name, RoleName: name }));

const deliveries = {
  v1: async (endpoint: string, path: string) => imds(endpoint, path),
  v2: async (endpoint: string, path: string) => imds(endpoint, path, { headers: { 'X-aws-ec2-metadata-token': await token(endpoint) } }),
};

async function launch(profile?: string): Promise<{ id: string; endpoint: string; launchedAt: number }> {
  const launchedAt = lab.clock.now();
  const out = await lab.ec2.send(
    new RunInstancesCommand({
      ImageId: 'ami-1',
      MinCount: 1,
      MaxCount: 1,
      ...(profile === undefined ? {} : { IamInstanceProfile: { Name: profile } }),
    }),
  );
  const id = out.Instances?.[0]?.InstanceId ?? '';
  return { id, endpoint: lab.imds.endpointOf(id) ?? '', launchedAt };
}

/**
 * Both deliveries list `role` and serve a working set issued at virtual instant `issuedMs`, written as IMDS writes
 * every time: in the client's frame, the wall clock under the current offset (design.md "Time"), to the second.
 */
async function servedSince(endpoint: string, role: string, issuedMs: number): Promise<void> {
  const issuedAt = lab.clock.toWall(issuedMs);
  const keys = new Set<string>();
  for (const [name, get] of Object.entries(deliveries)) {
    assert.equal((await get(endpoint, '/latest/meta-data/iam/security-credentials/')).body, role, name);
    const reply = await get(endpoint, `/latest/meta-data/iam/security-credentials/${role}`);
    assert.equal(reply.status, 200, `${name}: ${reply.body}`);
    const doc = JSON.parse(reply.body) as CredentialsDoc;
    assert.equal(doc.Code, 'Success');
    assert.ok(Math.abs(Date.parse(doc.LastUpdated) - issuedAt) < 2000, `${name}: LastUpdated ${doc.LastUpdated}`);
    assert.ok(Math.abs(Date.parse(doc.Expiration) - (issuedAt + LIFETIME)) < 2000, `${name}: Expiration ${doc.Expiration}`);
    const who = await lab
      .stsClient({ accessKeyId: doc.AccessKeyId, secretAccessKey: doc.SecretAccessKey, sessionToken: doc.Token })
      .send(new GetCallerIdentityCommand({}));
    assert.match(who.Arn ?? '', new RegExp(`:assumed-role/${role}/i-`));
    keys.add(doc.AccessKeyId);
  }
  assert.equal(keys.size, 2, 'IMDSv1 and IMDSv2 get sets of their own');
}

async function goneAfterExpiry(endpoint: string, role: string): Promise<void> {
  for (const [name, get] of Object.entries(deliveries)) {
    assert.equal((await get(endpoint, '/latest/meta-data/iam/security-credentials/')).status, 404, name);
    assert.equal((await get(endpoint, `/latest/meta-data/iam/security-credentials/${role}`)).status, 404, name);
  }
}

describe('credentials obtained when the association starts', () => {
  it('launch, role removed before any request: both deliveries serve the launch-time sets until they expire, then 404', async () => {
    const role = await freshRole();
    const { endpoint, launchedAt } = await launch(role);
    await removeRole(role);
    lab.clock.advance(2 * HOUR); // past the profile check interval: IMDS has seen the role go
    await servedSince(endpoint, role, launchedAt);
    const info = JSON.parse((await deliveries.v1(endpoint, '/latest/meta-data/iam/info')).body) as Record<string, string>;
    assert.equal(info['Message'], 'Instance Profile does not contain a role.');
    lab.clock.advance(3 * HOUR + 59 * MINUTE); // a minute before the sets expire
    await servedSince(endpoint, role, launchedAt);
    lab.clock.advance(2 * MINUTE);
    await goneAfterExpiry(endpoint, role);
  });

  it('Associate and Replace obtain the new sets at once', async () => {
    const first = await freshRole();
    const second = await freshRole();
    const { id, endpoint } = await launch();
    lab.clock.advance(10 * MINUTE);
    const associatedAt = lab.clock.now();
    const associated = await lab.ec2.send(new AssociateIamInstanceProfileCommand({ InstanceId: id, IamInstanceProfile: { Name: first } }));
    await removeRole(first);
    lab.clock.advance(90 * MINUTE);
    await servedSince(endpoint, first, associatedAt);
    const replacedAt = lab.clock.now();
    await lab.ec2.send(
      new ReplaceIamInstanceProfileAssociationCommand({
        AssociationId: associated.IamInstanceProfileAssociation?.AssociationId,
        IamInstanceProfile: { Name: second },
      }),
    );
    await removeRole(second);
    lab.clock.advance(90 * MINUTE);
    await servedSince(endpoint, second, replacedAt);
  });

  it('a start obtains new sets for the new boot', async () => {
    const role = await freshRole();
    const { id, endpoint } = await launch(role);
    lab.clock.advance(MINUTE);
    await lab.ec2.send(new StopInstancesCommand({ InstanceIds: [id] }));
    lab.clock.advance(10 * MINUTE);
    const startedAt = lab.clock.now();
    await lab.ec2.send(new StartInstancesCommand({ InstanceIds: [id] }));
    await removeRole(role);
    lab.clock.advance(10 * MINUTE);
    await servedSince(endpoint, role, startedAt);
  });
});
