/**
 * CreateServiceLinkedRole, DeleteServiceLinkedRole and GetServiceLinkedRoleDeletionStatus (aws-iam-s3-more.md §A3.6,
 * aws-behaviour.md §12.4). A service-linked role lives at `/aws-service-role/<service principal>/`, trusts the
 * service alone, has the service's AWS managed policies attached and `MaxSessionDuration` 3600 [R: LS-IAM
 * test_service_role_lifecycle]. It counts among the account's roles but may exceed the roles quota (IAM-UG
 * using-service-linked-roles). Deleting it submits a task: the role goes at once, and the task answers
 * `IN_PROGRESS` for `DELETION_MS` of virtual time, then `SUCCEEDED`.
 */
import type * as Iam from '../../../protocol/models/iam.js';
import { iamArn, roleArn } from '../../../arn/arn.js';
import { uuidV4 } from '../../../lib/uuid.js';
import { defineOperation } from '../../operation.js';
import type { Operation, ServiceContext } from '../../operation.js';
import type { ServiceLinkedRoleDeletionRecord } from '../account-records.js';
import { arnOf } from '../iam-index.js';
import type { IamIndex } from '../iam-index.js';
import { requireRole } from '../lookup.js';
import type { RoleRecord } from '../records.js';
import { entityArn, roleRef } from '../resources.js';
import { validateTrust } from '../validate-documents.js';
import { roleOut } from '../wire.js';
import { linkedService } from './linked-services.js';
import type { LinkedService } from './linked-services.js';
import { serviceLinkedRoleErrors } from './service-linked-role-errors.js';

const MAX_SESSION_DURATION = 3600;
/** How long a deletion task stays `IN_PROGRESS` on the virtual clock [U: AWS recorded `SUCCEEDED` within seconds]. */
const DELETION_MS = 2_000;
const PATH_PREFIX = '/aws-service-role/';

const servicePath = (principal: string): string => `${PATH_PREFIX}${principal}/`;

/** `<base>_<suffix>` for the services that take a suffix [R: LS-IAM test_service_role_lifecycle_custom_suffix]. */
const roleNameOf = (service: LinkedService, suffix: string | undefined): string =>
  suffix === undefined ? service.roleName : `${service.roleName}_${suffix}`;

/** The trust policy every recorded service-linked role has: the service alone, no Sid [R]. */
const trustOf = (principal: string): string =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: principal }, Action: 'sts:AssumeRole' }] });

/** Unknown service, or a suffix the service does not take: decided by the input alone, before authorization. */
function checkCreate(input: Iam.CreateServiceLinkedRoleRequest): ReturnType<NonNullable<Operation['validate']>> {
  const service = linkedService(input.AWSServiceName);
  if (service === undefined) return serviceLinkedRoleErrors.unknownService(input.AWSServiceName);
  if (input.CustomSuffix !== undefined && !service.customSuffix) return serviceLinkedRoleErrors.suffixNotAllowed(input.AWSServiceName);
  return undefined;
}

function createdRoleArn(input: Iam.CreateServiceLinkedRoleRequest, ctx: ServiceContext): string {
  const service = linkedService(input.AWSServiceName);
  if (service === undefined) return iamArn(ctx.account, `role${PATH_PREFIX}*`);
  return roleArn(ctx.account, servicePath(service.principal), roleNameOf(service, input.CustomSuffix));
}

/** A deletion task still `IN_PROGRESS` for the role name, if any. */
function pendingDeletion(index: IamIndex, account: string, roleName: string, nowMs: number): ServiceLinkedRoleDeletionRecord | undefined {
  return index.serviceLinkedRoleDeletionsOf(account, roleName).find((task) => nowMs < task.completesMs);
}

const createServiceLinkedRole = defineOperation<Iam.CreateServiceLinkedRoleRequest, Iam.CreateServiceLinkedRoleResponse>({
  name: 'CreateServiceLinkedRole',
  authorization: {
    kind: 'policy',
    action: 'iam:CreateServiceLinkedRole',
    resources: (input, ctx) => [createdRoleArn(input, ctx)],
    // The action's condition key (Service Authorization Reference for IAM; IAM-UG using-service-linked-roles).
    context: (input) => ({ 'iam:AWSServiceName': input.AWSServiceName }),
  },
  validate: checkCreate,
  handle: (input, ctx) =>
    ctx.iam.mutate((index) => {
      const invalid = checkCreate(input);
      if (invalid !== undefined) throw invalid;
      const service = linkedService(input.AWSServiceName);
      if (service === undefined) throw serviceLinkedRoleErrors.unknownService(input.AWSServiceName);
      const name = roleNameOf(service, input.CustomSuffix);
      // A role being deleted still holds its name on AWS until its task completes [U].
      if (index.byName('role', ctx.account, name) !== undefined || pendingDeletion(index, ctx.account, name, ctx.nowMs) !== undefined) {
        throw serviceLinkedRoleErrors.nameTaken(name);
      }
      const trustText = trustOf(service.principal);
      const trust = validateTrust(index, trustText, ctx.iam.quotas.trustPolicySize);
      const role: RoleRecord = {
        kind: 'role',
        account: ctx.account,
        id: ctx.ids.uniqueId('AROA'),
        name,
        path: servicePath(service.principal),
        createdMs: ctx.nowMs,
        trust: trustText,
        trustPrincipalIds: trust.principalIds,
        description: input.Description ?? null,
        maxSessionDuration: MAX_SESSION_DURATION,
        boundaryArn: null,
        tags: [],
        inline: [],
        // The service's policies, where the lab's AWS managed catalogue has them (data/SOURCES.md).
        attached: service.policies.filter((arn) => ctx.iam.catalog.get(arn) !== undefined),
        linkedService: service.principal,
      };
      ctx.iam.primeDocument(role, 'trust', trust.document);
      return {
        writes: [{ op: 'put', record: role }],
        events: [{ type: 'role-created', role: roleRef(role) }],
        // As CreateRole's: no Description, no MaxSessionDuration (the AWS CLI's example answer; aws-behaviour.md §10.1).
        result: { Role: roleOut(ctx.iam, role, 'create') },
      };
    }, ctx.requestId),
});

const deleteServiceLinkedRole = defineOperation<Iam.DeleteServiceLinkedRoleRequest, Iam.DeleteServiceLinkedRoleResponse>({
  name: 'DeleteServiceLinkedRole',
  authorization: { kind: 'policy', action: 'iam:DeleteServiceLinkedRole', resources: (input, ctx) => [deletedRoleArn(input.RoleName, ctx)] },
  handle: (input, ctx) =>
    ctx.iam.mutate((index) => {
      // A task not yet complete is answered again (IAM API reference, DeleteServiceLinkedRole).
      const pending = pendingDeletion(index, ctx.account, input.RoleName, ctx.nowMs);
      if (pending !== undefined && index.byName('role', ctx.account, input.RoleName) === undefined) {
        return { writes: [], result: { DeletionTaskId: pending.taskId } };
      }
      const role = requireRole(index, ctx.account, input.RoleName);
      if (role.linkedService === undefined) throw serviceLinkedRoleErrors.notServiceLinked(role.name);
      const task: ServiceLinkedRoleDeletionRecord = {
        account: ctx.account,
        taskId: `task${role.path}${role.name}/${uuidV4(Buffer.from(ctx.ids.hex(32), 'hex'))}`,
        roleName: role.name,
        roleArn: arnOf(role),
        submittedMs: ctx.nowMs,
        completesMs: ctx.nowMs + DELETION_MS,
      };
      // Its policies go with it: they are the service's, not the account's. No instance profile holds a
      // service-linked role (AddRoleToInstanceProfile refuses one, protect-service-linked-roles.ts).
      return {
        writes: [
          { op: 'delete', record: role },
          { op: 'put-slr-deletion', deletion: task },
        ],
        events: [{ type: 'role-deleted', role: roleRef(role) }],
        result: { DeletionTaskId: task.taskId },
      };
    }, ctx.requestId),
});

/** The role a request names, or the one a pending task deleted (so the ARN keeps its path). */
function deletedRoleArn(roleName: string, ctx: ServiceContext): string {
  if (ctx.iam.index.byName('role', ctx.account, roleName) !== undefined) return entityArn(ctx, 'role', roleName);
  return pendingDeletion(ctx.iam.index, ctx.account, roleName, ctx.nowMs)?.roleArn ?? entityArn(ctx, 'role', roleName);
}

/** `task/aws-service-role/<principal>/<role name>/<id>` [R: LS-IAM test_service_role_deletion]. */
const TASK_ID = /^task\/aws-service-role\/([\w+=,.@-]+)\/([\w+=,.@-]+)\/([\w-]+)$/;

const getServiceLinkedRoleDeletionStatus = defineOperation<
  Iam.GetServiceLinkedRoleDeletionStatusRequest,
  Iam.GetServiceLinkedRoleDeletionStatusResponse
>({
  name: 'GetServiceLinkedRoleDeletionStatus',
  authorization: {
    kind: 'policy',
    action: 'iam:GetServiceLinkedRoleDeletionStatus',
    // The role the task deletes (IAM-UG using-service-linked-roles: the action's resource is the role).
    resources: (input, ctx) => {
      const match = TASK_ID.exec(input.DeletionTaskId);
      return [match === null ? '*' : roleArn(ctx.account, servicePath(match[1] ?? ''), match[2] ?? '')];
    },
  },
  validate: (input) => (TASK_ID.test(input.DeletionTaskId) ? undefined : serviceLinkedRoleErrors.invalidTaskId(input.DeletionTaskId)),
  handle: (input, ctx) => {
    const task = ctx.iam.index.serviceLinkedRoleDeletion(input.DeletionTaskId);
    if (task === undefined || task.account !== ctx.account) throw serviceLinkedRoleErrors.noSuchTask(input.DeletionTaskId);
    return { Status: ctx.nowMs < task.completesMs ? 'IN_PROGRESS' : 'SUCCEEDED' };
  },
});

export const serviceLinkedRoleOperations: Operation[] = [createServiceLinkedRole, deleteServiceLinkedRole, getServiceLinkedRoleDeletionStatus];
