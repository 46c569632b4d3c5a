/**
 * Typed operation output → the response body of each protocol.
 *
 * query (aws-behaviour.md §0.3):
 *   <OpResponse xmlns="…"><OpResult>…</OpResult><ResponseMetadata><RequestId>…</RequestId></ResponseMetadata></OpResponse>
 * ec2 (§0.4): no Result wrapper, `<requestId>` first, namespace with its trailing slash:
 *   <OpResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>…</requestId>…</OpResponse>
 */
import { InternalError } from '../errors/aws-error.js';
import { escapeXml, element, wrap, XML_DECLARATION } from '../lib/xml.js';
import type { OperationModel, ServiceModel, StructureShape } from './model.js';
import { writeStructureMembers } from './write-xml-value.js';

interface SerializeOptions {
  readonly requestId: string;
  /** Maps each output timestamp (virtual epoch ms) to the client's frame before formatting. */
  readonly toWireTime: (ms: number) => number;
}

function operationOf(model: ServiceModel, operation: string): OperationModel {
  const op = model.operations[operation];
  if (op === undefined) throw new InternalError(`operation ${operation} is not in the model`);
  return op;
}

function outputShape(model: ServiceModel, op: OperationModel): StructureShape | undefined {
  if (op.output === undefined) return undefined;
  const shape = model.shapes[op.output];
  if (shape?.type !== 'structure') throw new InternalError(`output ${op.output} is not a structure`);
  return shape;
}

export function serializeQueryResponse(model: ServiceModel, operation: string, output: unknown, options: SerializeOptions): string {
  const op = operationOf(model, operation);
  const shape = outputShape(model, op);
  const ctx = { model, protocol: 'query' as const, toWireTime: options.toWireTime };
  const result = shape === undefined ? '' : wrap(op.resultWrapper ?? `${operation}Result`, writeStructureMembers(ctx, shape, output ?? {}));
  const { open, close } = queryEnvelope(model, operation, op);
  return `${open}${result}<ResponseMetadata>${element('RequestId', options.requestId)}</ResponseMetadata>${close}`;
}

/** `<OpResponse xmlns="…">` and `</OpResponse>`, the same for every response of an operation. */
const queryEnvelopes = new WeakMap<OperationModel, { readonly open: string; readonly close: string }>();

function queryEnvelope(model: ServiceModel, operation: string, op: OperationModel): { readonly open: string; readonly close: string } {
  let envelope = queryEnvelopes.get(op);
  if (envelope === undefined) {
    envelope = { open: `<${operation}Response xmlns="${escapeXml(model.metadata.xmlNamespace)}">`, close: `</${operation}Response>` };
    queryEnvelopes.set(op, envelope);
  }
  return envelope;
}

function ec2Namespace(model: ServiceModel): string {
  const ns = model.metadata.xmlNamespace;
  return ns.endsWith('/') ? ns : `${ns}/`;
}

export function serializeEc2Response(model: ServiceModel, operation: string, output: unknown, options: SerializeOptions): string {
  const op = operationOf(model, operation);
  const shape = outputShape(model, op);
  const ctx = { model, protocol: 'ec2' as const, toWireTime: options.toWireTime };
  const members = shape === undefined ? '' : writeStructureMembers(ctx, shape, output ?? {});
  const body = element('requestId', options.requestId) + members;
  return XML_DECLARATION + wrap(`${operation}Response`, body, `xmlns="${escapeXml(ec2Namespace(model))}"`);
}

/** Either protocol, by the model's `metadata.protocol`. */
export function serializeResponse(model: ServiceModel, operation: string, output: unknown, options: SerializeOptions): string {
  return model.metadata.protocol === 'ec2'
    ? serializeEc2Response(model, operation, output, options)
    : serializeQueryResponse(model, operation, output, options);
}
