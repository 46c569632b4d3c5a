/**
 * Decoded form parameters → `{ operation, input }` or the service's own error (design.md "One request",
 * step 3). `Action` picks the operation; query services also require their one `Version`.
 */
import type { AwsError } from '../errors/aws-error.js';
import { queryErrors } from '../errors/common.js';
import type { FormPairs } from './decode-form.js';
import { decodeInput } from './decode-input.js';
import { ec2IssuesError, queryIssuesError } from './issue-messages.js';
import { listElementLookup, shapeNameAt } from './list-element-rules.js';
import type { ServiceModel } from './model.js';
import { buildParamTree, firstParam } from './param-tree.js';
import type { ParamNode } from './param-tree.js';
import { protocolErrors } from './protocol-errors.js';
import { isServiceCheckedPattern } from './service-checked-patterns.js';

export type ParseResult =
  { readonly kind: 'ok'; readonly operation: string; readonly input: Record<string, unknown> } | { readonly kind: 'error'; readonly error: AwsError };

/**
 * What STS and IAM put in `Could not find operation <Op> for version <Version>` when `Version` is absent
 * [U: remembered from real STS output, not found in a public transcript].
 */
const NO_VERSION = 'NO_VERSION_SPECIFIED';

function hasOperation(model: ServiceModel, action: string): boolean {
  return Object.prototype.hasOwnProperty.call(model.operations, action);
}

/**
 * The parameter tree the input shape is decoded from. An operation without input members
 * (GetCallerIdentity, DescribeRegions…) reads nothing from it, so its parameters (`Action`, `Version`) are
 * not arranged into one.
 */
function paramTreeFor(model: ServiceModel, shapeName: string | undefined, params: FormPairs): ParamNode {
  const shape = shapeName === undefined ? undefined : model.shapes[shapeName];
  if (shape?.type === 'structure' && !hasMembers(shape.members)) return { value: undefined, children: new Map() };
  return buildParamTree(params);
}

function hasMembers(members: object): boolean {
  for (const name in members) if (Object.hasOwn(members, name)) return true;
  return false;
}

/** STS and IAM (`query` protocol). */
export function parseQueryRequest(model: ServiceModel, params: FormPairs): ParseResult {
  const action = firstParam(params, 'Action');
  if (action === undefined || action === '') return { kind: 'error', error: protocolErrors.missingAction() };
  const version = firstParam(params, 'Version');
  if (version !== model.metadata.apiVersion || !hasOperation(model, action)) {
    return { kind: 'error', error: queryErrors.invalidAction(action, version || NO_VERSION) };
  }
  const inputShape = model.operations[action]?.input;
  const decoded = decodeInput(model, inputShape, paramTreeFor(model, inputShape, params));
  // IAM's Coral messages leave the values out; STS's show them (aws-behaviour.md §10.2).
  const error = queryIssuesError(decoded.issues, model.metadata.serviceId === 'IAM' ? 'without-values' : 'with-values', {
    input: decoded.input,
    listElements: listElementLookup(model, inputShape),
    patternLeftToService: (path) => isServiceCheckedPattern(model.metadata.serviceId, shapeNameAt(model, inputShape, path), path),
  });
  return error === undefined ? { kind: 'ok', operation: action, input: decoded.input } : { kind: 'error', error };
}

/**
 * EC2 (`ec2` protocol). EC2 still serves every API version it ever published, so `Version` is not
 * checked here (the model's is the newest) [D: EC2-API "API versions"].
 */
export function parseEc2Request(model: ServiceModel, params: FormPairs): ParseResult {
  const action = firstParam(params, 'Action');
  if (action === undefined || action === '') return { kind: 'error', error: protocolErrors.missingAction() };
  if (!hasOperation(model, action)) return { kind: 'error', error: protocolErrors.ec2InvalidAction(action) };
  const decoded = decodeInput(model, model.operations[action]?.input, paramTreeFor(model, model.operations[action]?.input, params));
  const error = ec2IssuesError(decoded.issues);
  return error === undefined ? { kind: 'ok', operation: action, input: decoded.input } : { kind: 'error', error };
}

/** Either protocol, by the model's `metadata.protocol`. */
export function parseRequest(model: ServiceModel, params: FormPairs): ParseResult {
  return model.metadata.protocol === 'ec2' ? parseEc2Request(model, params) : parseQueryRequest(model, params);
}
