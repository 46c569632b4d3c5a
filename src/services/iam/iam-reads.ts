/**
 * Reads the authorizer (and EC2/IMDS) need: entities by name, ARN or unique id, and the policies that apply
 * to a user or a role — inline, attached managed (customer or AWS), the groups' policies for a user, and
 * the permissions boundary (aws-behaviour.md §7.1). Documents come as submitted text plus parsed form.
 */
import { parseArn } from '../../arn/arn.js';
import type { PolicyDocument, PolicyKind } from '../../policy/types.js';
import type { AwsManagedPolicy } from './aws-managed-catalog.js';
import { arnOf } from './iam-index.js';
import type { IamState } from './iam-state.js';
import type { GroupRecord, IamRecord, InlinePolicyRecord, InstanceProfileRecord, PolicyRecord, RoleRecord, UserRecord } from './records.js';

export interface ResolvedPolicy {
  /** Inline: the policy name; managed: the policy's name. */
  readonly name: string;
  /** Managed policies only. */
  readonly arn?: string;
  readonly text: string;
  /** Parsed for the kind asked; undefined if the stored text no longer validates. */
  readonly document: PolicyDocument | undefined;
}

export interface GroupPolicies {
  readonly group: GroupRecord;
  readonly inline: readonly ResolvedPolicy[];
  readonly managed: readonly ResolvedPolicy[];
}

export interface PrincipalPolicies {
  readonly inline: readonly ResolvedPolicy[];
  readonly managed: readonly ResolvedPolicy[];
  /** Users only: every group's inline and attached policies. */
  readonly groups: readonly GroupPolicies[];
  readonly boundary: ResolvedPolicy | undefined;
}

/** A customer managed policy or an AWS managed one, seen the same way. */
export type ManagedPolicy =
  | { readonly scope: 'Local'; readonly arn: string; readonly record: PolicyRecord }
  | { readonly scope: 'AWS'; readonly arn: string; readonly aws: AwsManagedPolicy };

export function managedPolicy(state: IamState, arn: string): ManagedPolicy | undefined {
  const record = state.index.policyByArn(arn);
  if (record !== undefined) return { scope: 'Local', arn, record };
  const aws = state.catalog.get(arn);
  return aws === undefined ? undefined : { scope: 'AWS', arn, aws };
}

/** The default version's document of a managed policy. */
export function resolveManaged(state: IamState, arn: string, kind: PolicyKind): ResolvedPolicy | undefined {
  const policy = managedPolicy(state, arn);
  if (policy === undefined) return undefined;
  if (policy.scope === 'AWS') {
    return { name: policy.aws.name, arn, text: policy.aws.text, document: state.document(policy.aws, policy.aws.text, kind) };
  }
  const version = policy.record.versions.find((v) => v.versionId === policy.record.defaultVersionId);
  if (version === undefined) return undefined;
  return { name: policy.record.name, arn, text: version.text, document: state.document(version, version.text, kind) };
}

function resolveInline(state: IamState, inline: readonly InlinePolicyRecord[]): ResolvedPolicy[] {
  return inline.map((p) => ({ name: p.name, text: p.text, document: state.document(p, p.text, 'identity') }));
}

function resolveAttached(state: IamState, arns: readonly string[]): ResolvedPolicy[] {
  return arns.map((arn) => resolveManaged(state, arn, 'identity')).filter((p): p is ResolvedPolicy => p !== undefined);
}

export function groupPolicies(state: IamState, group: GroupRecord): GroupPolicies {
  return { group, inline: resolveInline(state, group.inline), managed: resolveAttached(state, group.attached) };
}

export function userPolicies(state: IamState, user: UserRecord): PrincipalPolicies {
  const groups = user.groupIds
    .map((id) => state.index.get('group', id))
    .filter((g): g is GroupRecord => g !== undefined)
    .map((g) => groupPolicies(state, g));
  return {
    inline: resolveInline(state, user.inline),
    managed: resolveAttached(state, user.attached),
    groups,
    boundary: user.boundaryArn === null ? undefined : resolveManaged(state, user.boundaryArn, 'boundary'),
  };
}

export function rolePolicies(state: IamState, role: RoleRecord): PrincipalPolicies {
  return {
    inline: resolveInline(state, role.inline),
    managed: resolveAttached(state, role.attached),
    groups: [],
    boundary: role.boundaryArn === null ? undefined : resolveManaged(state, role.boundaryArn, 'boundary'),
  };
}

/** The role's trust policy, parsed as kind 'trust'. */
export function trustPolicy(state: IamState, role: RoleRecord): PolicyDocument | undefined {
  return state.document(role, role.trust, 'trust');
}

/**
 * An IAM entity by ARN (`arn:aws:iam::A:<kind>/<path><name>`): the name is matched case-insensitively as
 * IAM does (§2.1), the path exactly.
 */
function byArn(state: IamState, kind: 'user' | 'role' | 'group' | 'instance-profile', arn: string): IamRecord | undefined {
  const parsed = parseArn(arn);
  if (parsed === undefined || parsed.service !== 'iam' || !parsed.resource.startsWith(`${kind}/`)) return undefined;
  const name = parsed.resource.slice(parsed.resource.lastIndexOf('/') + 1);
  const record: IamRecord | undefined = state.index.byName(kind, parsed.account, name);
  if (record === undefined) return undefined;
  // Same path (exactly) and same name (case-insensitively, as the lookup above).
  return arnOf(record).slice(0, -record.name.length) === arn.slice(0, -name.length) ? record : undefined;
}

export const userByArn = (state: IamState, arn: string): UserRecord | undefined => byArn(state, 'user', arn) as UserRecord | undefined;
export const roleByArn = (state: IamState, arn: string): RoleRecord | undefined => byArn(state, 'role', arn) as RoleRecord | undefined;
export const instanceProfileByArn = (state: IamState, arn: string): InstanceProfileRecord | undefined =>
  byArn(state, 'instance-profile', arn) as InstanceProfileRecord | undefined;

/** The role inside an instance profile (at most one, §2.4). */
export function roleOfInstanceProfile(state: IamState, profile: InstanceProfileRecord): RoleRecord | undefined {
  const id = profile.roleIds[0];
  return id === undefined ? undefined : state.index.get('role', id);
}
