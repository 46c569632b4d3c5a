/**
 * Stage 2, parse: the protocol codec turns parameters into `{operation, input}` using the generated model,
 * or answers with the service's own error (InvalidAction, MissingParameter, ValidationError).
 */
import { AwsError } from '../../errors/aws-error.js';
import { queryErrors } from '../../errors/common.js';
import type { RequestState } from '../request-state.js';

export function parse(state: RequestState): void {
  const { service, params } = state;
  if (service === undefined || params === undefined) return;
  if (state.raw.bodyTooLarge) {
    state.error = queryErrors.requestEntityTooLarge();
    return;
  }
  const parsed = service.parse(params);
  if (parsed.kind === 'error') {
    state.error = parsed.error;
    return;
  }
  state.operationName = parsed.operation;
  const operation = service.operations.get(parsed.operation);
  if (operation === undefined) {
    // The model knows the operation but iamlab does not implement it (yet): say so plainly.
    state.error = new AwsError({
      code: 'NotImplemented',
      status: 501,
      message: `iamlab does not implement \`${parsed.operation}\` of ${service.name.toUpperCase()} yet`,
    });
    return;
  }
  state.operation = operation;
  state.input = parsed.input;
}
