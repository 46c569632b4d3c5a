/**
 * How each container service assumes a record's role (aws-behaviour.md §4.7): the service principal and
 * the actions its trust policy must allow, the session name, the session tags, the context keys, and the ARN
 * the session is recorded as issued to.
 * - ECS: `ecs-tasks.amazonaws.com`, sts:AssumeRole, the session named after the task id (§4.7; "tasks assume
 *   the task role and the session ID is the task ID", containers-roadmap#1917 [O]).
 * - EKS Pod Identity: `pods.eks.amazonaws.com`, sts:AssumeRole and sts:TagSession, `eks-<cluster>-<pod>-<uuid>`
 *   with a new uuid each time, and six transitive session tags (§4.7, EKS-UG pod-id-abac).
 * Both set `aws:SourceAccount` and `aws:SourceArn` (the task, the cluster) for trust policies that guard
 * against the confused deputy; which ARN EKS gives is [U].
 */
import type { SessionTag } from '../auth/session-claims.js';
import { assertNever } from '../lib/assert-never.js';
import type { ContextValue } from '../policy/evaluator.js';
import { eksClusterArn, podIdentityAssociationArn, podSessionName, taskArn } from './container-names.js';
import type { ContainerRecord } from './container-records.js';

export const ECS_SERVICE = 'ecs-tasks.amazonaws.com';
export const POD_IDENTITY_SERVICE = 'pods.eks.amazonaws.com';

interface AssumeRequest {
  readonly service: string;
  readonly actions: readonly string[];
  readonly sessionName: string;
  readonly tags: readonly SessionTag[];
  readonly extra: Readonly<Record<string, ContextValue | undefined>>;
  readonly issuedToArn: string;
}

/** `uuid`: a fresh one, used by Pod Identity's session name. */
export function assumeRequestFor(record: ContainerRecord, uuid: string): AssumeRequest {
  switch (record.kind) {
    case 'ecs-task': {
      const arn = taskArn(record.region, record.account, record.cluster, record.id);
      return {
        service: ECS_SERVICE,
        actions: ['sts:AssumeRole'],
        sessionName: record.id,
        tags: [],
        extra: { 'aws:SourceAccount': record.account, 'aws:SourceArn': arn, 'sts:RoleSessionName': record.id },
        issuedToArn: arn,
      };
    }
    case 'eks-pod': {
      const clusterArn = eksClusterArn(record.region, record.account, record.clusterName);
      const sessionName = podSessionName(record.clusterName, record.podName, uuid);
      const tags: SessionTag[] = [
        { key: 'eks-cluster-arn', value: clusterArn },
        { key: 'eks-cluster-name', value: record.clusterName },
        { key: 'kubernetes-namespace', value: record.namespace },
        { key: 'kubernetes-service-account', value: record.serviceAccount },
        { key: 'kubernetes-pod-name', value: record.podName },
        { key: 'kubernetes-pod-uid', value: record.podUid },
      ];
      return {
        service: POD_IDENTITY_SERVICE,
        actions: ['sts:AssumeRole', 'sts:TagSession'],
        sessionName,
        tags,
        extra: {
          'aws:SourceAccount': record.account,
          'aws:SourceArn': clusterArn,
          'sts:RoleSessionName': sessionName,
          'sts:TransitiveTagKeys': tags.map((tag) => tag.key),
        },
        issuedToArn: podIdentityAssociationArn(record.region, record.account, record.clusterName, record.id),
      };
    }
    default:
      return assertNever(record, 'container record');
  }
}
