/** The CloudTrail operation table (aws-behaviour.md §13): LookupEvents over the lab's audit trail. */
import type { OperationTable } from '../operation.js';
import { operationTable } from '../operation.js';
import type { CloudTrailDeps } from './cloudtrail-deps.js';
import { lookupEvents } from './lookup-events.js';

export function createCloudTrailOperations(deps: CloudTrailDeps): OperationTable {
  return operationTable([lookupEvents(deps)]);
}
