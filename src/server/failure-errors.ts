/**
 * What the client sees when a request fails for a reason of the lab's, not the client's: the store being
 * unavailable (PostgreSQL down, a full disk: the service's 503, try again) or a bug (the service's 500).
 * Each service spells these its own way on AWS.
 */
import type { ServiceName } from '../errors/auth-errors.js';
import { AwsError } from '../errors/aws-error.js';
import { queryErrors } from '../errors/common.js';
import { isStoreUnavailable } from '../store/store-unavailable.js';

function serviceUnavailable(service: ServiceName | undefined): AwsError {
  switch (service) {
    case 's3':
      // The text S3 sends with its 503s ([O]: botocore retry reports quote "Please reduce your request rate.").
      return new AwsError({ code: 'ServiceUnavailable', status: 503, message: 'Please reduce your request rate.' });
    case 'ec2':
      // EC2 API reference, common errors: ServiceUnavailable.
      return new AwsError({ code: 'ServiceUnavailable', status: 503, message: 'The request has failed due to a temporary failure of the server.' });
    default:
      return queryErrors.serviceUnavailable();
  }
}

function internalFailure(service: ServiceName | undefined): AwsError {
  switch (service) {
    case 's3':
      // S3 error responses: InternalError, 500.
      return new AwsError({ code: 'InternalError', status: 500, message: 'We encountered an internal error. Please try again.' });
    case 'ec2':
      // EC2 API reference, common errors: InternalError, 500.
      return new AwsError({ code: 'InternalError', status: 500, message: 'An internal error has occurred' });
    default:
      return queryErrors.internalFailure();
  }
}

/** The answer for an unexpected failure: 503 while the store is unavailable, 500 for anything else. */
export function failureError(service: ServiceName | undefined, error: unknown): AwsError {
  return isStoreUnavailable(error) ? serviceUnavailable(service) : internalFailure(service);
}
