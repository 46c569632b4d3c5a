/**
 * The policies a simulation evaluates, each with what `MatchedStatements` reports about it: `SourcePolicyId`
 * (an inline or managed policy's name — the AWS CLI example shows the inline policy name
 * `Grant-Access-To-CodeCommit-ListRepo` — or `PolicyInputList.N`, 1-based, as in its SimulateCustomPolicy
 * example) and `SourcePolicyType` (`user`/`group`/`role` inline, `aws-managed`, `user-managed`, `resource`,
 * `none` for documents passed in the request). The submitted text is kept to locate statements.
 */
import { AWS_MANAGED_POLICY_PREFIX } from '../../../arn/arn.js';
import type { PolicyDocument, PolicyKind } from '../../../policy/types.js';
import type { PolicySourceType } from '../../../protocol/models/iam.js';
import type { ResolvedPolicy } from '../iam-reads.js';
import { validateDocument } from '../validate-documents.js';

export interface SimulationPolicy {
  readonly id: string;
  readonly type: PolicySourceType;
  readonly text: string;
  readonly document: PolicyDocument;
}

/**
 * Documents passed in a request member (`PolicyInputList`, `PermissionsBoundaryPolicyInputList`): each must
 * be a valid policy of `kind`, else the first problem is the answer (MalformedPolicyDocument, as on write).
 */
export function inputPolicies(texts: readonly string[] | undefined, member: string, kind: PolicyKind): SimulationPolicy[] {
  return (texts ?? []).map((text, i) => ({ id: `${member}.${i + 1}`, type: 'none', text, document: validateDocument(text, kind) }));
}

export function resourceInputPolicy(text: string | undefined): SimulationPolicy | undefined {
  if (text === undefined) return undefined;
  return { id: 'ResourcePolicy', type: 'resource', text, document: validateDocument(text, 'resource') };
}

/** A stored policy; `inlineType` is the owner's kind for inline policies. Undefined if its text no longer parses. */
export function storedPolicy(policy: ResolvedPolicy, inlineType: 'user' | 'group' | 'role'): SimulationPolicy | undefined {
  if (policy.document === undefined) return undefined;
  const type: PolicySourceType =
    policy.arn === undefined ? inlineType : policy.arn.startsWith(AWS_MANAGED_POLICY_PREFIX) ? 'aws-managed' : 'user-managed';
  return { id: policy.name, type, text: policy.text, document: policy.document };
}

export function storedPolicies(policies: readonly ResolvedPolicy[], inlineType: 'user' | 'group' | 'role'): SimulationPolicy[] {
  return policies.map((p) => storedPolicy(p, inlineType)).filter((p): p is SimulationPolicy => p !== undefined);
}
