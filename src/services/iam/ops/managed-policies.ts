/**
 * Managed policies: CreatePolicy, GetPolicy, ListPolicies, DeletePolicy (aws-behaviour.md §2.2). Customer
 * managed policies live in the account; AWS managed ones come from the catalog, can be read, listed and
 * attached, but not changed.
 */
import { policyArn } from '../../../arn/arn.js';
import type { AwsError } from '../../../errors/aws-error.js';
import type * as Iam from '../../../protocol/models/iam.js';
import { defineOperation } from '../../operation.js';
import { deleteConflictMessages, iamErrors } from '../iam-errors.js';
import { arnOf } from '../iam-index.js';
import { managedPolicy } from '../iam-reads.js';
import type { ManagedPolicy } from '../iam-reads.js';
import { DEFAULT_PATH, requireOwnPolicy } from '../lookup.js';
import { paginate } from '../paginate.js';
import { policyOut, usageByArn, usageOf } from '../policy-usage.js';
import type { PolicyRecord } from '../records.js';
import { listArn } from '../resources.js';
import { mergeTags } from '../tags.js';
import { validateManagedDocument } from '../validate-documents.js';

const createPolicy = defineOperation<Iam.CreatePolicyRequest, Iam.CreatePolicyResponse>({
  name: 'CreatePolicy',
  authorization: {
    kind: 'policy',
    action: 'iam:CreatePolicy',
    resources: (input, ctx) => [policyArn(ctx.account, input.Path ?? DEFAULT_PATH, input.PolicyName)],
  },
  handle: (input, ctx) =>
    ctx.iam.mutate((index) => {
      if (index.byName('policy', ctx.account, input.PolicyName) !== undefined) throw iamErrors.policyExists(input.PolicyName);
      const limit = ctx.iam.quotas.policiesPerAccount;
      if (index.count('policy', ctx.account) >= limit) throw iamErrors.quota('PoliciesPerAccount', limit);
      const document = validateManagedDocument(input.PolicyDocument, ctx.iam.quotas.managedPolicySize);
      const version = { versionId: 'v1', text: input.PolicyDocument, createdMs: ctx.nowMs };
      const policy: PolicyRecord = {
        kind: 'policy',
        account: ctx.account,
        id: ctx.ids.uniqueId('ANPA'),
        name: input.PolicyName,
        path: input.Path ?? DEFAULT_PATH,
        createdMs: ctx.nowMs,
        updatedMs: ctx.nowMs,
        description: input.Description ?? null,
        defaultVersionId: 'v1',
        nextVersion: 2,
        versions: [version],
        tags: mergeTags([], input.Tags ?? [], ctx.iam.quotas.tagsPerEntity, 'Policy'),
      };
      ctx.iam.primeDocument(version, 'identity', document);
      return {
        writes: [{ op: 'put', record: policy }],
        events: [{ type: 'policy-changed', policyArn: arnOf(policy) }],
        result: { Policy: policyOut({ scope: 'Local', arn: arnOf(policy), record: policy }, { attachments: 0, boundaries: 0 }, 'create') },
      };
    }, ctx.requestId),
});

/** A policy the caller may read: its account's own, or an AWS managed one. */
export function requireReadablePolicy(
  ctx: Parameters<typeof listArn>[0],
  arn: string,
  missing: (arn: string) => AwsError = iamErrors.policyNotFound,
): ManagedPolicy {
  const policy = managedPolicy(ctx.iam, arn);
  if (policy === undefined || (policy.scope === 'Local' && policy.record.account !== ctx.account)) throw missing(arn);
  return policy;
}

const getPolicy = defineOperation<Iam.GetPolicyRequest, Iam.GetPolicyResponse>({
  name: 'GetPolicy',
  authorization: { kind: 'policy', action: 'iam:GetPolicy', resources: (input) => [input.PolicyArn] },
  handle: async (input, ctx) => {
    const policy = requireReadablePolicy(ctx, input.PolicyArn);
    return { Policy: policyOut(policy, usageOf(ctx.iam.index, ctx.account, input.PolicyArn), 'get') };
  },
});

const policyOrder = (p: ManagedPolicy): string =>
  p.scope === 'AWS' ? `${p.aws.name.toLowerCase()}\u0000${p.aws.id}` : `${p.record.name.toLowerCase()}\u0000${p.record.id}`;

const listPolicies = defineOperation<Iam.ListPoliciesRequest, Iam.ListPoliciesResponse>({
  name: 'ListPolicies',
  authorization: { kind: 'policy', action: 'iam:ListPolicies', resources: (input, ctx) => [listArn(ctx, 'policy', input.PathPrefix)] },
  handle: async (input, ctx) => {
    const scope = input.Scope ?? 'All';
    const prefix = input.PathPrefix ?? DEFAULT_PATH;
    const usage = usageByArn(ctx.iam.index, ctx.account);
    const candidates: ManagedPolicy[] = [];
    if (scope !== 'AWS') {
      for (const record of ctx.iam.index.all('policy', ctx.account)) candidates.push({ scope: 'Local', arn: arnOf(record), record });
    }
    if (scope !== 'Local') for (const aws of ctx.iam.catalog.list()) candidates.push({ scope: 'AWS', arn: aws.arn, aws });
    const none = { attachments: 0, boundaries: 0 };
    const selected = candidates.filter((p) => {
      const path = p.scope === 'AWS' ? p.aws.path : p.record.path;
      if (!path.startsWith(prefix)) return false;
      const used = usage.get(p.arn) ?? none;
      if (input.PolicyUsageFilter === 'PermissionsBoundary' && used.boundaries === 0 && input.OnlyAttached === true) return false;
      if (input.PolicyUsageFilter === 'PermissionsPolicy' && used.attachments === 0 && input.OnlyAttached === true) return false;
      if (input.OnlyAttached === true && used.attachments + used.boundaries === 0) return false;
      return true;
    });
    const sorted = selected
      .map((p) => [policyOrder(p), p] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, p]) => p);
    const page = paginate(sorted, policyOrder, input.Marker, input.MaxItems);
    return { Policies: page.items.map((p) => policyOut(p, usage.get(p.arn) ?? none, 'list')), ...page.info };
  },
});

const deletePolicy = defineOperation<Iam.DeletePolicyRequest, Record<string, never>>({
  name: 'DeletePolicy',
  authorization: { kind: 'policy', action: 'iam:DeletePolicy', resources: (input) => [input.PolicyArn] },
  handle: (input, ctx) =>
    ctx.iam.mutate((index) => {
      const policy = requireOwnPolicy(index, ctx.account, input.PolicyArn, 'Cannot delete policies outside your own account.');
      const usage = usageOf(index, ctx.account, input.PolicyArn);
      if (usage.attachments + usage.boundaries > 0) throw iamErrors.deleteConflict(deleteConflictMessages.policyAttached);
      if (policy.versions.length > 1) {
        throw iamErrors.deleteConflict(
          "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
        );
      }
      return { writes: [{ op: 'delete', record: policy }], events: [{ type: 'policy-changed', policyArn: input.PolicyArn }], result: {} };
    }, ctx.requestId),
});

export const managedPolicyOperations = [createPolicy, getPolicy, listPolicies, deletePolicy];
