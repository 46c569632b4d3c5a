/**
 * Lookups the EC2 operations share: instances by id (malformed, unknown or foreign ids are AWS's errors),
 * the instance profile a request names (by Name or Arn, §3.4), the role inside it for `iam:PassRole`
 * (§3.2, §7.8), and the DryRun answer once authorization has passed.
 */
import { instanceArn } from '../../arn/arn.js';
import type { IamInstanceProfileSpecification } from '../../protocol/models/ec2.js';
import type { AuthorizationCheck } from '../authorizer/authorizer.js';
import { arnOf } from '../iam/iam-index.js';
import { instanceProfileByArn, roleOfInstanceProfile } from '../iam/iam-reads.js';
import type { InstanceProfileRecord } from '../iam/records.js';
import type { ServiceContext } from '../operation.js';
import { ec2Errors, INSTANCE_ID } from './ec2-errors.js';
import type { InstanceRecord } from './ec2-records.js';
import type { Ec2State } from './ec2-state.js';
import { instanceVisibleAt } from './instance-status.js';

/** Instances by id in the caller's account and region, all or nothing (EC2 names every missing id). */
export function requireInstances(state: Ec2State, ctx: ServiceContext, ids: readonly string[]): InstanceRecord[] {
  for (const id of ids) if (!INSTANCE_ID.test(id)) throw ec2Errors.instanceMalformed(id);
  const found: InstanceRecord[] = [];
  const missing: string[] = [];
  for (const id of ids) {
    const instance = state.instance(id);
    if (
      instance === undefined ||
      instance.account !== ctx.account ||
      instance.region !== ctx.region ||
      !instanceVisibleAt(instance, ctx.nowMs, state.timing)
    ) {
      missing.push(id);
    } else found.push(instance);
  }
  if (missing.length > 0) throw ec2Errors.instanceNotFound(missing);
  return found;
}

export function requireInstance(state: Ec2State, ctx: ServiceContext, id: string): InstanceRecord {
  const [instance] = requireInstances(state, ctx, [id]);
  if (instance === undefined) throw ec2Errors.instanceNotFound([id]);
  return instance;
}

/** `arn:aws:ec2:<region>:<account>:instance/<id>` for each id (the resources of instance actions). */
export function instanceArns(ctx: ServiceContext, ids: readonly string[] | string): string[] {
  return (typeof ids === 'string' ? [ids] : ids).map((id) => instanceArn(ctx.region, ctx.account, id));
}

type ProfileLookup =
  | { readonly kind: 'found'; readonly profile: InstanceProfileRecord; readonly arn: string }
  | { readonly kind: 'missing'; readonly how: 'name' | 'arn'; readonly value: string };

function lookupProfile(ctx: ServiceContext, spec: IamInstanceProfileSpecification): ProfileLookup {
  if (spec.Arn !== undefined) {
    const profile = instanceProfileByArn(ctx.iam, spec.Arn);
    return profile === undefined || profile.account !== ctx.account
      ? { kind: 'missing', how: 'arn', value: spec.Arn }
      : { kind: 'found', profile, arn: arnOf(profile) };
  }
  const name = spec.Name ?? '';
  const profile = ctx.iam.index.byName('instance-profile', ctx.account, name);
  return profile === undefined ? { kind: 'missing', how: 'name', value: name } : { kind: 'found', profile, arn: arnOf(profile) };
}

/** The profile, or AWS's InvalidParameterValue for one that does not exist (§3.4). */
export function requireProfile(
  ctx: ServiceContext,
  spec: IamInstanceProfileSpecification,
): { readonly profile: InstanceProfileRecord; readonly arn: string } {
  if (spec.Arn === undefined && spec.Name === undefined) throw ec2Errors.missingParameter('IamInstanceProfile.Name');
  const found = lookupProfile(ctx, spec);
  if (found.kind === 'missing') throw ec2Errors.invalidProfile(found.how, found.value);
  return found;
}

/**
 * §3.2/§7.8: handing a profile to an instance passes its role to EC2, so the caller needs `iam:PassRole` on
 * that role. A missing profile or an empty one needs nothing (the handler answers for a missing one).
 */
export function passRoleChecks(ctx: ServiceContext, spec: IamInstanceProfileSpecification | undefined): AuthorizationCheck[] {
  if (spec === undefined) return [];
  const found = lookupProfile(ctx, spec);
  if (found.kind === 'missing') return [];
  const role = roleOfInstanceProfile(ctx.iam, found.profile);
  return role === undefined ? [] : [{ action: 'iam:PassRole', resource: arnOf(role) }];
}

/** Authorization passed (the gateway's authorize stage ran first): a DryRun request stops here (§3.4). */
export function stopIfDryRun(input: { readonly DryRun?: boolean }): void {
  if (input.DryRun === true) throw ec2Errors.dryRun();
}
