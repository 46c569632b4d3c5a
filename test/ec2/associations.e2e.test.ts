/**
 * The instance-profile association lifecycle end to end (aws-behaviour.md §3.2–§3.4): associating →
 * associated on the virtual clock, one association per instance, Replace (new id, old gone at once),
 * Disassociate (disassociating → gone), Describe filters and pagination, the exact errors, and the
 * binding to the profile's unique id.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AssociateIamInstanceProfileCommand,
  DescribeIamInstanceProfileAssociationsCommand,
  DescribeInstancesCommand,
  DisassociateIamInstanceProfileCommand,
  ReplaceIamInstanceProfileAssociationCommand,
  RunInstancesCommand,
  StopInstancesCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { CreateInstanceProfileCommand, DeleteInstanceProfileCommand, RemoveRoleFromInstanceProfileCommand } from '@aws-sdk/client-iam';
import type { Ec2Lab } from './ec2-lab.js';
import { failure, roleInProfile, startEc2Lab } from './ec2-lab.js';

let lab: Ec2Lab;
let a: { profileArn: string; profileId: string };
let b: { profileArn: string; profileId: string };

before(async () => {
  lab = await startEc2Lab();
  a = await roleInProfile(lab, 'alpha');
  b = await roleInProfile(lab, 'beta');
});
after(async () => lab.dispose());

async function runningInstance(): Promise<string> {
  const id = (await lab.ec2.send(new RunInstancesCommand({ ImageId: 'ami-1', MinCount: 1, MaxCount: 1 }))).Instances?.[0]?.InstanceId ?? '';
  lab.clock.advance(10_000);
  return id;
}

const describeFor = async (instanceId: string) =>
  (await lab.ec2.send(new DescribeIamInstanceProfileAssociationsCommand({ Filters: [{ Name: 'instance-id', Values: [instanceId] }] })))
    .IamInstanceProfileAssociations ?? [];

describe('Associate', () => {
  it('answers associating, becomes associated after a few seconds, and shows on the instance', async () => {
    const id = await runningInstance();
    const out = await lab.ec2.send(new AssociateIamInstanceProfileCommand({ InstanceId: id, IamInstanceProfile: { Name: 'alpha' } }));
    const association = out.IamInstanceProfileAssociation;
    assert.match(association?.AssociationId ?? '', /^iip-assoc-[0-9a-f]{17}$/);
    assert.equal(association?.State, 'associating');
    assert.deepEqual(association?.IamInstanceProfile, { Arn: a.profileArn, Id: a.profileId });
    assert.equal((await describeFor(id))[0]?.State, 'associating');
    lab.clock.advance(5_000);
    const [described] = await describeFor(id);
    assert.equal(described?.State, 'associated');
    assert.ok(described?.Timestamp instanceof Date);
    const instance = (await lab.ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }))).Reservations?.[0]?.Instances?.[0];
    assert.deepEqual(instance?.IamInstanceProfile, { Arn: a.profileArn, Id: a.profileId });
    const twice = await failure(() => lab.ec2.send(new AssociateIamInstanceProfileCommand({ InstanceId: id, IamInstanceProfile: { Name: 'beta' } })));
    assert.deepEqual(twice, { code: 'IncorrectState', status: 400, message: `There is an existing association for instance ${id}` });
  });

  it('works on a stopped instance, not on a pending or terminated one', async () => {
    const pending = (await lab.ec2.send(new RunInstancesCommand({ ImageId: 'ami-1', MinCount: 1, MaxCount: 1 }))).Instances?.[0]?.InstanceId ?? '';
    assert.equal(
      (await failure(() => lab.ec2.send(new AssociateIamInstanceProfileCommand({ InstanceId: pending, IamInstanceProfile: { Name: 'alpha' } }))))
        .code,
      'IncorrectInstanceState',
    );
    lab.clock.advance(10_000);
    await lab.ec2.send(new StopInstancesCommand({ InstanceIds: [pending] }));
    lab.clock.advance(10_000);
    const out = await lab.ec2.send(new AssociateIamInstanceProfileCommand({ InstanceId: pending, IamInstanceProfile: { Arn: b.profileArn } }));
    assert.equal(out.IamInstanceProfileAssociation?.State, 'associating');
  });

  it('refuses a missing profile and an unknown instance', async () => {
    const id = await runningInstance();
    const missing = await failure(() =>
      lab.ec2.send(new AssociateIamInstanceProfileCommand({ InstanceId: id, IamInstanceProfile: { Name: 'ghost' } })),
    );
    assert.equal(missing.message, 'Value (ghost) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name');
    const unknown = await failure(() =>
      lab.ec2.send(new AssociateIamInstanceProfileCommand({ InstanceId: 'i-0000000000000000a', IamInstanceProfile: { Name: 'alpha' } })),
    );
    assert.equal(unknown.code, 'InvalidInstanceID.NotFound');
  });
});

describe('Replace and Disassociate', () => {
  it('Replace gives a new association at once and the old one disappears', async () => {
    const id = await runningInstance();
    const first = (await lab.ec2.send(new AssociateIamInstanceProfileCommand({ InstanceId: id, IamInstanceProfile: { Name: 'alpha' } })))
      .IamInstanceProfileAssociation;
    lab.clock.advance(5_000);
    const replaced = (
      await lab.ec2.send(
        new ReplaceIamInstanceProfileAssociationCommand({ AssociationId: first?.AssociationId, IamInstanceProfile: { Name: 'beta' } }),
      )
    ).IamInstanceProfileAssociation;
    assert.notEqual(replaced?.AssociationId, first?.AssociationId);
    assert.equal(replaced?.State, 'associating');
    assert.deepEqual(replaced?.IamInstanceProfile, { Arn: b.profileArn, Id: b.profileId });
    assert.deepEqual(
      (await describeFor(id)).map((x) => x.AssociationId),
      [replaced?.AssociationId],
    );
    const stale = await failure(() =>
      lab.ec2.send(new ReplaceIamInstanceProfileAssociationCommand({ AssociationId: first?.AssociationId, IamInstanceProfile: { Name: 'alpha' } })),
    );
    assert.deepEqual(
      [stale.code, stale.message],
      ['InvalidAssociationID.NotFound', `An invalid association-id of '${first?.AssociationId}' was given`],
    );
  });

  it('Replace on a stopped instance is not the active association', async () => {
    const id = await runningInstance();
    const first = (await lab.ec2.send(new AssociateIamInstanceProfileCommand({ InstanceId: id, IamInstanceProfile: { Name: 'alpha' } })))
      .IamInstanceProfileAssociation;
    await lab.ec2.send(new StopInstancesCommand({ InstanceIds: [id] }));
    lab.clock.advance(10_000);
    const refused = await failure(() =>
      lab.ec2.send(new ReplaceIamInstanceProfileAssociationCommand({ AssociationId: first?.AssociationId, IamInstanceProfile: { Name: 'beta' } })),
    );
    assert.deepEqual([refused.code, refused.message], ['IncorrectState', `The association ${first?.AssociationId} is not the active association`]);
  });

  it('Disassociate answers disassociating, then the association is gone and the instance has no profile', async () => {
    const id = await runningInstance();
    const first = (await lab.ec2.send(new AssociateIamInstanceProfileCommand({ InstanceId: id, IamInstanceProfile: { Name: 'alpha' } })))
      .IamInstanceProfileAssociation;
    lab.clock.advance(5_000);
    const out = await lab.ec2.send(new DisassociateIamInstanceProfileCommand({ AssociationId: first?.AssociationId }));
    assert.equal(out.IamInstanceProfileAssociation?.State, 'disassociating');
    assert.deepEqual(
      (await describeFor(id)).map((x) => x.State),
      ['disassociating'],
    );
    lab.clock.advance(5_000);
    assert.deepEqual(await describeFor(id), []);
    const instance = (await lab.ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }))).Reservations?.[0]?.Instances?.[0];
    assert.equal(instance?.IamInstanceProfile, undefined);
    const again = await failure(() => lab.ec2.send(new DisassociateIamInstanceProfileCommand({ AssociationId: first?.AssociationId })));
    assert.equal(again.code, 'InvalidAssociationID.NotFound');
    const malformed = await failure(() => lab.ec2.send(new DisassociateIamInstanceProfileCommand({ AssociationId: 'assoc-1' })));
    assert.deepEqual([malformed.code, malformed.message], ['InvalidParameterValue', 'Invalid value for associationId.']);
    // A new association is possible once the old one is gone.
    await lab.ec2.send(new AssociateIamInstanceProfileCommand({ InstanceId: id, IamInstanceProfile: { Name: 'beta' } }));
  });

  it('terminating an instance ends its association', async () => {
    const id = await runningInstance();
    await lab.ec2.send(new AssociateIamInstanceProfileCommand({ InstanceId: id, IamInstanceProfile: { Name: 'alpha' } }));
    await lab.ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
    assert.deepEqual(await describeFor(id), []);
  });
});

describe('DescribeIamInstanceProfileAssociations', () => {
  it('filters by state, selects by id, paginates, and refuses unknown filters', async () => {
    const ids = await Promise.all([0, 1, 2, 3, 4, 5].map(() => runningInstance()));
    for (const id of ids) await lab.ec2.send(new AssociateIamInstanceProfileCommand({ InstanceId: id, IamInstanceProfile: { Name: 'alpha' } }));
    const associating = (
      await lab.ec2.send(new DescribeIamInstanceProfileAssociationsCommand({ Filters: [{ Name: 'state', Values: ['associating'] }] }))
    ).IamInstanceProfileAssociations;
    assert.deepEqual(new Set(associating?.map((x) => x.InstanceId)), new Set(ids));
    const chosen = associating?.[0]?.AssociationId ?? '';
    const byId = await lab.ec2.send(new DescribeIamInstanceProfileAssociationsCommand({ AssociationIds: [chosen] }));
    assert.deepEqual(
      byId.IamInstanceProfileAssociations?.map((x) => x.AssociationId),
      [chosen],
    );
    const all =
      (await lab.ec2.send(new DescribeIamInstanceProfileAssociationsCommand({}))).IamInstanceProfileAssociations?.map((x) => x.AssociationId) ?? [];
    const seen: (string | undefined)[] = [];
    let token: string | undefined;
    do {
      const page = await lab.ec2.send(
        new DescribeIamInstanceProfileAssociationsCommand({ MaxResults: 5, ...(token === undefined ? {} : { NextToken: token }) }),
      );
      assert.ok((page.IamInstanceProfileAssociations?.length ?? 0) <= 5);
      seen.push(...(page.IamInstanceProfileAssociations ?? []).map((x) => x.AssociationId));
      token = page.NextToken;
    } while (token !== undefined);
    assert.deepEqual(seen, all);
    const bad = await failure(() =>
      lab.ec2.send(new DescribeIamInstanceProfileAssociationsCommand({ Filters: [{ Name: 'profile', Values: ['x'] }] })),
    );
    assert.equal(bad.code, 'InvalidParameterValue');
  });
});

describe('binding to the profile unique id', () => {
  it('a deleted and recreated profile of the same name is not the associated one', async () => {
    const gamma = await roleInProfile(lab, 'gamma');
    const id = await runningInstance();
    await lab.ec2.send(new AssociateIamInstanceProfileCommand({ InstanceId: id, IamInstanceProfile: { Name: 'gamma' } }));
    await lab.iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'gamma', RoleName: 'gamma' }));
    await lab.iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'gamma' }));
    const again = (await lab.iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'gamma' }))).InstanceProfile;
    assert.notEqual(again?.InstanceProfileId, gamma.profileId);
    const instance = (await lab.ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }))).Reservations?.[0]?.Instances?.[0];
    assert.equal(instance?.IamInstanceProfile?.Id, gamma.profileId);
  });
});
