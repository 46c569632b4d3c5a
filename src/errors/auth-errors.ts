/**
 * One authentication failure, five services, four wire families (aws-behaviour.md §1.9, §3.4, §5.5, §6.5, §13.2).
 * This table is the only place that knows the mapping.
 */
import { assertNever } from '../lib/assert-never.js';
import { amzDate, isoSeconds } from '../lib/encoding.js';
import { AwsError } from './aws-error.js';
import type { AuthFailure } from './auth-failure.js';
import { queryErrors, SIGNATURE_MISMATCH_MESSAGE } from './common.js';
import { jsonErrors } from './json-errors.js';

export type ServiceName = 'sts' | 'iam' | 'ec2' | 's3' | 'cloudtrail';

const EC2_AUTH_FAILURE = 'AWS was not able to validate the provided access credentials';

export function authError(service: ServiceName, failure: AuthFailure, toWall: (virtualMs: number) => number): AwsError {
  switch (service) {
    case 'sts':
    case 'iam':
      return queryAuthError(failure);
    case 'ec2':
      return ec2AuthError(failure);
    case 's3':
      return s3AuthError(failure, toWall);
    case 'cloudtrail':
      return jsonAuthError(failure);
    default:
      return assertNever(service, 'service');
  }
}

/** The JSON protocol's services (CloudTrail): the query family's failures under Coral's JSON codes (§13.2). */
function jsonAuthError(failure: AuthFailure): AwsError {
  switch (failure.kind) {
    case 'malformed-signature':
      return jsonErrors.signatureProblem(failure.problem.aws);
    case 'missing-authentication':
      return jsonErrors.missingAuthenticationToken();
    case 'unknown-key':
    case 'inactive-key':
    case 'invalid-token':
      return jsonErrors.unrecognizedClient();
    case 'signing-time':
      return jsonErrors.invalidSignature(failure.message);
    case 'presigned-expired':
      return jsonErrors.invalidSignature(`Signature expired: ${amzDate(failure.expiredAtMs)} is now earlier than ${amzDate(failure.virtualNowMs)}`);
    case 'signature-mismatch':
      return jsonErrors.invalidSignature();
    case 'expired-token':
      return jsonErrors.expiredToken();
    default:
      return assertNever(failure, 'auth failure');
  }
}

function queryAuthError(failure: AuthFailure): AwsError {
  switch (failure.kind) {
    case 'malformed-signature':
      return new AwsError(failure.problem.aws);
    case 'missing-authentication':
      return queryErrors.missingAuthenticationToken();
    case 'unknown-key':
    case 'inactive-key':
    case 'invalid-token':
      return queryErrors.invalidClientTokenId();
    case 'signing-time':
      return queryErrors.signatureDoesNotMatch(failure.message);
    case 'presigned-expired':
      // Query-auth requests to STS past X-Amz-Expires: AWS answers with the signature error family.
      return queryErrors.signatureDoesNotMatch(
        `Signature expired: ${amzDate(failure.expiredAtMs)} is now earlier than ${amzDate(failure.virtualNowMs)}`,
      );
    case 'signature-mismatch':
      return queryErrors.signatureDoesNotMatch();
    case 'expired-token':
      return queryErrors.expiredToken();
    default:
      return assertNever(failure, 'auth failure');
  }
}

function ec2AuthError(failure: AuthFailure): AwsError {
  switch (failure.kind) {
    case 'malformed-signature':
      return new AwsError(failure.problem.aws);
    case 'missing-authentication':
      return new AwsError({ code: 'MissingAuthenticationToken', status: 401, message: 'Request is missing Authentication Token' });
    case 'unknown-key':
    case 'inactive-key':
    case 'invalid-token':
      return new AwsError({ code: 'AuthFailure', status: 401, message: EC2_AUTH_FAILURE });
    case 'signing-time':
    case 'presigned-expired':
    case 'expired-token':
      // EC2 reports expired tokens and skewed signatures alike (§3.4).
      return new AwsError({ code: 'RequestExpired', status: 400, message: 'Request has expired.' });
    case 'signature-mismatch':
      return new AwsError({ code: 'SignatureDoesNotMatch', status: 403, message: SIGNATURE_MISMATCH_MESSAGE });
    default:
      return assertNever(failure, 'auth failure');
  }
}

function s3AuthError(failure: AuthFailure, toWall: (virtualMs: number) => number): AwsError {
  switch (failure.kind) {
    case 'malformed-signature':
      return new AwsError(failure.problem.s3);
    case 'missing-authentication':
      return new AwsError({ code: 'AccessDenied', status: 403, message: 'Access Denied' });
    case 'unknown-key':
    case 'inactive-key':
      return new AwsError({
        code: 'InvalidAccessKeyId',
        status: 403,
        message: 'The AWS Access Key Id you provided does not exist in our records.',
        extra: [['AWSAccessKeyId', failure.accessKeyId]],
      });
    case 'invalid-token':
      return new AwsError({
        code: 'InvalidToken',
        status: 400,
        message: 'The provided token is malformed or otherwise invalid.',
        extra: [['Token-0', failure.sessionToken ?? '']],
      });
    case 'signing-time':
      // §5.4: a presigned URL dated beyond the skew allowance is not yet valid.
      if (failure.presigned === true) return new AwsError({ code: 'AccessDenied', status: 403, message: 'Request is not yet valid' });
      return new AwsError({
        code: 'RequestTimeTooSkewed',
        status: 403,
        message: 'The difference between the request time and the current time is too large.',
        extra: [
          ['RequestTime', amzDate(failure.signedAtMs)],
          ['ServerTime', isoSeconds(failure.wallNowMs)],
          ['MaxAllowedSkewMilliseconds', '900000'],
        ],
      });
    case 'presigned-expired':
      return new AwsError({
        code: 'AccessDenied',
        status: 403,
        message: 'Request has expired',
        extra: [
          ['X-Amz-Expires', String(failure.expiresSeconds)],
          ['Expires', isoSeconds(toWall(failure.expiredAtMs))],
          ['ServerTime', isoSeconds(toWall(failure.virtualNowMs))],
        ],
      });
    case 'signature-mismatch':
      return new AwsError({
        code: 'SignatureDoesNotMatch',
        status: 403,
        message: 'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
        extra: [
          ['AWSAccessKeyId', failure.accessKeyId],
          ['StringToSign', failure.stringToSign],
          ['SignatureProvided', failure.signatureProvided],
          ['StringToSignBytes', hexBytes(failure.stringToSign)],
          ...(failure.canonicalRequest === undefined
            ? []
            : ([
                ['CanonicalRequest', failure.canonicalRequest],
                ['CanonicalRequestBytes', hexBytes(failure.canonicalRequest)],
              ] as const)),
        ],
      });
    case 'expired-token':
      return new AwsError({
        code: 'ExpiredToken',
        status: 400,
        message: 'The provided token has expired.',
        extra: [['Token-0', failure.sessionToken]],
      });
    default:
      return assertNever(failure, 'auth failure');
  }
}

/** S3 shows the bytes as space-separated two-digit hex. */
function hexBytes(text: string): string {
  return Array.from(Buffer.from(text, 'utf8'), (b) => b.toString(16).padStart(2, '0')).join(' ');
}
