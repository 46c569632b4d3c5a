/** The IAM policy simulator (IAM API reference: SimulatePrincipalPolicy, SimulateCustomPolicy, GetContextKeysFor…Policy). */
export { simulateOperations } from './simulate-operations.js';

export { simulate } from './simulate.js';

export { contextKeysOf } from './context-keys.js';
export { statementPositions } from './statement-positions.js';
