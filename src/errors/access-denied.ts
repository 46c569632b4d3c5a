/**
 * Authorization failures per service (aws-behaviour.md §7.7): IAM and STS answer 403 `AccessDenied` with
 * "User: <arn> is not authorized to perform: <action> on resource: <arn>", EC2 answers 403
 * `UnauthorizedOperation`, S3 403 `AccessDenied` "Access Denied", CloudTrail 400 `AccessDeniedException` (§13.3).
 * An optional reason suffix (AWS's newer wording, e.g. " because no identity-based policy allows the
 * iam:GetRole action") is appended when given.
 */
import { assertNever } from '../lib/assert-never.js';
import { AwsError } from './aws-error.js';
import type { ServiceName } from './auth-errors.js';
import { jsonErrors } from './json-errors.js';

interface DenialDetails {
  readonly principalArn: string;
  readonly action: string;
  readonly resource: string;
  /** AWS's contextual suffix, starting with a space, or empty. */
  readonly suffix?: string;
  /** EC2's opaque encoded authorization message, when one was produced. */
  readonly encodedMessage?: string;
}

export function accessDeniedError(service: ServiceName, details: DenialDetails): AwsError {
  const sentence = `User: ${details.principalArn} is not authorized to perform: ${details.action} on resource: ${details.resource}${details.suffix ?? ''}`;
  switch (service) {
    case 'sts':
    case 'iam':
      return new AwsError({ code: 'AccessDenied', status: 403, message: sentence });
    case 'ec2': {
      const encoded = details.encodedMessage === undefined ? '' : ` Encoded authorization failure message: ${details.encodedMessage}`;
      return new AwsError({
        code: 'UnauthorizedOperation',
        status: 403,
        message: `You are not authorized to perform this operation. ${sentence}.${encoded}`,
      });
    }
    case 's3':
      return new AwsError({ code: 'AccessDenied', status: 403, message: 'Access Denied' });
    case 'cloudtrail':
      // No `on resource:` for an action on `*` [O: "User: arn:aws:iam::…:user/test is not authorized to perform:
      // cloudtrail:LookupEvents because no identity-based policy allows the cloudtrail:LookupEvents action"].
      return jsonErrors.accessDenied(`User: ${details.principalArn} is not authorized to perform: ${details.action}${details.suffix ?? ''}`);
    default:
      return assertNever(service, 'service');
  }
}
