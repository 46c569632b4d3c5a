/**
 * Step 3, parse: the service's protocol reads the request into `{operation, input}` using the generated
 * model, or answers with the service's own error (InvalidAction, MissingParameter, ValidationError; S3's
 * MalformedXML, InvalidArgument…). A streamed body (PutObject, UploadPart) is left on the socket for the
 * handler: the input carries the codec's marker until authentication says how to read it.
 */
import { gatewayErrors } from '../../errors/common.js';
import type { ParseResult } from '../../protocol/index.js';
import type { GatewayDeps } from '../gateway-deps.js';
import type { RoutedState } from '../request-state.js';

export function parse(state: RoutedState, deps: GatewayDeps): void | Promise<void> {
  const read = state.service.protocol.readInput(state, deps);
  if (read instanceof Promise) return read.then((parsed) => accept(state, parsed));
  accept(state, read);
}

function accept(state: RoutedState, parsed: ParseResult): void {
  if (parsed.kind === 'error') {
    state.error = parsed.error;
    return;
  }
  state.operationName = parsed.operation;
  const operation = state.service.operations.get(parsed.operation);
  if (operation === undefined) {
    state.error = gatewayErrors.notImplemented(parsed.operation, state.service.name);
    return;
  }
  state.operation = operation;
  state.input = parsed.input;
}
