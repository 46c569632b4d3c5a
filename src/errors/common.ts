/**
 * Errors shared by the query-protocol services (STS and IAM) and messages the SigV4 layer produces.
 * Texts are AWS's own (aws-behaviour.md §1.9, §0.7); do not "improve" them.
 */
import { AwsError } from './aws-error.js';

export const SIGNATURE_MISMATCH_MESSAGE =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

export const queryErrors = {
  invalidClientTokenId: (): AwsError =>
    new AwsError({
      code: 'InvalidClientTokenId',
      status: 403,
      message: 'The security token included in the request is invalid.',
    }),
  expiredToken: (): AwsError => new AwsError({ code: 'ExpiredToken', status: 403, message: 'The security token included in the request is expired' }),
  signatureDoesNotMatch: (message: string = SIGNATURE_MISMATCH_MESSAGE): AwsError =>
    new AwsError({ code: 'SignatureDoesNotMatch', status: 403, message }),
  incompleteSignature: (message: string): AwsError => new AwsError({ code: 'IncompleteSignature', status: 400, message }),
  missingAuthenticationToken: (): AwsError =>
    new AwsError({ code: 'MissingAuthenticationToken', status: 403, message: 'Request is missing Authentication Token' }),
  invalidAction: (action: string, version: string): AwsError =>
    new AwsError({ code: 'InvalidAction', status: 400, message: `Could not find operation ${action} for version ${version}` }),
  accessDenied: (message: string): AwsError => new AwsError({ code: 'AccessDenied', status: 403, message }),
  validation: (message: string): AwsError => new AwsError({ code: 'ValidationError', status: 400, message }),
  missingParameter: (message: string): AwsError => new AwsError({ code: 'MissingParameter', status: 400, message }),
  malformedQueryString: (message: string): AwsError => new AwsError({ code: 'MalformedQueryString', status: 400, message }),
  requestEntityTooLarge: (): AwsError => new AwsError({ code: 'RequestEntityTooLarge', status: 413, message: 'Request body is too large' }),
  internalFailure: (): AwsError =>
    new AwsError({
      code: 'InternalFailure',
      status: 500,
      message: 'The request processing has failed because of an unknown error, exception or failure.',
    }),
  serviceUnavailable: (): AwsError => new AwsError({ code: 'ServiceUnavailable', status: 503, message: 'Service is unavailable. Try again later.' }),
};

/** The gateway's own answers, for requests no emulated operation takes (iamlab's wording: AWS has no such case). */
export const gatewayErrors = {
  /** The request names no service iamlab serves, or nothing says which service it is for. */
  unrecognizedService: (serviceName: string | undefined): AwsError =>
    new AwsError({
      code: 'UnrecognizedService',
      status: 400,
      message:
        serviceName === undefined
          ? 'could not tell which service this request is for: sign it with SigV4 or pass a known `Version`'
          : `iamlab does not emulate the service \`${serviceName}\``,
    }),
  /** The model knows the operation but iamlab does not implement it (yet). */
  notImplemented: (operation: string, service: string): AwsError =>
    new AwsError({ code: 'NotImplemented', status: 501, message: `iamlab does not implement \`${operation}\` of ${service.toUpperCase()} yet` }),
};
