/**
 * The state a reader sees, derived from a record's recorded instants and the virtual now (no timers).
 * Instance state codes are EC2's (aws-behaviour.md §3.1): 0 pending, 16 running, 32 shutting-down,
 * 48 terminated, 64 stopping, 80 stopped.
 */
import { assertNever } from '../../lib/assert-never.js';
import type { AssociationRecord, InstanceRecord } from './ec2-records.js';
import type { Ec2Timing } from './ec2-timing.js';

export type InstanceStateName = 'pending' | 'running' | 'shutting-down' | 'terminated' | 'stopping' | 'stopped';

export const STATE_CODES: Readonly<Record<InstanceStateName, number>> = {
  pending: 0,
  running: 16,
  'shutting-down': 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
};

export function instanceStateAt(instance: InstanceRecord, nowMs: number, timing: Ec2Timing): InstanceStateName {
  const since = nowMs - instance.lastActionMs;
  switch (instance.lastAction) {
    case 'launch':
    case 'start':
      return since < timing.pendingMs ? 'pending' : 'running';
    case 'stop':
      return since < timing.stoppingMs ? 'stopping' : 'stopped';
    case 'terminate':
      return since < timing.shuttingDownMs ? 'shutting-down' : 'terminated';
    default:
      return assertNever(instance.lastAction, 'instance action');
  }
}

/** Terminated instances drop out of DescribeInstances after a while, as on AWS. */
export function instanceVisibleAt(instance: InstanceRecord, nowMs: number, timing: Ec2Timing): boolean {
  return instance.lastAction !== 'terminate' || nowMs < instance.lastActionMs + timing.shuttingDownMs + timing.terminatedVisibleMs;
}

type AssociationStateName = 'associating' | 'associated' | 'disassociating' | 'disassociated';

/**
 * §3.2: associating → associated after a few seconds; Disassociate → disassociating → gone; an association
 * replaced (or of a terminated instance) is gone at once. `disassociated` associations are never listed.
 */
export function associationStateAt(association: AssociationRecord, nowMs: number, timing: Ec2Timing): AssociationStateName {
  if (association.endedMs === null) return nowMs - association.createdMs < timing.associatingMs ? 'associating' : 'associated';
  if (association.end === 'disassociate' && nowMs - association.endedMs < timing.disassociatingMs) return 'disassociating';
  return 'disassociated';
}

export function metadataStateAt(instance: InstanceRecord, nowMs: number, timing: Ec2Timing): 'pending' | 'applied' {
  return nowMs - instance.metadataOptions.changedMs < timing.metadataApplyMs ? 'pending' : 'applied';
}
