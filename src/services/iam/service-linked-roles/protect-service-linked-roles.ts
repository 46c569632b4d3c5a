/**
 * What IAM refuses about service-linked roles (aws-behaviour.md §12.4): only the linked service changes one. Its trust
 * policy, its policies, its boundary, and the role itself through DeleteRole are refused with 400
 * `UnmodifiableEntity` (`Cannot perform the operation on the protected role '<name>' - this role is only modifiable
 * by AWS`, [O] for DetachRolePolicy and DeleteRolePolicy, [U] for the others); its description and tags may be
 * changed (IAM-UG using-service-linked-roles). The other way round, an AWS service-role policy cannot be attached to
 * an ordinary role (`PolicyNotAttachable`, [O]). The checks run after authorization, when the role is known.
 */
import { AWS_MANAGED_POLICY_PREFIX } from '../../../arn/arn.js';
import type { Operation, OperationTable, ServiceContext } from '../../operation.js';
import { serviceLinkedRoleErrors } from './service-linked-role-errors.js';

type Input = Readonly<Record<string, unknown>>;

/** Which changes are refused on a service-linked role, per operation. */
const REFUSED: Readonly<Record<string, (input: Input) => boolean>> = {
  DeleteRole: () => true,
  UpdateAssumeRolePolicy: () => true,
  PutRolePolicy: () => true,
  DeleteRolePolicy: () => true,
  AttachRolePolicy: () => true,
  DetachRolePolicy: () => true,
  PutRolePermissionsBoundary: () => true,
  DeleteRolePermissionsBoundary: () => true,
  // [U] EC2 never receives a service-linked role through an instance profile.
  AddRoleToInstanceProfile: () => true,
  // The description may change (IAM-UG); the session duration is the service's [U].
  UpdateRole: (input) => input['MaxSessionDuration'] !== undefined,
};

const SERVICE_ROLE_POLICY_PREFIX = `${AWS_MANAGED_POLICY_PREFIX}aws-service-role/`;

function check(name: string, input: Input, ctx: ServiceContext): void {
  const roleName = input['RoleName'];
  if (typeof roleName !== 'string') return;
  const role = ctx.iam.index.byName('role', ctx.account, roleName);
  if (role === undefined) return;
  if (role.linkedService !== undefined) {
    if (REFUSED[name]?.(input) === true) throw serviceLinkedRoleErrors.protectedRole(role.name);
    return;
  }
  const policyArn = input['PolicyArn'];
  if (name === 'AttachRolePolicy' && typeof policyArn === 'string' && policyArn.startsWith(SERVICE_ROLE_POLICY_PREFIX)) {
    throw serviceLinkedRoleErrors.serviceRolePolicy();
  }
}

function guarded(operation: Operation): Operation {
  if (REFUSED[operation.name] === undefined) return operation;
  const { handle } = operation;
  return {
    ...operation,
    handle: (input, ctx) => {
      check(operation.name, input, ctx);
      return handle(input, ctx);
    },
  };
}

export function protectServiceLinkedRoles(table: OperationTable): OperationTable {
  return new Map([...table].map(([name, operation]) => [name, guarded(operation)]));
}
