/**
 * What the client sees when a request fails for a reason of the lab's, not the client's: the store being
 * unavailable (PostgreSQL down, a full disk: the service's 503, try again) or a bug (the service's 500).
 * Each service spells these its own way on AWS; the texts live in the services' error factories.
 */
import type { ServiceName } from '../errors/auth-errors.js';
import type { AwsError } from '../errors/aws-error.js';
import { queryErrors } from '../errors/common.js';
import { jsonErrors } from '../errors/json-errors.js';
import { ec2Errors } from '../services/ec2/ec2-errors.js';
import { s3Errors } from '../services/s3/s3-errors.js';
import { isStoreUnavailable } from '../store/store-unavailable.js';
import type { Logger } from './gateway-deps.js';

const FAILURES: Record<ServiceName, { readonly unavailable: () => AwsError; readonly internal: () => AwsError }> = {
  sts: { unavailable: queryErrors.serviceUnavailable, internal: queryErrors.internalFailure },
  iam: { unavailable: queryErrors.serviceUnavailable, internal: queryErrors.internalFailure },
  ec2: { unavailable: ec2Errors.serviceUnavailable, internal: ec2Errors.internalError },
  s3: { unavailable: s3Errors.serviceUnavailable, internal: s3Errors.internalError },
  cloudtrail: { unavailable: jsonErrors.serviceUnavailable, internal: jsonErrors.internalFailure },
};

/** The answer for an unexpected failure: 503 while the store is unavailable, 500 for anything else. */
export function failureError(service: ServiceName | undefined, error: unknown): AwsError {
  const failures = FAILURES[service ?? 'sts'];
  return isStoreUnavailable(error) ? failures.unavailable() : failures.internal();
}

/**
 * Logs an unexpected failure of `what` and returns the client's answer: an outage in one line (it is
 * expected, and says what the store reported), a bug with its stack.
 */
export function failedUnexpectedly(logger: Logger, what: string, service: ServiceName | undefined, error: unknown): AwsError {
  if (isStoreUnavailable(error)) logger.error(`${what}: ${error.message}`);
  else logger.error(`${what} failed`, error);
  return failureError(service, error);
}
