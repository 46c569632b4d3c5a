/**
 * IAM's checks of ARN-valued parameters, made before any policy is evaluated (aws-behaviour.md §10.2):
 * - `PolicyArn` that does not parse as an ARN: 400 `ValidationError` `ARN <value> is not valid.` (recorded
 *   from AWS for AttachRolePolicy and AttachUserPolicy in February 2026; a year earlier AWS answered
 *   `Invalid ARN:  Could not be parsed!`, aws-behaviour.md §10.8);
 * - `PermissionsBoundary` that is not a policy ARN: 400 `InvalidInput` `ARN <value> is not valid.`
 *   (recorded for CreateRole and PutRolePermissionsBoundary).
 * A well-formed ARN naming nothing is left to the handler (NoSuchEntity).
 */
import { parseArn } from '../../arn/arn.js';
import type { AwsError } from '../../errors/aws-error.js';
import { iamErrors } from './iam-errors.js';

/** `arn:<partition>:<service>:<region>:<account>:<resource>` with partition, service and resource present. */
function isParsableArn(value: string): boolean {
  const arn = parseArn(value);
  return arn !== undefined && arn.resource !== '';
}

function isPolicyArn(value: string): boolean {
  const arn = parseArn(value);
  return arn !== undefined && arn.service === 'iam' && arn.resource.startsWith('policy/');
}

/** The first problem with the ARN parameters an IAM request carries, if any. */
export function checkIamArnParameters(input: Readonly<Record<string, unknown>>): AwsError | undefined {
  const policyArn = input['PolicyArn'];
  if (typeof policyArn === 'string' && !isParsableArn(policyArn)) return iamErrors.validation(`ARN ${policyArn} is not valid.`);
  const boundary = input['PermissionsBoundary'];
  if (typeof boundary === 'string' && !isPolicyArn(boundary)) return iamErrors.invalidInput(`ARN ${boundary} is not valid.`);
  return undefined;
}
