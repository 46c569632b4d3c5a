/**
 * ec2:StopInstances, StartInstances, RebootInstances, TerminateInstances (aws-behaviour.md §3.1, §3.3).
 * Each answers `{instanceId, currentState, previousState}` per instance; a request that names an instance
 * in a state the action cannot leave fails as a whole with IncorrectInstanceState (§3.4). Repeating an
 * action on an instance already there is not an error (current = previous), as on AWS. Terminating ends the
 * instance's profile association; stop and start keep it, and a start makes IMDS fetch new credentials
 * (§4.4). Transitions complete on the virtual clock (instance-status.ts).
 */
import type * as Ec2 from '../../../protocol/models/ec2.js';
import type { ServiceContext } from '../../operation.js';
import type { Operation } from '../../operation.js';
import { defineOperation } from '../../operation.js';
import type { Ec2Deps } from '../ec2-deps.js';
import { ec2Errors } from '../ec2-errors.js';
import { instanceArns, requireInstances, stopIfDryRun } from '../ec2-lookup.js';
import type { Ec2Record, InstanceRecord } from '../ec2-records.js';
import type { Ec2Change, Ec2State } from '../ec2-state.js';
import { stateChangeOut } from '../ec2-wire.js';
import type { InstanceStateName } from '../instance-status.js';
import { instanceStateAt } from '../instance-status.js';

/** What one action does to one instance: nothing (already there), a new record, or an error. */
type Step =
  | { readonly kind: 'same' }
  | { readonly kind: 'change'; readonly next: InstanceRecord; readonly current: InstanceStateName }
  | { readonly kind: 'refuse'; readonly error: Error };

type Action = 'stop' | 'start' | 'terminate';

function stepFor(action: Action, instance: InstanceRecord, now: InstanceStateName, nowMs: number): Step {
  const moved = (lastAction: InstanceRecord['lastAction'], current: InstanceStateName, extra: Partial<InstanceRecord> = {}): Step => ({
    kind: 'change',
    next: { ...instance, lastAction, lastActionMs: nowMs, ...extra },
    current,
  });
  switch (action) {
    case 'stop':
      if (now === 'pending' && instance.lastAction === 'launch') return { kind: 'refuse', error: ec2Errors.neverRunning(instance.id) };
      if (now === 'running' || now === 'pending') return moved('stop', 'stopping');
      if (now === 'stopping' || now === 'stopped') return { kind: 'same' };
      return { kind: 'refuse', error: ec2Errors.cannotStop(instance.id) };
    case 'start':
      if (now === 'stopped') return moved('start', 'pending', { launchMs: nowMs, boot: instance.boot + 1 });
      if (now === 'running' || now === 'pending') return { kind: 'same' };
      return { kind: 'refuse', error: ec2Errors.cannotStart(instance.id) };
    case 'terminate':
      if (now === 'shutting-down' || now === 'terminated') return { kind: 'same' };
      return moved('terminate', 'shutting-down');
  }
}

const EVENT: Readonly<Record<Action, Ec2Change['type']>> = {
  stop: 'instance-stopped',
  start: 'instance-started',
  terminate: 'instance-terminated',
};

function applyAction(
  state: Ec2State,
  ctx: ServiceContext,
  action: Action,
  ids: readonly string[],
  dryRun: boolean | undefined,
): Promise<Ec2.InstanceStateChange[]> {
  requireInstances(state, ctx, ids);
  return state.mutate((current) => {
    const instances = requireInstances(current, ctx, ids);
    const steps = instances.map((instance) => {
      const now = instanceStateAt(instance, ctx.nowMs, current.timing);
      return { instance, now, step: stepFor(action, instance, now, ctx.nowMs) };
    });
    for (const { step } of steps) if (step.kind === 'refuse') throw step.error;
    stopIfDryRun({ ...(dryRun === undefined ? {} : { DryRun: dryRun }) });
    const writes: Ec2Record[] = [];
    const events: Ec2Change[] = [];
    const changes = steps.map(({ instance, now, step }) => {
      if (step.kind !== 'change') return stateChangeOut(instance.id, now, now);
      writes.push(step.next);
      events.push({ type: EVENT[action], instanceId: instance.id });
      if (action === 'terminate') {
        const association = current.currentAssociation(instance.id, ctx.nowMs);
        if (association !== undefined) writes.push({ ...association, endedMs: ctx.nowMs, end: 'terminate' });
      }
      return stateChangeOut(instance.id, now, step.current);
    });
    return { writes, events, result: changes };
  }, ctx.requestId);
}

const uniqueIds = (ids: readonly string[]): string[] => [...new Set(ids)];

export function stopInstances(deps: Ec2Deps): Operation {
  return defineOperation<Ec2.StopInstancesRequest, Ec2.StopInstancesResult>({
    name: 'StopInstances',
    authorization: { kind: 'policy', action: 'ec2:StopInstances', resources: (input, ctx) => instanceArns(ctx, uniqueIds(input.InstanceIds)) },
    handle: async (input, ctx) => ({ StoppingInstances: await applyAction(deps.state, ctx, 'stop', uniqueIds(input.InstanceIds), input.DryRun) }),
  });
}

export function startInstances(deps: Ec2Deps): Operation {
  return defineOperation<Ec2.StartInstancesRequest, Ec2.StartInstancesResult>({
    name: 'StartInstances',
    authorization: { kind: 'policy', action: 'ec2:StartInstances', resources: (input, ctx) => instanceArns(ctx, uniqueIds(input.InstanceIds)) },
    handle: async (input, ctx) => ({ StartingInstances: await applyAction(deps.state, ctx, 'start', uniqueIds(input.InstanceIds), input.DryRun) }),
  });
}

export function terminateInstances(deps: Ec2Deps): Operation {
  return defineOperation<Ec2.TerminateInstancesRequest, Ec2.TerminateInstancesResult>({
    name: 'TerminateInstances',
    authorization: { kind: 'policy', action: 'ec2:TerminateInstances', resources: (input, ctx) => instanceArns(ctx, uniqueIds(input.InstanceIds)) },
    handle: async (input, ctx) => ({
      TerminatingInstances: await applyAction(deps.state, ctx, 'terminate', uniqueIds(input.InstanceIds), input.DryRun),
    }),
  });
}

/** A reboot changes no state and, on AWS, does not refresh IMDS credentials (§4.4). */
export function rebootInstances(deps: Ec2Deps): Operation {
  return defineOperation<Ec2.RebootInstancesRequest, Record<string, never>>({
    name: 'RebootInstances',
    authorization: { kind: 'policy', action: 'ec2:RebootInstances', resources: (input, ctx) => instanceArns(ctx, uniqueIds(input.InstanceIds)) },
    handle: async (input, ctx) => {
      for (const instance of requireInstances(deps.state, ctx, uniqueIds(input.InstanceIds))) {
        const now = instanceStateAt(instance, ctx.nowMs, deps.state.timing);
        if (now !== 'running' && now !== 'pending') throw ec2Errors.cannotReboot(instance.id);
      }
      stopIfDryRun(input);
      return {};
    },
  });
}
