/**
 * Managed policy versions: CreatePolicyVersion (SetAsDefault), GetPolicyVersion, ListPolicyVersions,
 * DeletePolicyVersion, SetDefaultPolicyVersion (aws-behaviour.md §2.2: at most 5 stored versions, ids v1,
 * v2… never reused, the default version cannot be deleted). AWS managed policies show their default only.
 */
import type * as Iam from '../../../protocol/models/iam.js';
import { defineOperation } from '../../operation.js';
import type { IamChange } from '../iam-changes.js';
import { deleteConflictMessages, iamErrors } from '../iam-errors.js';
import type { IamIndex } from '../iam-index.js';
import { requireLocalPolicy, requireOwnPolicy } from '../lookup.js';
import { paginate } from '../paginate.js';
import { policyUsers } from '../policy-usage.js';
import type { PolicyRecord, PolicyVersionRecord } from '../records.js';
import { roleRef } from '../resources.js';
import { validateManagedDocument } from '../validate-documents.js';
import { requireReadablePolicy } from './managed-policies.js';

const versionNumber = (versionId: string): number => Number.parseInt(versionId.slice(1), 10);

function versionOut(policy: PolicyRecord, version: PolicyVersionRecord, withDocument: boolean): Iam.PolicyVersion {
  return {
    ...(withDocument ? { Document: version.text } : {}),
    VersionId: version.versionId,
    IsDefaultVersion: version.versionId === policy.defaultVersionId,
    CreateDate: version.createdMs,
  };
}

/** A new default version changes what every role using the policy may do. */
function defaultChanged(index: IamIndex, policy: PolicyRecord, arn: string): IamChange[] {
  const users = policyUsers(index, policy.account, arn);
  const roles = new Map([...users.roles, ...users.boundaryRoles].map((r) => [r.id, r]));
  return [
    { type: 'policy-changed', policyArn: arn },
    ...[...roles.values()].map((r) => ({ type: 'role-policies-changed' as const, role: roleRef(r) })),
  ];
}

const createPolicyVersion = defineOperation<Iam.CreatePolicyVersionRequest, Iam.CreatePolicyVersionResponse>({
  name: 'CreatePolicyVersion',
  authorization: { kind: 'policy', action: 'iam:CreatePolicyVersion', resources: (input) => [input.PolicyArn] },
  handle: (input, ctx) =>
    ctx.iam.mutate((index) => {
      const policy = requireLocalPolicy(index, ctx.account, input.PolicyArn);
      if (policy.versions.length >= ctx.iam.quotas.versionsPerPolicy) {
        throw iamErrors.limitExceeded(
          `A managed policy can have up to ${ctx.iam.quotas.versionsPerPolicy} versions. Before you create a new version, you must delete an existing version.`,
        );
      }
      const document = validateManagedDocument(input.PolicyDocument, ctx.iam.quotas.managedPolicySize);
      const version: PolicyVersionRecord = { versionId: `v${policy.nextVersion}`, text: input.PolicyDocument, createdMs: ctx.nowMs };
      ctx.iam.primeDocument(version, 'identity', document);
      const asDefault = input.SetAsDefault === true;
      const updated: PolicyRecord = {
        ...policy,
        versions: [...policy.versions, version],
        nextVersion: policy.nextVersion + 1,
        ...(asDefault ? { defaultVersionId: version.versionId, updatedMs: ctx.nowMs } : {}),
      };
      return {
        writes: [{ op: 'put', record: updated }],
        events: asDefault ? defaultChanged(index, updated, input.PolicyArn) : [],
        result: { PolicyVersion: versionOut(updated, version, false) },
      };
    }, ctx.requestId),
});

const getPolicyVersion = defineOperation<Iam.GetPolicyVersionRequest, Iam.GetPolicyVersionResponse>({
  name: 'GetPolicyVersion',
  authorization: { kind: 'policy', action: 'iam:GetPolicyVersion', resources: (input) => [input.PolicyArn] },
  handle: async (input, ctx) => {
    // A missing policy reads as a missing version of it [O: LS-SNAP err-get-version-nonexistent-policy].
    const policy = requireReadablePolicy(ctx, input.PolicyArn, (arn) => iamErrors.noSuchPolicyVersion(arn, input.VersionId));
    if (policy.scope === 'AWS') {
      if (input.VersionId !== policy.aws.defaultVersionId) throw iamErrors.noSuchPolicyVersion(input.PolicyArn, input.VersionId);
      return {
        PolicyVersion: {
          Document: policy.aws.text,
          VersionId: policy.aws.defaultVersionId,
          IsDefaultVersion: true,
          CreateDate: policy.aws.updatedMs,
        },
      };
    }
    const version = policy.record.versions.find((v) => v.versionId === input.VersionId);
    if (version === undefined) throw iamErrors.noSuchPolicyVersion(input.PolicyArn, input.VersionId);
    return { PolicyVersion: versionOut(policy.record, version, true) };
  },
});

const listPolicyVersions = defineOperation<Iam.ListPolicyVersionsRequest, Iam.ListPolicyVersionsResponse>({
  name: 'ListPolicyVersions',
  authorization: { kind: 'policy', action: 'iam:ListPolicyVersions', resources: (input) => [input.PolicyArn] },
  handle: async (input, ctx) => {
    const policy = requireReadablePolicy(ctx, input.PolicyArn);
    const versions: Iam.PolicyVersion[] =
      policy.scope === 'AWS'
        ? [{ VersionId: policy.aws.defaultVersionId, IsDefaultVersion: true, CreateDate: policy.aws.updatedMs }]
        : [...policy.record.versions]
            .sort((a, b) => versionNumber(b.versionId) - versionNumber(a.versionId))
            .map((v) => versionOut(policy.record, v, false));
    // Newest first; the marker key keeps that order (zero-padded, descending).
    const order = (v: Iam.PolicyVersion): string => String(1e9 - versionNumber(v.VersionId ?? 'v0')).padStart(10, '0');
    const page = paginate(versions, order, input.Marker, input.MaxItems);
    return { Versions: page.items, ...page.info };
  },
});

const deletePolicyVersion = defineOperation<Iam.DeletePolicyVersionRequest, Record<string, never>>({
  name: 'DeletePolicyVersion',
  authorization: { kind: 'policy', action: 'iam:DeletePolicyVersion', resources: (input) => [input.PolicyArn] },
  handle: (input, ctx) =>
    ctx.iam.mutate((index) => {
      // [U] A missing policy of the account answers as for SetDefaultPolicyVersion (recorded).
      const policy = requireOwnPolicy(
        index,
        ctx.account,
        input.PolicyArn,
        'Cannot delete policy versions for policies outside your own account.',
        (arn) => iamErrors.noSuchPolicyVersion(arn, input.VersionId),
      );
      if (!policy.versions.some((v) => v.versionId === input.VersionId)) throw iamErrors.noSuchPolicyVersion(input.PolicyArn, input.VersionId);
      if (input.VersionId === policy.defaultVersionId) throw iamErrors.deleteConflict(deleteConflictMessages.defaultVersion);
      const updated: PolicyRecord = { ...policy, versions: policy.versions.filter((v) => v.versionId !== input.VersionId) };
      return { writes: [{ op: 'put', record: updated }], result: {} };
    }, ctx.requestId),
});

const setDefaultPolicyVersion = defineOperation<Iam.SetDefaultPolicyVersionRequest, Record<string, never>>({
  name: 'SetDefaultPolicyVersion',
  authorization: { kind: 'policy', action: 'iam:SetDefaultPolicyVersion', resources: (input) => [input.PolicyArn] },
  handle: (input, ctx) =>
    ctx.iam.mutate((index) => {
      const policy = requireOwnPolicy(index, ctx.account, input.PolicyArn, 'Cannot update policies outside your own account.', (arn) =>
        iamErrors.noSuchPolicyVersion(arn, input.VersionId),
      );
      if (!policy.versions.some((v) => v.versionId === input.VersionId)) throw iamErrors.noSuchPolicyVersion(input.PolicyArn, input.VersionId);
      if (policy.defaultVersionId === input.VersionId) return { writes: [], result: {} };
      const updated: PolicyRecord = { ...policy, defaultVersionId: input.VersionId, updatedMs: ctx.nowMs };
      return { writes: [{ op: 'put', record: updated }], events: defaultChanged(index, updated, input.PolicyArn), result: {} };
    }, ctx.requestId),
});

export const policyVersionOperations = [createPolicyVersion, getPolicyVersion, listPolicyVersions, deletePolicyVersion, setDefaultPolicyVersion];
