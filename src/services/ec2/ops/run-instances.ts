/**
 * ec2:RunInstances (aws-behaviour.md §3.1, §3.3): launches MaxCount instances (at least MinCount) in one
 * reservation, `pending` at first; with IamInstanceProfile (Name or Arn) each gets an association bound to
 * the profile's unique id, and the caller needs `iam:PassRole` on the profile's role (§3.2, §7.8).
 * Any ImageId is accepted (there is no AMI catalogue); InstanceType defaults to `m1.small`, the default the
 * EC2 API reference documents for RunInstances.
 */
import { ec2Arn } from '../../../arn/arn.js';
import type * as Ec2 from '../../../protocol/models/ec2.js';
import type { Operation, ServiceContext } from '../../operation.js';
import { defineOperation } from '../../operation.js';
import type { Ec2Deps } from '../ec2-deps.js';
import { DEFAULT_MAX_INSTANCES_PER_LAUNCH } from '../ec2-deps.js';
import { ec2Errors } from '../ec2-errors.js';
import { passRoleChecks, requireProfile, stopIfDryRun } from '../ec2-lookup.js';
import type { AssociationRecord, InstanceRecord, MetadataOptionsRecord, TagRecord } from '../ec2-records.js';
import { instanceOut } from '../ec2-wire.js';

const DEFAULT_INSTANCE_TYPE = 'm1.small';

const TAG_RESOURCE_TYPES = new Set(['instance', 'volume', 'network-interface', 'spot-instances-request']);

function countOf(input: Ec2.RunInstancesRequest, limit: number): number {
  const { MinCount: min, MaxCount: max } = input;
  if (!Number.isInteger(min) || min < 1)
    throw ec2Errors.invalidParameterValue(`Value (${min}) for parameter minCount is invalid. Expected a positive integer.`);
  if (!Number.isInteger(max) || max < 1)
    throw ec2Errors.invalidParameterValue(`Value (${max}) for parameter maxCount is invalid. Expected a positive integer.`);
  if (min > max) throw ec2Errors.invalidParameterValue('Value for parameter minCount is greater than value for parameter maxCount.');
  if (min > limit) throw ec2Errors.instanceLimit(min, limit);
  return Math.min(max, limit);
}

export function metadataOptionsFrom(
  request: Ec2.InstanceMetadataOptionsRequest | undefined,
  base: MetadataOptionsRecord | undefined,
  nowMs: number,
): MetadataOptionsRecord {
  const hop = request?.HttpPutResponseHopLimit ?? base?.httpPutResponseHopLimit ?? 1;
  if (!Number.isInteger(hop) || hop < 1 || hop > 64) {
    throw ec2Errors.invalidParameterValue(`The value '${hop}' for HttpPutResponseHopLimit is not valid. Specify a value from 1 through 64.`);
  }
  return {
    httpTokens: request?.HttpTokens ?? base?.httpTokens ?? 'optional',
    httpPutResponseHopLimit: hop,
    httpEndpoint: request?.HttpEndpoint ?? base?.httpEndpoint ?? 'enabled',
    httpProtocolIpv6: request?.HttpProtocolIpv6 ?? base?.httpProtocolIpv6 ?? 'disabled',
    instanceMetadataTags: request?.InstanceMetadataTags ?? base?.instanceMetadataTags ?? 'disabled',
    changedMs: nowMs,
  };
}

function instanceTags(specs: readonly Ec2.TagSpecification[] | undefined): TagRecord[] {
  const tags = new Map<string, string>();
  for (const spec of specs ?? []) {
    const type = spec.ResourceType ?? '';
    if (!TAG_RESOURCE_TYPES.has(type)) throw ec2Errors.invalidParameterValue(`'${type}' is not a valid taggable resource type for this operation.`);
    if (type !== 'instance') continue;
    for (const tag of spec.Tags ?? []) {
      const key = tag.Key ?? '';
      if (key === '' || key.toLowerCase().startsWith('aws:')) throw ec2Errors.invalidParameterValue(`Tag key '${key}' is not valid.`);
      tags.set(key, tag.Value ?? '');
    }
  }
  return [...tags].map(([Key, Value]) => ({ Key, Value }));
}

/** A private address in 172.31.0.0/16 (the default VPC's range), from the instance id's randomness. */
function privateIpFor(id: string): string {
  const n = Number.parseInt(id.slice(2, 8), 16);
  return `172.31.${(n >> 8) % 256}.${Math.max(4, n % 255)}`;
}

function macFor(id: string): string {
  const hex = id.slice(-10).padStart(10, '0');
  return `0e:${hex.match(/../g)?.join(':') ?? '00:00:00:00:00'}`;
}

export function runInstances(deps: Ec2Deps): Operation {
  const { state } = deps;
  return defineOperation<Ec2.RunInstancesRequest, Ec2.Reservation>({
    name: 'RunInstances',
    authorization: {
      kind: 'policy',
      action: 'ec2:RunInstances',
      resources: (input, ctx) => [
        ec2Arn(ctx.region, ctx.account, 'instance/*'),
        ...(input.ImageId === undefined ? [] : [ec2Arn(ctx.region, '', `image/${input.ImageId}`)]),
      ],
      also: (input, ctx) => passRoleChecks(ctx, input.IamInstanceProfile),
    },
    handle: async (input, ctx) => {
      if (input.ImageId === undefined || input.ImageId === '') throw ec2Errors.missingParameter('ImageId');
      const count = countOf(input, deps.maxInstancesPerLaunch ?? DEFAULT_MAX_INSTANCES_PER_LAUNCH);
      const profile = input.IamInstanceProfile === undefined ? undefined : requireProfile(ctx, input.IamInstanceProfile);
      const tags = instanceTags(input.TagSpecifications);
      const metadataOptions = metadataOptionsFrom(input.MetadataOptions, undefined, ctx.nowMs);
      stopIfDryRun(input);
      const reservationId = `r-${ctx.ids.hex(17)}`;
      const instances: InstanceRecord[] = [];
      const associations: AssociationRecord[] = [];
      for (let index = 0; index < count; index++) {
        const id = `i-${ctx.ids.hex(17)}`;
        instances.push(newInstance(ctx, input, { id, reservationId, index, tags, metadataOptions }));
        if (profile !== undefined) associations.push(newAssociation(ctx, id, profile.profile.id, profile.arn));
      }
      return state.mutate(
        () => ({
          writes: [...instances, ...associations],
          events: instances.map((i) => ({ type: 'instance-launched' as const, instanceId: i.id })),
          result: {
            ReservationId: reservationId,
            OwnerId: ctx.account,
            Groups: [],
            Instances: instances.map((i) =>
              instanceOut(
                state.instance(i.id) ?? i,
                associations.find((a) => a.instanceId === i.id),
                ctx.nowMs,
                state.timing,
                (ms) => ctx.clock.toWall(ms),
              ),
            ),
          },
        }),
        ctx.requestId,
      );
    },
  });
}

interface NewInstanceParts {
  readonly id: string;
  readonly reservationId: string;
  readonly index: number;
  readonly tags: readonly TagRecord[];
  readonly metadataOptions: MetadataOptionsRecord;
}

function newInstance(ctx: ServiceContext, input: Ec2.RunInstancesRequest, parts: NewInstanceParts): InstanceRecord {
  return {
    kind: 'instance',
    id: parts.id,
    account: ctx.account,
    region: ctx.region,
    reservationId: parts.reservationId,
    amiLaunchIndex: parts.index,
    imageId: input.ImageId ?? '',
    instanceType: input.InstanceType ?? DEFAULT_INSTANCE_TYPE,
    availabilityZone: input.Placement?.AvailabilityZone ?? `${ctx.region}a`,
    privateIp: privateIpFor(parts.id),
    mac: macFor(parts.id),
    launchMs: ctx.nowMs,
    firstLaunchMs: ctx.nowMs,
    lastAction: 'launch',
    lastActionMs: ctx.nowMs,
    boot: 1,
    tags: parts.tags,
    metadataOptions: parts.metadataOptions,
    imdsPort: null,
  };
}

export function newAssociation(ctx: ServiceContext, instanceId: string, profileId: string, profileArn: string): AssociationRecord {
  return {
    kind: 'association',
    id: `iip-assoc-${ctx.ids.hex(17)}`,
    account: ctx.account,
    region: ctx.region,
    instanceId,
    profileId,
    profileArn,
    createdMs: ctx.nowMs,
    endedMs: null,
    end: null,
  };
}
