/**
 * The errors the protocol layer itself raises, beyond the shared query-service factories in
 * `errors/common.ts`. Texts are AWS's where known (aws-behaviour.md §0.7, §3.4); [U] marks a guess.
 */
import { AwsError } from '../errors/aws-error.js';

export const protocolErrors = {
  /** Documented common error (AWS "Common Errors" pages); [U] the message wording. */
  missingAction: (): AwsError =>
    new AwsError({ code: 'MissingAction', status: 400, message: 'The request is missing an action or a required parameter.' }),
  /** A value that does not parse as its type; AWS answers query services with `MalformedInput` [O: aws-azure-login#30]. */
  malformedInput: (message: string): AwsError => new AwsError({ code: 'MalformedInput', status: 400, message }),
  ec2InvalidAction: (action: string): AwsError =>
    new AwsError({ code: 'InvalidAction', status: 400, message: `The action ${action} is not valid for this web service.` }),
  ec2MissingParameter: (name: string): AwsError =>
    new AwsError({ code: 'MissingParameter', status: 400, message: `The request must contain the parameter ${name}` }),
  ec2InvalidParameterValue: (message: string): AwsError => new AwsError({ code: 'InvalidParameterValue', status: 400, message }),
};
