/**
 * The names AWS gives these objects and their sessions (aws-behaviour.md §4.7): task and cluster ARNs,
 * the Pod Identity association ARN, and the role session names.
 */
const PARTITION = 'aws';

/** `arn:aws:ecs:<region>:<account>:task/<cluster>/<task-id>`. */
export const taskArn = (region: string, account: string, cluster: string, taskId: string): string =>
  `arn:${PARTITION}:ecs:${region}:${account}:task/${cluster}/${taskId}`;

/** `arn:aws:eks:<region>:<account>:cluster/<name>` (the `eks-cluster-arn` session tag, §4.7). */
export const eksClusterArn = (region: string, account: string, cluster: string): string =>
  `arn:${PARTITION}:eks:${region}:${account}:cluster/${cluster}`;

/** `arn:aws:eks:<region>:<account>:podidentityassociation/<cluster>/a-…`. */
export const podIdentityAssociationArn = (region: string, account: string, cluster: string, associationId: string): string =>
  `arn:${PARTITION}:eks:${region}:${account}:podidentityassociation/${cluster}/${associationId}`;

/** Each of the cluster and pod parts is cut to this many characters ([U], see podSessionName). */
const POD_SESSION_PART = 10;

/**
 * `eks-<cluster>-<pod name>-<uuid>`, at most 64 characters, a new uuid at each refresh (§4.7). How AWS cuts
 * long names is [U]: the one observed name, `eks-k8s-wl-dev-engine-boo-5af5e7ac-…` (62 characters), fits
 * cutting the cluster and the pod name to 10 characters each, which keeps every name within 62.
 */
export function podSessionName(cluster: string, podName: string, uuid: string): string {
  return `eks-${cluster.slice(0, POD_SESSION_PART)}-${podName.slice(0, POD_SESSION_PART)}-${uuid}`;
}
