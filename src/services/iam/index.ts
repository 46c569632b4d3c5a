/** The IAM operation table (aws-behaviour.md §2), and the state other modules read. */
import { operationTable } from '../operation.js';
import { getAccountSummary } from './ops/account-summary.js';
import { accessKeyOperations } from './ops/access-keys.js';
import { attachmentOperations } from './ops/attachments.js';
import { boundaryOperations } from './ops/boundaries.js';
import { groupOperations } from './ops/groups.js';
import { inlinePolicyOperations } from './ops/inline-policies.js';
import { instanceProfileOperations } from './ops/instance-profiles.js';
import { managedPolicyOperations } from './ops/managed-policies.js';
import { policyVersionOperations } from './ops/policy-versions.js';
import { roleOperations } from './ops/roles.js';
import { tagOperations } from './ops/tags.js';
import { userOperations } from './ops/users.js';

export const iamOperations = operationTable([
  ...userOperations,
  ...accessKeyOperations,
  ...groupOperations,
  ...roleOperations,
  ...inlinePolicyOperations,
  ...managedPolicyOperations,
  ...policyVersionOperations,
  ...attachmentOperations,
  ...boundaryOperations,
  ...instanceProfileOperations,
  ...tagOperations,
  getAccountSummary,
]);

export { IamState } from './iam-state.js';
export type { IamStateOptions, MutationPlan } from './iam-state.js';
export type { IamChange, IamChangeListener, InstanceProfileRef, RoleRef } from './iam-changes.js';
export { AwsManagedCatalog, fileCatalogSource } from './aws-managed-catalog.js';
export type { AwsManagedPolicy } from './aws-managed-catalog.js';
export * from './iam-reads.js';
export type * from './records.js';
