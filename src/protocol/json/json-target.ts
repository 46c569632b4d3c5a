/**
 * `X-Amz-Target` → the operation of a JSON-protocol service (aws-behaviour.md §13.2). The SDKs send the model's
 * whole target prefix (`com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents`); the short form
 * AWS's own documentation shows (`CloudTrail_20131101.LookupEvents`) is taken as well.
 */
import type { JsonServiceModel } from '../model.js';

export function targetOperation(model: JsonServiceModel, target: string): string | undefined {
  const dot = target.lastIndexOf('.');
  if (dot < 0) return undefined;
  const prefix = target.slice(0, dot);
  const operation = target.slice(dot + 1);
  const full = model.metadata.targetPrefix ?? '';
  const short = full.slice(full.lastIndexOf('.') + 1);
  if (prefix !== full && prefix !== short) return undefined;
  return Object.hasOwn(model.operations, operation) ? operation : undefined;
}

/** Whether a target names this service at all (routing an unsigned request to its envelope). */
export function targetsService(model: JsonServiceModel, target: string): boolean {
  const prefix = target.slice(0, Math.max(0, target.lastIndexOf('.')));
  const full = model.metadata.targetPrefix ?? '';
  return prefix !== '' && (prefix === full || prefix === full.slice(full.lastIndexOf('.') + 1));
}
