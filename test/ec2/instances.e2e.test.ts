/**
 * EC2 instances end to end with the JS SDK (aws-behaviour.md §3.1, §3.3, §3.4): RunInstances with a profile
 * and options, the state machine on the virtual clock, DescribeInstances filters and pagination, the
 * IncorrectInstanceState rules, DryRun, iam:PassRole and UnauthorizedOperation.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  DescribeAvailabilityZonesCommand,
  DescribeInstancesCommand,
  DescribeRegionsCommand,
  ModifyInstanceMetadataOptionsCommand,
  RebootInstancesCommand,
  RunInstancesCommand,
  StartInstancesCommand,
  StopInstancesCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import type { Ec2Lab } from './ec2-lab.js';
import { failure, roleInProfile, startEc2Lab } from './ec2-lab.js';

let lab: Ec2Lab;
let profile: { profileArn: string; profileId: string; roleArn: string };

before(async () => {
  lab = await startEc2Lab();
  profile = await roleInProfile(lab, 'web');
});
after(async () => lab.dispose());

const run = (extra: Partial<ConstructorParameters<typeof RunInstancesCommand>[0]> = {}) =>
  lab.ec2.send(new RunInstancesCommand({ ImageId: 'ami-0abcdef1234567890', MinCount: 1, MaxCount: 1, ...extra }));

describe('RunInstances', () => {
  it('launches pending instances in one reservation with the profile, options and tags', async () => {
    const out = await run({
      MinCount: 2,
      MaxCount: 2,
      InstanceType: 't3.micro',
      IamInstanceProfile: { Name: 'web' },
      MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 2 },
      TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'pair' }] }],
    });
    assert.match(out.ReservationId ?? '', /^r-[0-9a-f]{17}$/);
    assert.equal(out.OwnerId, '123456789012');
    assert.equal(out.Instances?.length, 2);
    const [first] = out.Instances ?? [];
    assert.match(first?.InstanceId ?? '', /^i-[0-9a-f]{17}$/);
    assert.deepEqual(first?.State, { Code: 0, Name: 'pending' });
    assert.equal(first?.InstanceType, 't3.micro');
    assert.equal(first?.Placement?.AvailabilityZone, 'us-east-1a');
    assert.deepEqual(first?.IamInstanceProfile, { Arn: profile.profileArn, Id: profile.profileId });
    assert.equal(first?.MetadataOptions?.State, 'pending');
    assert.equal(first?.MetadataOptions?.HttpTokens, 'required');
    assert.equal(first?.MetadataOptions?.HttpPutResponseHopLimit, 2);
    assert.deepEqual(first?.Tags, [{ Key: 'Name', Value: 'pair' }]);
    assert.ok(first?.LaunchTime instanceof Date);
  });

  it('defaults InstanceType to m1.small, the documented default', async () => {
    const out = await run();
    assert.equal(out.Instances?.[0]?.InstanceType, 'm1.small');
    assert.equal(out.Instances?.[0]?.IamInstanceProfile, undefined);
  });

  it('refuses a profile that does not exist, by Name and by Arn', async () => {
    const byName = await failure(() => run({ IamInstanceProfile: { Name: 'nope' } }));
    assert.deepEqual(byName, {
      code: 'InvalidParameterValue',
      status: 400,
      message: 'Value (nope) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name',
    });
    const arn = 'arn:aws:iam::123456789012:instance-profile/nope';
    const byArn = await failure(() => run({ IamInstanceProfile: { Arn: arn } }));
    assert.equal(byArn.code, 'InvalidParameterValue');
    assert.match(byArn.message, /iamInstanceProfile\.arn/);
  });

  it('checks MinCount against MaxCount and requires ImageId', async () => {
    assert.equal((await failure(() => run({ MinCount: 3, MaxCount: 2 }))).code, 'InvalidParameterValue');
    const missing = await failure(() => lab.ec2.send(new RunInstancesCommand({ MinCount: 1, MaxCount: 1 })));
    assert.deepEqual([missing.code, missing.message], ['MissingParameter', 'The request must contain the parameter ImageId']);
  });

  it('answers DryRun with 412 DryRunOperation and launches nothing', async () => {
    const before = lab.ec2State.allInstances().length;
    const dry = await failure(() => run({ DryRun: true }));
    assert.deepEqual(dry, { code: 'DryRunOperation', status: 412, message: 'Request would have succeeded, but DryRun flag is set.' });
    assert.equal(lab.ec2State.allInstances().length, before);
  });
});

describe('the instance state machine on the virtual clock', () => {
  it('pending → running → stopping → stopped → pending → running → shutting-down → terminated', async () => {
    const id = (await run()).Instances?.[0]?.InstanceId ?? '';
    const stateOf = async (): Promise<string | undefined> =>
      (await lab.ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }))).Reservations?.[0]?.Instances?.[0]?.State?.Name;

    const early = await failure(() => lab.ec2.send(new StopInstancesCommand({ InstanceIds: [id] })));
    assert.deepEqual(
      [early.code, early.message],
      ['IncorrectInstanceState', `Instance '${id}' cannot be stopped as it has never reached the 'running' state.`],
    );
    lab.clock.advance(10_000);
    assert.equal(await stateOf(), 'running');
    await lab.ec2.send(new RebootInstancesCommand({ InstanceIds: [id] }));

    const stop = await lab.ec2.send(new StopInstancesCommand({ InstanceIds: [id] }));
    assert.deepEqual(stop.StoppingInstances?.[0], {
      InstanceId: id,
      CurrentState: { Code: 64, Name: 'stopping' },
      PreviousState: { Code: 16, Name: 'running' },
    });
    const startTooEarly = await failure(() => lab.ec2.send(new StartInstancesCommand({ InstanceIds: [id] })));
    assert.deepEqual(
      [startTooEarly.code, startTooEarly.message],
      ['IncorrectInstanceState', `The instance '${id}' is not in a state from which it can be started.`],
    );
    lab.clock.advance(10_000);
    assert.equal(await stateOf(), 'stopped');
    const again = await lab.ec2.send(new StopInstancesCommand({ InstanceIds: [id] }));
    assert.deepEqual(again.StoppingInstances?.[0]?.CurrentState, { Code: 80, Name: 'stopped' });
    assert.equal((await failure(() => lab.ec2.send(new RebootInstancesCommand({ InstanceIds: [id] })))).code, 'IncorrectInstanceState');

    const start = await lab.ec2.send(new StartInstancesCommand({ InstanceIds: [id] }));
    assert.deepEqual(start.StartingInstances?.[0]?.PreviousState, { Code: 80, Name: 'stopped' });
    assert.deepEqual(start.StartingInstances?.[0]?.CurrentState, { Code: 0, Name: 'pending' });
    lab.clock.advance(10_000);

    const terminate = await lab.ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
    assert.deepEqual(terminate.TerminatingInstances?.[0]?.CurrentState, { Code: 32, Name: 'shutting-down' });
    const stopDead = await failure(() => lab.ec2.send(new StopInstancesCommand({ InstanceIds: [id] })));
    assert.deepEqual(
      [stopDead.code, stopDead.message],
      ['IncorrectInstanceState', `This instance '${id}' is not in a state from which it can be stopped.`],
    );
    lab.clock.advance(10_000);
    assert.equal(await stateOf(), 'terminated');
    const twice = await lab.ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
    assert.deepEqual(twice.TerminatingInstances?.[0]?.PreviousState, { Code: 48, Name: 'terminated' });
    lab.clock.advance(2 * 3_600_000);
    const gone = await failure(() => lab.ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] })));
    assert.deepEqual([gone.code, gone.message], ['InvalidInstanceID.NotFound', `The instance ID '${id}' does not exist`]);
  });

  it('names every unknown id and refuses malformed ones', async () => {
    const many = await failure(() => lab.ec2.send(new StopInstancesCommand({ InstanceIds: ['i-0123456789abcdef0', 'i-0123456789abcdef1'] })));
    assert.deepEqual(
      [many.code, many.message],
      ['InvalidInstanceID.NotFound', "The instance IDs 'i-0123456789abcdef0, i-0123456789abcdef1' do not exist"],
    );
    assert.equal((await failure(() => lab.ec2.send(new DescribeInstancesCommand({ InstanceIds: ['web-1'] })))).code, 'InvalidInstanceID.Malformed');
  });

  it('changes metadata options, keeping the ones not given', async () => {
    const id = (await run({ MetadataOptions: { HttpPutResponseHopLimit: 3 } })).Instances?.[0]?.InstanceId ?? '';
    const out = await lab.ec2.send(new ModifyInstanceMetadataOptionsCommand({ InstanceId: id, HttpTokens: 'required' }));
    assert.equal(out.InstanceId, id);
    assert.deepEqual(
      { ...out.InstanceMetadataOptions },
      {
        State: 'pending',
        HttpTokens: 'required',
        HttpPutResponseHopLimit: 3,
        HttpEndpoint: 'enabled',
        HttpProtocolIpv6: 'disabled',
        InstanceMetadataTags: 'disabled',
      },
    );
    const bad = await failure(() => lab.ec2.send(new ModifyInstanceMetadataOptionsCommand({ InstanceId: id, HttpPutResponseHopLimit: 65 })));
    assert.equal(bad.code, 'InvalidParameterValue');
  });
});

describe('DescribeInstances', () => {
  it('filters by id, state, profile ARN, tag:K and tag-key, with wildcards, and refuses unknown filters', async () => {
    const tagged = await run({
      IamInstanceProfile: { Arn: profile.profileArn },
      TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'team', Value: 'blue-1' }] }],
    });
    const id = tagged.Instances?.[0]?.InstanceId ?? '';
    const ids = async (filters: { Name: string; Values: string[] }[]): Promise<string[]> =>
      ((await lab.ec2.send(new DescribeInstancesCommand({ Filters: filters }))).Reservations ?? []).flatMap((r) =>
        (r.Instances ?? []).map((i) => i.InstanceId ?? ''),
      );
    assert.deepEqual(await ids([{ Name: 'instance-id', Values: [id] }]), [id]);
    assert.deepEqual(await ids([{ Name: 'tag:team', Values: ['blue-*'] }]), [id]);
    assert.deepEqual(await ids([{ Name: 'tag-key', Values: ['team'] }]), [id]);
    assert.deepEqual(await ids([{ Name: 'tag:team', Values: ['red'] }]), []);
    const withProfile = await ids([{ Name: 'iam-instance-profile.arn', Values: [profile.profileArn] }]);
    assert.ok(withProfile.includes(id) && withProfile.length >= 3);
    assert.deepEqual(
      await ids([
        { Name: 'instance-state-name', Values: ['pending'] },
        { Name: 'instance-id', Values: [id] },
      ]),
      [id],
    );
    assert.deepEqual(
      await ids([
        { Name: 'instance-state-name', Values: ['running', 'stopped'] },
        { Name: 'instance-id', Values: [id] },
      ]),
      [],
    );
    const unknown = await failure(() => ids([{ Name: 'colour', Values: ['x'] }]));
    assert.deepEqual([unknown.code, unknown.message], ['InvalidParameterValue', "The filter 'colour' is invalid"]);
  });

  it('paginates by instance with MaxResults/NextToken and refuses MaxResults with InstanceId', async () => {
    await run({ MinCount: 6, MaxCount: 6 });
    const all = (await lab.ec2.send(new DescribeInstancesCommand({}))).Reservations?.flatMap((r) => r.Instances ?? []).map((i) => i.InstanceId) ?? [];
    const seen: (string | undefined)[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await lab.ec2.send(new DescribeInstancesCommand({ MaxResults: 5, ...(token === undefined ? {} : { NextToken: token }) }));
      seen.push(...(page.Reservations ?? []).flatMap((r) => (r.Instances ?? []).map((i) => i.InstanceId)));
      token = page.NextToken;
      pages++;
    } while (token !== undefined);
    assert.deepEqual(seen, all);
    assert.equal(pages, Math.ceil(all.length / 5));
    const combo = await failure(() => lab.ec2.send(new DescribeInstancesCommand({ InstanceIds: [all[0] ?? ''], MaxResults: 5 })));
    assert.equal(combo.code, 'InvalidParameterCombination');
  });

  it('lists only the request region', async () => {
    const west = lab.ec2Client(lab.root, 'eu-west-1');
    const out = await west.send(new RunInstancesCommand({ ImageId: 'ami-1', MinCount: 1, MaxCount: 1 }));
    assert.equal(out.Instances?.[0]?.Placement?.AvailabilityZone, 'eu-west-1a');
    const listed = (await west.send(new DescribeInstancesCommand({}))).Reservations?.flatMap((r) => r.Instances ?? []) ?? [];
    assert.deepEqual(
      listed.map((i) => i.InstanceId),
      [out.Instances?.[0]?.InstanceId],
    );
  });
});

describe('regions and zones', () => {
  it('lists regions with endpoints and the zones of the request region', async () => {
    const regions = await lab.ec2.send(new DescribeRegionsCommand({ RegionNames: ['eu-west-1'] }));
    assert.deepEqual(
      regions.Regions?.map((r) => [r.RegionName, r.Endpoint]),
      [['eu-west-1', 'ec2.eu-west-1.amazonaws.com']],
    );
    const zones = await lab.ec2.send(new DescribeAvailabilityZonesCommand({}));
    assert.deepEqual(
      zones.AvailabilityZones?.map((z) => z.ZoneName),
      ['us-east-1a', 'us-east-1b', 'us-east-1c'],
    );
  });
});

describe('authorization', () => {
  it('needs ec2:RunInstances and iam:PassRole on the profile role; DryRun tells which', async () => {
    await lab.iam.send(new CreateUserCommand({ UserName: 'dev' }));
    const key = (await lab.iam.send(new CreateAccessKeyCommand({ UserName: 'dev' }))).AccessKey;
    const dev = lab.ec2Client({ accessKeyId: key?.AccessKeyId ?? '', secretAccessKey: key?.SecretAccessKey ?? '' });
    const launch = (extra = {}) => dev.send(new RunInstancesCommand({ ImageId: 'ami-1', MinCount: 1, MaxCount: 1, DryRun: true, ...extra }));
    const none = await failure(() => launch());
    assert.equal(none.code, 'UnauthorizedOperation');
    assert.equal(none.status, 403);
    assert.match(
      none.message,
      /^You are not authorized to perform this operation\. User: arn:aws:iam::123456789012:user\/dev is not authorized to perform: ec2:RunInstances/,
    );
    await lab.iam.send(
      new PutUserPolicyCommand({
        UserName: 'dev',
        PolicyName: 'ec2',
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }] }),
      }),
    );
    assert.equal((await failure(() => launch())).code, 'DryRunOperation');
    const noPass = await failure(() => launch({ IamInstanceProfile: { Name: 'web' } }));
    assert.equal(noPass.code, 'UnauthorizedOperation');
    assert.match(noPass.message, new RegExp(`iam:PassRole on resource: ${profile.roleArn}`));
    await lab.iam.send(
      new PutUserPolicyCommand({
        UserName: 'dev',
        PolicyName: 'pass',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: profile.roleArn }],
        }),
      }),
    );
    assert.equal((await failure(() => launch({ IamInstanceProfile: { Name: 'web' } }))).code, 'DryRunOperation');
  });
});
