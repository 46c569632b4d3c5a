/** Container credentials (aws-behaviour.md §4.7): ECS task roles and EKS Pod Identity, their agents and sessions. */
export { ContainerCredentials } from './container-credentials.js';
export type { ContainerKind, ContainerRecord } from './container-records.js';
export type { PodInput, TaskInput } from './container-input.js';
export { ecsCredentialsPath } from './ecs-agent.js';
export { POD_CREDENTIALS_PATH } from './pod-identity-agent.js';
export { podIdentityAssociationArn, taskArn } from './container-names.js';
