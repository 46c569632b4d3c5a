/**
 * ListPoliciesGrantingServiceAccess (aws-iam-s3-more.md §A1.4, aws-behaviour.md §12.4): for each service namespace
 * asked, the entity's permission policies that grant access to it (service-grants.ts). A user's own policies come
 * with its groups'; a group's and a role's are their own. Managed policies carry `PolicyArn`, inline ones
 * `EntityType` and `EntityName` (IAM-MODEL); permissions boundaries are not listed. Managed policies come first,
 * then inline ones, each in the order attached [U: the AWS CLI's and the model's examples list a managed policy
 * before an inline one]. The request has no `MaxItems`: the answer is one page.
 */
import { parseArn } from '../../../arn/arn.js';
import type * as Iam from '../../../protocol/models/iam.js';
import { defineOperation } from '../../operation.js';
import { serviceCatalog } from '../../service-catalog.js';
import { iamErrors } from '../iam-errors.js';
import { arnOf } from '../iam-index.js';
import { groupPolicies, roleByArn, rolePolicies, userByArn, userPolicies } from '../iam-reads.js';
import type { ResolvedPolicy } from '../iam-reads.js';
import type { IamState } from '../iam-state.js';
import { paginate } from '../paginate.js';
import type { GroupRecord } from '../records.js';
import { grantsService } from '../service-grants.js';
import { simulateErrors } from '../simulate/simulate-errors.js';

type OwnerType = 'USER' | 'GROUP' | 'ROLE';

interface Candidate {
  readonly policy: ResolvedPolicy;
  /** Inline policies only: who holds it. */
  readonly owner?: { readonly type: OwnerType; readonly name: string };
}

const ENTITY = /^(user|group|role)\//;

/** `Invalid Entity Arn: <arn>` unless the ARN names an IAM user, group or role, as SimulatePrincipalPolicy answers [U here]. */
function checkArn(input: Iam.ListPoliciesGrantingServiceAccessRequest): ReturnType<typeof simulateErrors.invalidEntityArn> | undefined {
  const parsed = parseArn(input.Arn);
  return parsed?.service === 'iam' && ENTITY.test(parsed.resource) ? undefined : simulateErrors.invalidEntityArn(input.Arn);
}

/** As `userByArn`/`roleByArn` (iam-reads.ts): the name case-insensitively, the path exactly. */
function groupByArn(state: IamState, arn: string, name: string, account: string): GroupRecord | undefined {
  const group = state.index.byName('group', account, name);
  return group !== undefined && arnOf(group).slice(0, -group.name.length) === arn.slice(0, -name.length) ? group : undefined;
}

function candidatesOf(state: IamState, arn: string): Candidate[] {
  const parsed = parseArn(arn);
  const kind = parsed === undefined ? undefined : ENTITY.exec(parsed.resource)?.[1];
  const name = parsed === undefined ? '' : parsed.resource.slice(parsed.resource.lastIndexOf('/') + 1);
  const inline = (policies: readonly ResolvedPolicy[], type: OwnerType, owner: string): Candidate[] =>
    policies.map((policy) => ({ policy, owner: { type, name: owner } }));
  switch (kind) {
    case 'user': {
      const user = userByArn(state, arn);
      if (user === undefined) throw iamErrors.noSuchNamed('user', name);
      const own = userPolicies(state, user);
      return [
        ...own.managed.map((policy) => ({ policy })),
        ...own.groups.flatMap((g) => g.managed.map((policy) => ({ policy }))),
        ...inline(own.inline, 'USER', user.name),
        ...own.groups.flatMap((g) => inline(g.inline, 'GROUP', g.group.name)),
      ];
    }
    case 'group': {
      const group = groupByArn(state, arn, name, parsed?.account ?? '');
      if (group === undefined) throw iamErrors.noSuchNamed('group', name);
      const own = groupPolicies(state, group);
      return [...own.managed.map((policy) => ({ policy })), ...inline(own.inline, 'GROUP', group.name)];
    }
    case 'role': {
      const role = roleByArn(state, arn);
      if (role === undefined) throw iamErrors.noSuchNamed('role', name);
      const own = rolePolicies(state, role);
      return [...own.managed.map((policy) => ({ policy })), ...inline(own.inline, 'ROLE', role.name)];
    }
    default:
      throw simulateErrors.invalidEntityArn(arn);
  }
}

/** A managed policy attached to the user and to one of its groups is listed once. */
function unique(candidates: readonly Candidate[]): Candidate[] {
  const seen = new Set<string>();
  return candidates.filter((c) => {
    if (c.owner !== undefined || c.policy.arn === undefined) return true;
    if (seen.has(c.policy.arn)) return false;
    seen.add(c.policy.arn);
    return true;
  });
}

const policyOut = (c: Candidate): Iam.PolicyGrantingServiceAccess =>
  c.owner === undefined
    ? { PolicyName: c.policy.name, PolicyType: 'MANAGED', ...(c.policy.arn === undefined ? {} : { PolicyArn: c.policy.arn }) }
    : { PolicyName: c.policy.name, PolicyType: 'INLINE', EntityType: c.owner.type, EntityName: c.owner.name };

export const listPoliciesGrantingServiceAccess = defineOperation<
  Iam.ListPoliciesGrantingServiceAccessRequest,
  Iam.ListPoliciesGrantingServiceAccessResponse
>({
  name: 'ListPoliciesGrantingServiceAccess',
  authorization: { kind: 'policy', action: 'iam:ListPoliciesGrantingServiceAccess', resources: (input) => [input.Arn] },
  validate: checkArn,
  handle: async (input, ctx) => {
    // A marker IAM could not have given is refused as in every list (paginate.ts); there is only one page.
    paginate<never>([], () => '', input.Marker, undefined);
    const candidates = unique(candidatesOf(ctx.iam, input.Arn));
    const entries: Iam.ListPoliciesGrantingServiceAccessEntry[] = [];
    for (const namespace of input.ServiceNamespaces) {
      const actions = (await serviceCatalog.actions(namespace)).map((action) => action.name);
      const granting = candidates.filter((c) => grantsService(c.policy.document, namespace, actions));
      entries.push({ ServiceNamespace: namespace, Policies: granting.map(policyOut) });
    }
    return { PoliciesGrantingServiceAccess: entries, IsTruncated: false };
  },
});
