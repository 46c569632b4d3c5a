/**
 * The services iamlab serves, each joined to its protocol codec and generated model. Adding a service is
 * one entry here plus its operation table.
 */
import type { ServiceName } from '../errors/auth-errors.js';
import type { S3AddressingOptions, ServiceModel } from '../protocol/index.js';
import {
  ec2Model,
  iamModel,
  parseRequest,
  decodeS3Request,
  responseHeaders,
  routeS3Request,
  s3Model,
  serializeError,
  serializeResponse,
  serializeS3Error,
  serializeS3Response,
  stsModel,
} from '../protocol/index.js';
import type { OperationTable } from '../services/operation.js';
import { operationTable } from '../services/operation.js';
import type { QueryServiceBinding, RestXmlServiceBinding, ServiceBinding } from './service-binding.js';

/** The operation tables the app built (STS and the IAM table with MFA merged need their dependencies). */
export interface ServiceTables {
  readonly sts: OperationTable;
  readonly iam: OperationTable;
  readonly ec2?: OperationTable;
  readonly s3?: OperationTable;
}

/** Host names under which a leading label names a bucket (aws-behaviour.md §5.1): `b.localhost:4566`. */
export const S3_BASE_DOMAINS: readonly string[] = ['localhost', 's3.localhost', 'localhost.localstack.cloud', 's3.localhost.localstack.cloud'];

function bindQuery(name: ServiceName, model: ServiceModel, operations: OperationTable): QueryServiceBinding {
  const protocol = model.metadata.protocol;
  return {
    protocol: protocol === 'ec2' ? 'ec2' : 'query',
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

/** S3's `x-amz-id-2` is an opaque token; ours is derived from the request id so the pair stays traceable. */
function hostIdOf(requestId: string): string {
  return Buffer.from(requestId.replaceAll('-', ''), 'hex').toString('base64');
}

function bindS3(operations: OperationTable, addressing: S3AddressingOptions): RestXmlServiceBinding {
  return {
    protocol: 'rest-xml',
    name: 's3',
    operations,
    addressing,
    route: (head) => routeS3Request(s3Model, head, addressing),
    parse: (route, request) => decodeS3Request(s3Model, route, request),
    serialise: (operation, output, options) =>
      serializeS3Response(s3Model, operation, output, { ...options, hostId: hostIdOf(options.requestId) }),
    serialiseError: (error, options) => serializeS3Error(error, { ...options, hostId: hostIdOf(options.requestId) }),
  };
}

export function serviceBindings(tables: ServiceTables, addressing: S3AddressingOptions = { baseDomains: S3_BASE_DOMAINS }): ReadonlyMap<ServiceName, ServiceBinding> {
  return new Map<ServiceName, ServiceBinding>([
    ['sts', bindQuery('sts', stsModel, tables.sts)],
    ['iam', bindQuery('iam', iamModel, tables.iam)],
    ['ec2', bindQuery('ec2', ec2Model, tables.ec2 ?? operationTable([]))],
    ['s3', bindS3(tables.s3 ?? operationTable([]), addressing)],
  ]);
}
