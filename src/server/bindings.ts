/**
 * The services iamlab serves, each joined to its protocol codec and generated model. Adding a service is
 * one entry here plus its operation table.
 */
import type { ServiceName } from '../errors/auth-errors.js';
import type { ServiceModel } from '../protocol/index.js';
import { ec2Model, iamModel, parseRequest, responseHeaders, serializeError, serializeResponse, stsModel } from '../protocol/index.js';
import type { OperationTable } from '../services/operation.js';
import { operationTable } from '../services/operation.js';
import type { ServiceBinding } from './service-binding.js';

/** The operation tables the app built (STS and the IAM table with MFA merged need their dependencies). */
export interface ServiceTables {
  readonly sts: OperationTable;
  readonly iam: OperationTable;
  readonly ec2?: OperationTable;
}

function bind(name: ServiceName, model: ServiceModel, operations: OperationTable): ServiceBinding {
  const protocol = model.metadata.protocol;
  return {
    name,
    apiVersion: model.metadata.apiVersion,
    operations,
    parse: (params) => parseRequest(model, params),
    serialise: (operation, output, options) => ({
      body: serializeResponse(model, operation, output, options),
      headers: responseHeaders(protocol, options.requestId),
    }),
    serialiseError: (error, requestId) => ({
      body: serializeError(model, error, requestId),
      headers: responseHeaders(protocol, requestId),
    }),
  };
}

export function serviceBindings(tables: ServiceTables): ReadonlyMap<ServiceName, ServiceBinding> {
  return new Map<ServiceName, ServiceBinding>([
    ['sts', bind('sts', stsModel, tables.sts)],
    ['iam', bind('iam', iamModel, tables.iam)],
    ['ec2', bind('ec2', ec2Model, tables.ec2 ?? operationTable([]))],
  ]);
}
