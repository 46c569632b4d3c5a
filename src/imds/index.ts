/** The instance metadata service (aws-behaviour.md §4): listeners, token rules, credential delivery. */
export { ImdsManager } from './imds-manager.js';

export type { ImdsConfig } from './imds-config.js';
export { imdsConfigFromEnv } from './imds-config.js';
