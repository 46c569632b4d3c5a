/**
 * The simulator's client errors. Two texts are AWS's own as observed: `Invalid Entity Arn: <arn>` for a
 * PolicySourceArn that is not an IAM user, group or role (newrelic/newrelic-lambda-cli#96, an assumed-role
 * ARN) and `'<v>' is not a valid as a Resource Owner.` (boto/botocore#1346). AWS's wording for the other
 * InvalidInput cases is not published; those follow the project's rules (lowercase, no final period, user
 * input in backticks).
 */
import type { AwsError } from '../../../errors/aws-error.js';
import { iamErrors } from '../iam-errors.js';

export const simulateErrors = {
  invalidEntityArn: (arn: string): AwsError => iamErrors.invalidInput(`Invalid Entity Arn: ${arn}`),
  invalidResourceOwner: (value: string): AwsError => iamErrors.invalidInput(`'${value}' is not a valid as a Resource Owner.`),
  invalidCallerArn: (value: string): AwsError =>
    iamErrors.invalidInput(`caller \`${value}\` is not the ARN of an IAM user: only users can be simulated callers`),
  callerRequired: (): AwsError =>
    iamErrors.invalidInput('a resource policy needs a caller: give `CallerArn` unless the policy source is an IAM user'),
  wildcardAction: (action: string): AwsError =>
    iamErrors.invalidInput(`action \`${action}\` has a wildcard: the simulator evaluates single actions only`),
  oneBoundary: (): AwsError => iamErrors.invalidInput('only one permissions boundary policy can be simulated at a time'),
  contextKeyName: (): AwsError => iamErrors.invalidInput('a context entry has no `ContextKeyName`'),
  contextKeyValues: (name: string, type: string): AwsError =>
    iamErrors.invalidInput(`context key \`${name}\` of type \`${type}\` takes one value: use a list type for several`),
  resourceHandlingOption: (value: string): AwsError => iamErrors.invalidInput(`unknown resource handling option \`${value}\``),
};
