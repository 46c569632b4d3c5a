/**
 * The entity named by `PolicySourceArn` and the policies it brings (IAM API reference,
 * SimulatePrincipalPolicy): a user's inline and attached policies and those of every group it belongs to;
 * a group's own; a role's own; and the user's or role's permissions boundary (aws-behaviour.md §7.1).
 * An ARN that is not an IAM user, group or role is `InvalidInput` (`Invalid Entity Arn: …`); a missing
 * entity is `NoSuchEntity` with IAM's usual text for that kind (§2.1).
 */
import { assumedRoleArn, parseArn } from '../../../arn/arn.js';
import type { AwsError } from '../../../errors/aws-error.js';
import type { RequestPrincipal } from '../../../policy/evaluator.js';
import { iamErrors } from '../iam-errors.js';
import { arnOf } from '../iam-index.js';
import { groupPolicies, roleByArn, rolePolicies, userByArn, userPolicies } from '../iam-reads.js';
import type { PrincipalPolicies } from '../iam-reads.js';
import type { IamState } from '../iam-state.js';
import type { GroupRecord } from '../records.js';
import { simulateErrors } from './simulate-errors.js';
import type { InlineOwner, SimulationPolicy } from './simulation-policies.js';
import { storedPolicies, storedPolicy } from './simulation-policies.js';

interface PolicySource {
  readonly kind: 'user' | 'group' | 'role';
  readonly account: string;
  readonly identity: readonly SimulationPolicy[];
  readonly boundary: SimulationPolicy | undefined;
  /** The simulated caller when no CallerArn is given: the user itself, or the role as a session. */
  readonly principal: RequestPrincipal | undefined;
}

type EntityKind = PolicySource['kind'];

function entityKind(resource: string): EntityKind | undefined {
  for (const kind of ['user', 'group', 'role'] as const) if (resource.startsWith(`${kind}/`)) return kind;
  return undefined;
}

/** As `userByArn`/`roleByArn` (iam-reads.ts): the name case-insensitively (§2.1), the path exactly. */
function groupByArn(state: IamState, account: string, arn: string, name: string): GroupRecord | undefined {
  const group = state.index.byName('group', account, name);
  if (group === undefined) return undefined;
  return arnOf(group).slice(0, -group.name.length) === arn.slice(0, -name.length) ? group : undefined;
}

function fromPolicies(
  owner: InlineOwner & { readonly kind: EntityKind },
  account: string,
  policies: PrincipalPolicies,
  principal: RequestPrincipal | undefined,
): PolicySource {
  const identity = [
    ...storedPolicies(policies.inline, owner),
    ...storedPolicies(policies.managed, owner),
    ...policies.groups.flatMap((g) => {
      const group = { kind: 'group', name: g.group.name } as const;
      return [...storedPolicies(g.inline, group), ...storedPolicies(g.managed, group)];
    }),
  ];
  const boundary = policies.boundary === undefined ? undefined : storedPolicy(policies.boundary, owner);
  return { kind: owner.kind, account, identity, boundary, principal };
}

/**
 * `Invalid Entity Arn: <arn>` unless `arn` names an IAM user, group or role: checked before authorization
 * (aws-behaviour.md §10.2), since it depends on the input alone.
 */
export function checkPolicySourceArn(input: { readonly PolicySourceArn: string }): AwsError | undefined {
  const parsed = parseArn(input.PolicySourceArn);
  const kind = parsed?.service === 'iam' ? entityKind(parsed.resource) : undefined;
  return parsed === undefined || kind === undefined ? simulateErrors.invalidEntityArn(input.PolicySourceArn) : undefined;
}

export function policySource(state: IamState, arn: string): PolicySource {
  const parsed = parseArn(arn);
  const kind = parsed?.service === 'iam' ? entityKind(parsed.resource) : undefined;
  if (parsed === undefined || kind === undefined) throw simulateErrors.invalidEntityArn(arn);
  const name = parsed.resource.slice(parsed.resource.lastIndexOf('/') + 1);
  switch (kind) {
    case 'user': {
      const user = userByArn(state, arn);
      if (user === undefined) throw iamErrors.noSuchNamed('user', name);
      const principal: RequestPrincipal = { kind: 'user', account: user.account, arn: arnOf(user), id: user.id, name: user.name };
      return fromPolicies({ kind: 'user', name: user.name }, user.account, userPolicies(state, user), principal);
    }
    case 'group': {
      const group = groupByArn(state, parsed.account, arn, name);
      if (group === undefined) throw iamErrors.noSuchNamed('group', name);
      const { inline, managed } = groupPolicies(state, group);
      return fromPolicies({ kind: 'group', name: group.name }, group.account, { inline, managed, groups: [], boundary: undefined }, undefined);
    }
    case 'role': {
      const role = roleByArn(state, arn);
      if (role === undefined) throw iamErrors.noSuchNamed('role', name);
      const principal: RequestPrincipal = {
        kind: 'assumed-role',
        account: role.account,
        roleArn: arnOf(role),
        roleId: role.id,
        sessionArn: assumedRoleArn(role.account, role.name, 'simulation'),
        sessionName: 'simulation',
      };
      return fromPolicies({ kind: 'role', name: role.name }, role.account, rolePolicies(state, role), principal);
    }
  }
}
