/**
 * The services iamlab serves, each joined to its operation table and the strategy of its wire protocol.
 * Adding a service is one entry here plus its operation table; adding a protocol is one strategy in
 * protocols/.
 */
import type { ServiceName } from '../errors/auth-errors.js';
import type { S3AddressingOptions, ServiceModel } from '../protocol/index.js';
import { cloudtrailModel, ec2Model, iamModel, s3Model, stsModel } from '../protocol/index.js';
import type { OperationTable } from '../services/operation.js';
import { operationTable } from '../services/operation.js';
import { jsonProtocol } from './protocols/json.js';
import { queryProtocol } from './protocols/query.js';
import { restXmlProtocol } from './protocols/rest-xml.js';
import type { ServiceBinding } from './request-state.js';

/** The operation tables the app built (STS and the IAM table with MFA merged need their dependencies). */
interface ServiceTables {
  readonly sts: OperationTable;
  readonly iam: OperationTable;
  readonly ec2?: OperationTable;
  readonly s3?: OperationTable;
  readonly cloudtrail?: OperationTable;
}

/** Host names under which a leading label names a bucket (aws-behaviour.md §5.1): `b.localhost:4566`. */
const S3_BASE_DOMAINS: readonly string[] = ['localhost', 's3.localhost', 'localhost.localstack.cloud', 's3.localhost.localstack.cloud'];

function bindQuery(name: ServiceName, model: ServiceModel, operations: OperationTable): ServiceBinding {
  return { name, apiVersion: model.metadata.apiVersion, operations, protocol: queryProtocol(name, model), model };
}

export function serviceBindings(
  tables: ServiceTables,
  addressing: S3AddressingOptions = { baseDomains: S3_BASE_DOMAINS },
): ReadonlyMap<ServiceName, ServiceBinding> {
  return new Map<ServiceName, ServiceBinding>([
    ['sts', bindQuery('sts', stsModel, tables.sts)],
    ['iam', bindQuery('iam', iamModel, tables.iam)],
    ['ec2', bindQuery('ec2', ec2Model, tables.ec2 ?? operationTable([]))],
    ['s3', { name: 's3', operations: tables.s3 ?? operationTable([]), protocol: restXmlProtocol(addressing), model: s3Model }],
    [
      'cloudtrail',
      {
        name: 'cloudtrail',
        operations: tables.cloudtrail ?? operationTable([]),
        protocol: jsonProtocol('cloudtrail', cloudtrailModel),
        model: cloudtrailModel,
      },
    ],
  ]);
}
