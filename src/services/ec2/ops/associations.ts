/**
 * ec2:AssociateIamInstanceProfile, DisassociateIamInstanceProfile, ReplaceIamInstanceProfileAssociation
 * (aws-behaviour.md §3.2–§3.4). One association per instance; the profile is bound by its unique id; a new
 * association is `associating` for a few seconds, a disassociated one `disassociating`, a replaced one is
 * gone at once. Associate and Replace pass the profile's role to EC2 (`iam:PassRole`, §3.2). IMDS hears of
 * every change and fetches credentials for a new association at once (§4.4).
 */
import type * as Ec2 from '../../../protocol/models/ec2.js';
import type { Operation, ServiceContext } from '../../operation.js';
import { defineOperation } from '../../operation.js';
import type { Ec2Deps } from '../ec2-deps.js';
import { ASSOCIATION_ID, ec2Errors } from '../ec2-errors.js';
import { instanceArns, passRoleChecks, requireInstance, requireProfile } from '../ec2-lookup.js';
import type { AssociationRecord } from '../ec2-records.js';
import type { Ec2State } from '../ec2-state.js';
import { associationOut } from '../ec2-wire.js';
import { associationStateAt, instanceStateAt } from '../instance-status.js';
import { newAssociation } from './run-instances.js';

function requireAssociation(state: Ec2State, ctx: ServiceContext, id: string): AssociationRecord {
  if (!ASSOCIATION_ID.test(id)) throw ec2Errors.malformedAssociationId();
  const association = state.association(id);
  if (
    association === undefined ||
    association.account !== ctx.account ||
    association.region !== ctx.region ||
    associationStateAt(association, ctx.nowMs, state.timing) === 'disassociated'
  ) {
    throw ec2Errors.associationNotFound(id);
  }
  return association;
}

/** The instance an association id belongs to, for authorization (any instance when the id is unknown). */
function associationInstanceArn(state: Ec2State, ctx: ServiceContext, id: string): string[] {
  const association = state.association(id);
  return instanceArns(ctx, association?.account === ctx.account ? association.instanceId : '*');
}

export function associateIamInstanceProfile(deps: Ec2Deps): Operation {
  const { state } = deps;
  return defineOperation<Ec2.AssociateIamInstanceProfileRequest, Ec2.AssociateIamInstanceProfileResult>({
    name: 'AssociateIamInstanceProfile',
    authorization: {
      kind: 'policy',
      action: 'ec2:AssociateIamInstanceProfile',
      resources: (input, ctx) => instanceArns(ctx, input.InstanceId),
      also: (input, ctx) => passRoleChecks(ctx, input.IamInstanceProfile),
    },
    handle: (input, ctx) => {
      const profile = requireProfile(ctx, input.IamInstanceProfile);
      return state.mutate((current) => {
        const instance = requireInstance(current, ctx, input.InstanceId);
        const now = instanceStateAt(instance, ctx.nowMs, current.timing);
        if (now !== 'running' && now !== 'stopped') throw ec2Errors.notRunningOrStopped(instance.id);
        if (current.currentAssociation(instance.id, ctx.nowMs) !== undefined) throw ec2Errors.existingAssociation(instance.id);
        const association = newAssociation(ctx, instance.id, profile.profile.id, profile.arn);
        return {
          writes: [association],
          events: [{ type: 'association-changed', instanceId: instance.id }],
          result: { IamInstanceProfileAssociation: associationOut(association, 'associating') },
        };
      }, ctx.requestId);
    },
  });
}

export function disassociateIamInstanceProfile(deps: Ec2Deps): Operation {
  const { state } = deps;
  return defineOperation<Ec2.DisassociateIamInstanceProfileRequest, Ec2.DisassociateIamInstanceProfileResult>({
    name: 'DisassociateIamInstanceProfile',
    authorization: {
      kind: 'policy',
      action: 'ec2:DisassociateIamInstanceProfile',
      resources: (input, ctx) => associationInstanceArn(state, ctx, input.AssociationId),
    },
    handle: (input, ctx) =>
      state.mutate((current) => {
        const association = requireAssociation(current, ctx, input.AssociationId);
        if (association.endedMs !== null) throw ec2Errors.notActiveAssociation(association.id);
        const ended: AssociationRecord = { ...association, endedMs: ctx.nowMs, end: 'disassociate' };
        return {
          writes: [ended],
          events: [{ type: 'association-changed', instanceId: association.instanceId }],
          result: { IamInstanceProfileAssociation: associationOut(ended, 'disassociating') },
        };
      }, ctx.requestId),
  });
}

export function replaceIamInstanceProfileAssociation(deps: Ec2Deps): Operation {
  const { state } = deps;
  return defineOperation<Ec2.ReplaceIamInstanceProfileAssociationRequest, Ec2.ReplaceIamInstanceProfileAssociationResult>({
    name: 'ReplaceIamInstanceProfileAssociation',
    authorization: {
      kind: 'policy',
      action: 'ec2:ReplaceIamInstanceProfileAssociation',
      resources: (input, ctx) => associationInstanceArn(state, ctx, input.AssociationId),
      also: (input, ctx) => passRoleChecks(ctx, input.IamInstanceProfile),
    },
    handle: (input, ctx) => {
      const profile = requireProfile(ctx, input.IamInstanceProfile);
      return state.mutate((current) => {
        const old = requireAssociation(current, ctx, input.AssociationId);
        const instance = current.instance(old.instanceId);
        // §3.4: only the live association of a running instance can be replaced.
        const running = instance !== undefined && instanceStateAt(instance, ctx.nowMs, current.timing) === 'running';
        if (old.endedMs !== null || !running) throw ec2Errors.notActiveAssociation(old.id);
        const replacement = newAssociation(ctx, old.instanceId, profile.profile.id, profile.arn);
        return {
          writes: [{ ...old, endedMs: ctx.nowMs, end: 'replace' }, replacement],
          events: [{ type: 'association-changed', instanceId: old.instanceId }],
          result: { IamInstanceProfileAssociation: associationOut(replacement, 'associating') },
        };
      }, ctx.requestId);
    },
  });
}
