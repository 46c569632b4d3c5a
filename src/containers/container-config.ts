/**
 * How long container credentials live and when they are renewed (aws-behaviour.md §4.7). The Pod
 * Identity Agent renews what it holds after at most 3 hours (`--max-credential-retention-before-renewal`,
 * eks-pod-identity-agent cmd/server.go [V]); the lifetime of the sets EKS Auth and ECS hand out, and ECS's
 * renewal, are [U]: 6 hours and the same 3 hours, so a served set always has 3 hours left.
 */
export interface ContainerConfig {
  readonly credentialLifetimeMs: number;
  /** A set held this long is replaced at the next request. */
  readonly renewAfterMs: number;
}

export const DEFAULT_CONTAINER_CONFIG: ContainerConfig = {
  credentialLifetimeMs: 6 * 3_600_000,
  renewAfterMs: 3 * 3_600_000,
};
