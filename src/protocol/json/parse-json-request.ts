/**
 * An AWS JSON 1.1 request (`POST /`, `X-Amz-Target`, a JSON object body) → `{ operation, input }`, or the
 * service's error (aws-behaviour.md §13.2): an unknown target is `UnknownOperationException` and a body that is
 * not a JSON object `SerializationException`, both without a message, as AWS sends them.
 */
import { jsonErrors } from '../../errors/json-errors.js';
import type { JsonServiceModel } from '../model.js';
import type { ParseResult } from '../parse-request.js';
import { decodeJsonValue } from './decode-json-value.js';
import { targetOperation } from './json-target.js';

export function parseJsonRequest(model: JsonServiceModel, target: string | undefined, body: string): ParseResult {
  const operation = target === undefined ? undefined : targetOperation(model, target);
  if (operation === undefined) return { kind: 'error', error: jsonErrors.unknownOperation() };
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { kind: 'error', error: jsonErrors.serialization() };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { kind: 'error', error: jsonErrors.serialization() };
  const inputShape = model.operations[operation]?.input;
  if (inputShape === undefined) return { kind: 'ok', operation, input: {} };
  const decoded = decodeJsonValue(model, inputShape, parsed, '');
  if (decoded.kind === 'issue') return { kind: 'error', error: jsonErrors.serialization(decoded.message) };
  return { kind: 'ok', operation, input: decoded.value as Record<string, unknown> };
}
