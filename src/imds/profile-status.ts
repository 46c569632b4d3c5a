/**
 * What IMDS finds when it looks at an instance's profile (aws-behaviour.md §4.3): the profile by its unique
 * id (a deleted profile is `InstanceProfileNotFound`, even if one of the same name exists again), the role
 * in it (none: "does not contain a role"), and whether the role's trust policy lets `ec2.amazonaws.com`
 * assume it (otherwise `AssumeRoleUnauthorizedAccess`). Pure over the IAM state and the time.
 */
import type { RequestPrincipal } from '../policy/evaluator.js';
import { buildRequestContext, compilePolicy, evaluateTrust } from '../policy/evaluator.js';
import { arnOf } from '../services/iam/iam-index.js';
import { roleOfInstanceProfile, trustPolicy } from '../services/iam/iam-reads.js';
import type { IamState } from '../services/iam/iam-state.js';

export interface RoleFacts {
  readonly id: string;
  readonly name: string;
  readonly arn: string;
  readonly account: string;
}

export type ProfileStatus =
  | { readonly kind: 'ok'; readonly role: RoleFacts }
  | { readonly kind: 'no-role' }
  | { readonly kind: 'profile-not-found' }
  | { readonly kind: 'trust-denied'; readonly role: RoleFacts };

const EC2_SERVICE: RequestPrincipal = { kind: 'service', service: 'ec2.amazonaws.com' };

export function profileStatus(iam: IamState, profileId: string, region: string, nowMs: number): ProfileStatus {
  const profile = iam.index.get('instance-profile', profileId);
  if (profile === undefined) return { kind: 'profile-not-found' };
  const role = roleOfInstanceProfile(iam, profile);
  if (role === undefined) return { kind: 'no-role' };
  const facts: RoleFacts = { id: role.id, name: role.name, arn: arnOf(role), account: role.account };
  const document = trustPolicy(iam, role);
  if (document === undefined) return { kind: 'trust-denied', role: facts };
  const result = evaluateTrust({
    principal: EC2_SERVICE,
    role: { arn: facts.arn, account: role.account },
    trustPolicy: compilePolicy(document, { name: 'trust policy', arn: facts.arn, kind: 'trust' }),
    context: buildRequestContext({ principal: EC2_SERVICE, credentials: { kind: 'long-term' }, request: { region, secureTransport: true }, nowMs }),
  });
  return result.decision === 'Allowed' ? { kind: 'ok', role: facts } : { kind: 'trust-denied', role: facts };
}
