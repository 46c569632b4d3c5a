/**
 * The lab objects behind container credentials (aws-behaviour.md §4.7): an ECS task with a task role, and an
 * EKS Pod Identity association with the one pod that uses it. Each is kept in the store's `containers`
 * collection with the credential set it was last handed (so a restart serves the same session).
 * Times are virtual epoch ms (design.md "Time").
 */

/** The session a task or pod currently holds. */
export interface ContainerCredentialSet {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  /** The role by unique id: a role deleted and created again under the same name is another role. */
  readonly roleId: string;
  readonly roleName: string;
  readonly sessionName: string;
  readonly issuedMs: number;
  readonly expiresMs: number;
}

interface ContainerCommon {
  readonly id: string;
  readonly account: string;
  readonly region: string;
  readonly roleArn: string;
  /** What the container sends as `Authorization` (§4.7): random for a task, a service-account JWT for a pod. */
  readonly token: string;
  readonly createdMs: number;
  readonly current?: ContainerCredentialSet;
}

/** An ECS task: `id` is the 32-hex task id, which is also its role session name (§4.7). */
export interface TaskRecord extends ContainerCommon {
  readonly kind: 'ecs-task';
  readonly cluster: string;
  /** The `<credentials-id>` of `/v2/credentials/<credentials-id>` (§4.7). */
  readonly credentialsId: string;
}

/** An EKS Pod Identity association and its pod: `id` is the association id (`a-…`). */
export interface PodRecord extends ContainerCommon {
  readonly kind: 'eks-pod';
  readonly clusterName: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly podName: string;
  readonly podUid: string;
}

export type ContainerRecord = TaskRecord | PodRecord;

export type ContainerKind = ContainerRecord['kind'];
