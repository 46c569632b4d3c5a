/** The STS operation table. */
import { operationTable } from '../operation.js';
import { getCallerIdentity } from './get-caller-identity.js';

export const stsOperations = operationTable([getCallerIdentity]);
