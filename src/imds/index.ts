/** The instance metadata service (aws-behaviour.md §4): listeners, token rules, credential delivery. */
export { ImdsManager } from './imds-manager.js';
export type { ImdsManagerDeps, ImdsLogger } from './imds-manager.js';
export type { ImdsConfig, DisassociateBehaviour, ImdsConfigResult } from './imds-config.js';
export { DEFAULT_IMDS_CONFIG, imdsConfigFromEnv } from './imds-config.js';
export { CredentialKeeper, IMDS_CREDENTIALS_COLLECTION } from './credential-keeper.js';
export type { CredentialSet, Delivery, InstanceCredentialState, IamView } from './credential-keeper.js';
export { handleImds } from './imds-handler.js';
export type { ImdsAnswer, ImdsRequest } from './imds-handler.js';
