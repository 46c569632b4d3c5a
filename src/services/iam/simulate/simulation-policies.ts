/**
 * The policies a simulation evaluates, each with what `MatchedStatements` reports about it
 * (aws-behaviour.md §10.4):
 * - `SourcePolicyType` is `IAM Policy` for every identity policy — inline, managed or passed in the request —
 *   and `Resource Policy` for the `ResourcePolicy` member, not the model's enum (`user`, `aws-managed`, …);
 * - `SourcePolicyId` is a managed policy's name, `<owner kind>_<owner name>_<policy name>` for an inline policy
 *   (`role_ecs-task-execution-role-ce-grp-4r_ecs_execution_secrets`), `PolicyInputList.N` (1-based) and
 *   `ResourcePolicy` for documents passed in the request.
 * The submitted text is kept to locate statements.
 */
import type { PolicyDocument, PolicyKind } from '../../../policy/types.js';
import type { PolicySourceType } from '../../../protocol/models/iam.js';
import type { ResolvedPolicy } from '../iam-reads.js';
import { validateDocument } from '../validate-documents.js';

/** AWS's values are outside the model's enum, hence the cast (aws-behaviour.md §10.4). */
export const IDENTITY_POLICY_TYPE = 'IAM Policy' as PolicySourceType;
const RESOURCE_POLICY_TYPE = 'Resource Policy' as PolicySourceType;

export interface SimulationPolicy {
  readonly id: string;
  readonly type: PolicySourceType;
  readonly text: string;
  readonly document: PolicyDocument;
}

/** Whose inline policy it is, for its `SourcePolicyId`. */
export interface InlineOwner {
  readonly kind: 'user' | 'group' | 'role';
  readonly name: string;
}

/**
 * Documents passed in a request member (`PolicyInputList`, `PermissionsBoundaryPolicyInputList`): each must
 * be a valid policy of `kind`, else the first problem is the answer (MalformedPolicyDocument, as on write).
 * [U] A passed boundary's type: no recording shows one; `IAM Policy` as for the other identity documents.
 */
export function inputPolicies(texts: readonly string[] | undefined, member: string, kind: PolicyKind): SimulationPolicy[] {
  return (texts ?? []).map((text, i) => ({ id: `${member}.${i + 1}`, type: IDENTITY_POLICY_TYPE, text, document: validateDocument(text, kind) }));
}

export function resourceInputPolicy(text: string | undefined): SimulationPolicy | undefined {
  if (text === undefined) return undefined;
  return { id: 'ResourcePolicy', type: RESOURCE_POLICY_TYPE, text, document: validateDocument(text, 'resource') };
}

/** A stored policy of `owner`'s. Undefined if its text no longer parses. */
export function storedPolicy(policy: ResolvedPolicy, owner: InlineOwner): SimulationPolicy | undefined {
  if (policy.document === undefined) return undefined;
  const id = policy.arn === undefined ? `${owner.kind}_${owner.name}_${policy.name}` : policy.name;
  return { id, type: IDENTITY_POLICY_TYPE, text: policy.text, document: policy.document };
}

export function storedPolicies(policies: readonly ResolvedPolicy[], owner: InlineOwner): SimulationPolicy[] {
  return policies.map((p) => storedPolicy(p, owner)).filter((p): p is SimulationPolicy => p !== undefined);
}
