/**
 * ec2:DescribeInstances (aws-behaviour.md §3.1): the caller's instances in the request's region, grouped by
 * reservation, filtered (instance-id, instance-state-name, instance-state-code, instance-type, image-id,
 * iam-instance-profile.arn / .id, availability-zone, private-ip-address, reservation-id, tag:K, tag-key,
 * tag-value) and paginated by instance. MaxResults cannot be combined with InstanceId.N, as on AWS.
 */
import type * as Ec2 from '../../../protocol/models/ec2.js';
import type { Operation } from '../../operation.js';
import { defineOperation } from '../../operation.js';
import type { Ec2Deps } from '../ec2-deps.js';
import { ec2Errors } from '../ec2-errors.js';
import { compileFilters, isTagFilter, tagFilterValues } from '../ec2-filters.js';
import { requireInstances, stopIfDryRun } from '../ec2-lookup.js';
import { checkMaxResults, paginate } from '../ec2-paginate.js';
import type { AssociationRecord, InstanceRecord } from '../ec2-records.js';
import type { Ec2State } from '../ec2-state.js';
import { instanceOut } from '../ec2-wire.js';
import { instanceStateAt, instanceVisibleAt, STATE_CODES } from '../instance-status.js';

const INSTANCE_FILTERS = new Set([
  'instance-id',
  'instance-state-name',
  'instance-state-code',
  'instance-type',
  'image-id',
  'iam-instance-profile.arn',
  'iam-instance-profile.id',
  'availability-zone',
  'private-ip-address',
  'reservation-id',
  'owner-id',
]);

interface Described {
  readonly instance: InstanceRecord;
  readonly association: AssociationRecord | undefined;
}

function filterValues(nowMs: number, state: Ec2State): (name: string, item: Described) => readonly string[] {
  return (name, { instance, association }) => {
    switch (name) {
      case 'instance-id':
        return [instance.id];
      case 'instance-state-name':
        return [instanceStateAt(instance, nowMs, state.timing)];
      case 'instance-state-code':
        return [String(STATE_CODES[instanceStateAt(instance, nowMs, state.timing)])];
      case 'instance-type':
        return [instance.instanceType];
      case 'image-id':
        return [instance.imageId];
      case 'iam-instance-profile.arn':
        return association === undefined ? [] : [association.profileArn];
      case 'iam-instance-profile.id':
        return association === undefined ? [] : [association.profileId];
      case 'availability-zone':
        return [instance.availabilityZone];
      case 'private-ip-address':
        return [instance.privateIp];
      case 'reservation-id':
        return [instance.reservationId];
      case 'owner-id':
        return [instance.account];
      default:
        return tagFilterValues(name, instance.tags);
    }
  };
}

/** Consecutive instances of one reservation share one Reservation element, in launch order. */
function groupByReservation(instances: readonly Described[], owner: string, out: (d: Described) => Ec2.Instance): Ec2.Reservation[] {
  const reservations: Ec2.Reservation[] = [];
  let current: { id: string; instances: Ec2.Instance[] } | undefined;
  for (const described of instances) {
    if (current === undefined || current.id !== described.instance.reservationId) {
      current = { id: described.instance.reservationId, instances: [] };
      reservations.push({ ReservationId: current.id, OwnerId: owner, Groups: [], Instances: current.instances });
    }
    current.instances.push(out(described));
  }
  return reservations;
}

export function describeInstances(deps: Ec2Deps): Operation {
  const { state } = deps;
  return defineOperation<Ec2.DescribeInstancesRequest, Ec2.DescribeInstancesResult>({
    name: 'DescribeInstances',
    authorization: { kind: 'policy', action: 'ec2:DescribeInstances', resources: () => ['*'] },
    handle: async (input, ctx) => {
      const ids = input.InstanceIds ?? [];
      if (ids.length > 0 && input.MaxResults !== undefined) {
        throw ec2Errors.invalidParameterCombination('The parameter instancesSet cannot be used with the parameter maxResults');
      }
      const maxResults = checkMaxResults(input.MaxResults);
      const matches = compileFilters(input.Filters, (name) => INSTANCE_FILTERS.has(name) || isTagFilter(name), filterValues(ctx.nowMs, state));
      stopIfDryRun(input);
      const chosen =
        ids.length > 0
          ? requireInstances(state, ctx, ids)
          : state.instances(ctx.account, ctx.region).filter((i) => instanceVisibleAt(i, ctx.nowMs, state.timing));
      const described = chosen.map((instance) => ({ instance, association: state.currentAssociation(instance.id, ctx.nowMs) })).filter(matches);
      const page = paginate(described, (d) => d.instance.id, maxResults, input.NextToken);
      const toWire = (ms: number): number => ctx.clock.toWall(ms);
      return {
        Reservations: groupByReservation(page.items, ctx.account, (d) => instanceOut(d.instance, d.association, ctx.nowMs, state.timing, toWire)),
        ...(page.nextToken === undefined ? {} : { NextToken: page.nextToken }),
      };
    },
  });
}
