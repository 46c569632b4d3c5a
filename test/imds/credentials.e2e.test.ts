/**
 * Role credentials through IMDS (aws-behaviour.md §4.3, §4.4): the documents' formats, separate IMDSv1 and
 * IMDSv2 sets (ec2:RoleDelivery), rotation by moving the virtual clock, and what role removal, profile
 * deletion, a broken trust policy, Disassociate, Replace and stop/start do. Credentials are used against
 * the lab's STS and EC2 to show they are real sessions.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AssociateIamInstanceProfileCommand,
  DescribeRegionsCommand,
  DisassociateIamInstanceProfileCommand,
  RebootInstancesCommand,
  ReplaceIamInstanceProfileAssociationCommand,
  RunInstancesCommand,
  StartInstancesCommand,
  StopInstancesCommand,
} from '@aws-sdk/client-ec2';
import {
  AddRoleToInstanceProfileCommand,
  CreateRoleCommand,
  DeleteInstanceProfileCommand,
  PutRolePolicyCommand,
  RemoveRoleFromInstanceProfileCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { Ec2Lab } from '../ec2/ec2-lab.js';
import { failure, roleInProfile, startEc2Lab, TRUST_EC2, TRUST_LAMBDA } from '../ec2/ec2-lab.js';
import { imds, token } from './imds-client.js';

const HOUR = 3_600_000;

interface CredentialsDoc {
  Code: string;
  LastUpdated: string;
  Type: string;
  AccessKeyId: string;
  SecretAccessKey: string;
  Token: string;
  Expiration: string;
  Message?: string;
}

let lab: Ec2Lab;
before(async () => {
  lab = await startEc2Lab();
});
after(async () => lab.dispose());

let counter = 0;
async function instanceWith(profile: string | undefined): Promise<{ id: string; endpoint: string; associationId: string }> {
  const out = await lab.ec2.send(
    new RunInstancesCommand({
      ImageId: 'ami-1',
      MinCount: 1,
      MaxCount: 1,
      ...(profile === undefined ? {} : { IamInstanceProfile: { Name: profile } }),
    }),
  );
  const id = out.Instances?.[0]?.InstanceId ?? '';
  lab.clock.advance(10_000);
  const association = lab.ec2State.currentAssociation(id, lab.clock.now());
  return { id, endpoint: lab.imds.endpointOf(id) ?? '', associationId: association?.id ?? '' };
}

async function freshRole(trust = TRUST_EC2): Promise<{ name: string; profileArn: string; profileId: string; roleArn: string }> {
  const name = `role-${++counter}`;
  return { name, ...(await roleInProfile(lab, name, trust)) };
}

const v1 = async (endpoint: string, path: string) => imds(endpoint, path);
const v2 = async (endpoint: string, path: string) => imds(endpoint, path, { headers: { 'X-aws-ec2-metadata-token': await token(endpoint) } });

async function creds(endpoint: string, role: string, get = v2): Promise<CredentialsDoc> {
  const reply = await get(endpoint, `/latest/meta-data/iam/security-credentials/${role}`);
  assert.equal(reply.status, 200, reply.body);
  return JSON.parse(reply.body) as CredentialsDoc;
}

const whoAmI = async (doc: CredentialsDoc) =>
  lab
    .stsClient({ accessKeyId: doc.AccessKeyId, secretAccessKey: doc.SecretAccessKey, sessionToken: doc.Token })
    .send(new GetCallerIdentityCommand({}));

describe('documents', () => {
  it('iam/, iam/info, the role listing and the credentials document, formatted as IMDS does', async () => {
    const role = await freshRole();
    const { id, endpoint } = await instanceWith(role.name);
    assert.equal((await v2(endpoint, '/latest/meta-data/')).body.split('\n').includes('iam/'), true);
    assert.equal((await v2(endpoint, '/latest/meta-data/iam/')).body, 'info\nsecurity-credentials/');
    const info = (await v2(endpoint, '/latest/meta-data/iam/info')).body;
    assert.match(
      info,
      /^\{\n {2}"Code" : "Success",\n {2}"LastUpdated" : "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ",\n {2}"InstanceProfileArn" : "[^"]+",\n {2}"InstanceProfileId" : "AIPA\w+"\n\}$/,
    );
    assert.deepEqual(JSON.parse(info), { ...JSON.parse(info), InstanceProfileArn: role.profileArn, InstanceProfileId: role.profileId });
    assert.equal((await v2(endpoint, '/latest/meta-data/iam/security-credentials/')).body, role.name);
    assert.equal((await v2(endpoint, '/latest/meta-data/iam/security-credentials/other')).status, 404);
    const text = (await v2(endpoint, `/latest/meta-data/iam/security-credentials/${role.name}`)).body;
    const doc = JSON.parse(text) as CredentialsDoc;
    assert.deepEqual(Object.keys(doc), ['Code', 'LastUpdated', 'Type', 'AccessKeyId', 'SecretAccessKey', 'Token', 'Expiration']);
    assert.ok(text.includes('"Code" : "Success"'));
    assert.equal(doc.Type, 'AWS-HMAC');
    assert.match(doc.AccessKeyId, /^ASIA[A-Z2-7]{16}$/);
    assert.match(doc.Expiration, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(Date.parse(doc.Expiration) - Date.parse(doc.LastUpdated), 6 * HOUR);
    const me = await whoAmI(doc);
    assert.equal(me.Arn, `arn:aws:sts::123456789012:assumed-role/${role.name}/${id}`);
    assert.match(me.UserId ?? '', new RegExp(`^AROA\\w+:${id}$`));
  });

  it('IMDSv1 and IMDSv2 requests get separate sets, carrying ec2:RoleDelivery 1.0 and 2.0', async () => {
    const role = await freshRole();
    await lab.iam.send(
      new PutRolePolicyCommand({
        RoleName: role.name,
        PolicyName: 'v2-only',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 'ec2:DescribeRegions', Resource: '*' },
            { Effect: 'Deny', Action: '*', Resource: '*', Condition: { NumericLessThan: { 'ec2:RoleDelivery': '2.0' } } },
          ],
        }),
      }),
    );
    const { endpoint } = await instanceWith(role.name);
    const one = await creds(endpoint, role.name, v1);
    const two = await creds(endpoint, role.name, v2);
    assert.notEqual(one.AccessKeyId, two.AccessKeyId);
    assert.equal((await creds(endpoint, role.name, v1)).AccessKeyId, one.AccessKeyId);
    assert.equal((await creds(endpoint, role.name, v2)).AccessKeyId, two.AccessKeyId);
    const client = (doc: CredentialsDoc) =>
      lab.ec2Client({ accessKeyId: doc.AccessKeyId, secretAccessKey: doc.SecretAccessKey, sessionToken: doc.Token });
    assert.ok((await client(two).send(new DescribeRegionsCommand({}))).Regions);
    assert.equal((await failure(() => client(one).send(new DescribeRegionsCommand({})))).code, 'UnauthorizedOperation');
  });

  it('an instance without a profile has no iam/', async () => {
    const { endpoint } = await instanceWith(undefined);
    assert.equal((await v1(endpoint, '/latest/meta-data/iam/security-credentials/')).status, 404);
    assert.ok(!(await v1(endpoint, '/latest/meta-data/')).body.split('\n').includes('iam/'));
  });
});

describe('rotation on the virtual clock', () => {
  it('keeps a set while more than an hour is left, then serves a new one; the old one still works', async () => {
    const role = await freshRole();
    const { endpoint } = await instanceWith(role.name);
    const first = await creds(endpoint, role.name);
    lab.clock.advance(4 * HOUR + 50 * 60_000);
    assert.equal((await creds(endpoint, role.name)).AccessKeyId, first.AccessKeyId);
    lab.clock.advance(20 * 60_000);
    const second = await creds(endpoint, role.name);
    assert.notEqual(second.AccessKeyId, first.AccessKeyId);
    assert.ok(Date.parse(second.Expiration) - Date.now() > 5 * HOUR);
    // LastUpdated is in the client's frame: the new set was obtained "now".
    assert.ok(Math.abs(Date.parse(second.LastUpdated) - Date.now()) < 5_000);
    assert.ok((await whoAmI(first)).Arn, 'a rotated-out set stays valid until it expires');
    lab.clock.advance(2 * HOUR);
    assert.equal((await failure(() => whoAmI(first))).code, 'ExpiredToken');
    assert.ok((await whoAmI(await creds(endpoint, role.name))).Arn);
  });

  it('a reboot keeps the set; stop/start gets a new one at once', async () => {
    const role = await freshRole();
    const { id, endpoint } = await instanceWith(role.name);
    const first = await creds(endpoint, role.name);
    await lab.ec2.send(new RebootInstancesCommand({ InstanceIds: [id] }));
    assert.equal((await creds(endpoint, role.name)).AccessKeyId, first.AccessKeyId);
    await lab.ec2.send(new StopInstancesCommand({ InstanceIds: [id] }));
    lab.clock.advance(10_000);
    await lab.ec2.send(new StartInstancesCommand({ InstanceIds: [id] }));
    lab.clock.advance(10_000);
    assert.notEqual((await creds(endpoint, role.name)).AccessKeyId, first.AccessKeyId);
  });
});

describe('changes to the profile and the association', () => {
  it('role removed: the role stays listed with the issued set until it expires, then 404 and the no-role message', async () => {
    const role = await freshRole();
    const { endpoint } = await instanceWith(role.name);
    const first = await creds(endpoint, role.name);
    await lab.iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: role.name, RoleName: role.name }));
    lab.clock.advance(HOUR + 60_000);
    assert.equal((await v2(endpoint, '/latest/meta-data/iam/security-credentials/')).body, role.name);
    assert.equal((await creds(endpoint, role.name)).AccessKeyId, first.AccessKeyId);
    const info = JSON.parse((await v2(endpoint, '/latest/meta-data/iam/info')).body) as Record<string, string>;
    assert.equal(info['Code'], 'Success');
    assert.equal(info['Message'], 'Instance Profile does not contain a role.');
    lab.clock.advance(5 * HOUR);
    assert.equal((await v2(endpoint, '/latest/meta-data/iam/security-credentials/')).status, 404);
    assert.equal((await v2(endpoint, `/latest/meta-data/iam/security-credentials/${role.name}`)).status, 404);
    assert.equal((await v2(endpoint, '/latest/meta-data/iam/')).body, 'info');
  });

  it('a role added to the profile is picked up at the next scheduled refresh, not before', async () => {
    const role = await freshRole();
    const { endpoint } = await instanceWith(role.name);
    await creds(endpoint, role.name);
    await lab.iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: role.name, RoleName: role.name }));
    const other = `${role.name}-b`;
    await lab.iam.send(new CreateRoleCommand({ RoleName: other, AssumeRolePolicyDocument: TRUST_EC2 }));
    await lab.iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: role.name, RoleName: other }));
    lab.clock.advance(30 * 60_000);
    assert.equal((await v2(endpoint, '/latest/meta-data/iam/security-credentials/')).body, role.name);
    lab.clock.advance(31 * 60_000);
    assert.equal((await v2(endpoint, '/latest/meta-data/iam/security-credentials/')).body, other);
    assert.match((await whoAmI(await creds(endpoint, other))).Arn ?? '', new RegExp(`assumed-role/${other}/`));
  });

  it('profile deleted: iam/info reports InstanceProfileNotFound at the next look; the set obtained at launch lasts', async () => {
    const role = await freshRole();
    const { endpoint } = await instanceWith(role.name);
    await lab.iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: role.name, RoleName: role.name }));
    await lab.iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: role.name }));
    lab.clock.advance(HOUR);
    const info = JSON.parse((await v2(endpoint, '/latest/meta-data/iam/info')).body) as Record<string, string>;
    assert.equal(info['Code'], 'InstanceProfileNotFound');
    // The credentials were obtained at launch (aws-behaviour.md §10.6): served until they expire, then 404.
    assert.equal((await v2(endpoint, '/latest/meta-data/iam/security-credentials/')).body, role.name);
    lab.clock.advance(5 * HOUR);
    assert.equal((await v2(endpoint, '/latest/meta-data/iam/security-credentials/')).status, 404);
  });

  it('a trust policy without ec2.amazonaws.com: the 200 AssumeRoleUnauthorizedAccess document until repaired and refreshed', async () => {
    const role = await freshRole(TRUST_LAMBDA);
    const { endpoint } = await instanceWith(role.name);
    assert.equal((await v2(endpoint, '/latest/meta-data/iam/security-credentials/')).body, role.name);
    const reply = await v2(endpoint, `/latest/meta-data/iam/security-credentials/${role.name}`);
    assert.equal(reply.status, 200);
    const doc = JSON.parse(reply.body) as Record<string, string>;
    assert.deepEqual(Object.keys(doc), ['Code', 'Message', 'LastUpdated']);
    assert.equal(doc['Code'], 'AssumeRoleUnauthorizedAccess');
    assert.match(doc['Message'] ?? '', new RegExp(`^EC2 cannot assume the role ${role.name}\\.  Please see documentation at http`));
    await lab.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: role.name, PolicyDocument: TRUST_EC2 }));
    assert.equal((await creds(endpoint, role.name)).Code, 'AssumeRoleUnauthorizedAccess');
    lab.clock.advance(HOUR);
    assert.equal((await creds(endpoint, role.name)).Code, 'Success');
  });

  it('Replace and a new Associate give the new role at once', async () => {
    const first = await freshRole();
    const second = await freshRole();
    const { id, endpoint, associationId } = await instanceWith(first.name);
    await creds(endpoint, first.name);
    await lab.ec2.send(new ReplaceIamInstanceProfileAssociationCommand({ AssociationId: associationId, IamInstanceProfile: { Name: second.name } }));
    assert.equal((await v2(endpoint, '/latest/meta-data/iam/security-credentials/')).body, second.name);
    const current = lab.ec2State.currentAssociation(id, lab.clock.now())?.id;
    await lab.ec2.send(new DisassociateIamInstanceProfileCommand({ AssociationId: current }));
    lab.clock.advance(10_000);
    await lab.ec2.send(new AssociateIamInstanceProfileCommand({ InstanceId: id, IamInstanceProfile: { Name: first.name } }));
    assert.equal((await v2(endpoint, '/latest/meta-data/iam/security-credentials/')).body, first.name);
  });

  it('Disassociate (documented): served while disassociating, then iam/ is 404; issued sets stay valid', async () => {
    const role = await freshRole();
    const { endpoint, associationId } = await instanceWith(role.name);
    const doc = await creds(endpoint, role.name);
    await lab.ec2.send(new DisassociateIamInstanceProfileCommand({ AssociationId: associationId }));
    assert.equal((await v2(endpoint, '/latest/meta-data/iam/security-credentials/')).body, role.name);
    lab.clock.advance(10_000);
    assert.equal((await v2(endpoint, '/latest/meta-data/iam/')).status, 404);
    assert.equal((await v2(endpoint, `/latest/meta-data/iam/security-credentials/${role.name}`)).status, 404);
    assert.ok(!(await v2(endpoint, '/latest/meta-data/')).body.split('\n').includes('iam/'));
    assert.ok((await whoAmI(doc)).Arn);
  });
});

describe('Disassociate under keep-credentials', () => {
  it('keeps serving the last set until it expires', async () => {
    const other = await startEc2Lab({ imds: { disassociate: 'keep-credentials' } });
    try {
      await roleInProfile(other, 'kept');
      const out = await other.ec2.send(new RunInstancesCommand({ ImageId: 'ami-1', MinCount: 1, MaxCount: 1, IamInstanceProfile: { Name: 'kept' } }));
      const id = out.Instances?.[0]?.InstanceId ?? '';
      other.clock.advance(10_000);
      const endpoint = other.imds.endpointOf(id) ?? '';
      const t = await token(endpoint);
      const get = (path: string) => imds(endpoint, path, { headers: { 'X-aws-ec2-metadata-token': t } });
      const doc = JSON.parse((await get('/latest/meta-data/iam/security-credentials/kept')).body) as CredentialsDoc;
      const association = other.ec2State.currentAssociation(id, other.clock.now());
      await other.ec2.send(new DisassociateIamInstanceProfileCommand({ AssociationId: association?.id }));
      other.clock.advance(HOUR);
      const later = await get('/latest/meta-data/iam/security-credentials/kept');
      assert.equal(later.status, 200);
      assert.equal((JSON.parse(later.body) as CredentialsDoc).AccessKeyId, doc.AccessKeyId);
      other.clock.advance(6 * HOUR);
      assert.equal(
        (await imds(endpoint, '/latest/meta-data/iam/security-credentials/kept', { headers: { 'X-aws-ec2-metadata-token': await token(endpoint) } }))
          .status,
        404,
      );
    } finally {
      await other.dispose();
    }
  });
});
