/**
 * The errors AWS's JSON-protocol ("Coral") services share, and the renaming of the query family's
 * authentication errors into theirs (aws-behaviour.md §13.2). They answer 400 where STS and IAM answer 403,
 * and the codes end in `Exception` [O: dynalite's recorded DynamoDB answers, mhart/dynalite `index.js`]:
 *   {"__type":"com.amazon.coral.service#UnrecognizedClientException","message":"The security token included in the request is invalid."}
 * The codes are written without the `com.amazon.coral.service#` namespace, which every SDK strips.
 */
import { AwsError } from './aws-error.js';
import type { ProblemText } from './auth-failure.js';
import { SIGNATURE_MISMATCH_MESSAGE } from './common.js';

/** The query family's code of a SigV4 problem → the JSON family's. */
const RENAMED: Readonly<Record<string, string>> = {
  IncompleteSignature: 'IncompleteSignatureException',
  SignatureDoesNotMatch: 'InvalidSignatureException',
  MissingAuthenticationToken: 'MissingAuthenticationTokenException',
  InvalidClientTokenId: 'UnrecognizedClientException',
};

const json = (code: string, status: number, message: string): AwsError => new AwsError({ code, status, message });

export const jsonErrors = {
  /** A SigV4 problem, worded as for every Coral service, coded as the JSON family codes it. */
  signatureProblem: (problem: ProblemText): AwsError => json(RENAMED[problem.code] ?? problem.code, 400, problem.message),
  missingAuthenticationToken: (): AwsError => json('MissingAuthenticationTokenException', 400, 'Request is missing Authentication Token'),
  unrecognizedClient: (): AwsError => json('UnrecognizedClientException', 400, 'The security token included in the request is invalid.'),
  invalidSignature: (message: string = SIGNATURE_MISMATCH_MESSAGE): AwsError => json('InvalidSignatureException', 400, message),
  expiredToken: (): AwsError => json('ExpiredTokenException', 400, 'The security token included in the request is expired'),
  /** An `X-Amz-Target` naming no operation of the service: AWS sends no message at all. */
  unknownOperation: (): AwsError => json('UnknownOperationException', 400, ''),
  /**
   * A body that is not JSON, or a member of the wrong type. AWS sends no message for the first; for the
   * second the wording is iamlab's (Coral's own was not found).
   */
  serialization: (message = ''): AwsError => json('SerializationException', 400, message),
  /** AWS's JSON services answer a denial with 400 `AccessDeniedException` (aws-behaviour.md §13.3). */
  accessDenied: (message: string): AwsError => json('AccessDeniedException', 400, message),
  internalFailure: (): AwsError =>
    json('InternalFailure', 500, 'The request processing has failed because of an unknown error, exception or failure.'),
  serviceUnavailable: (): AwsError => json('ServiceUnavailable', 503, 'Service is unavailable. Try again later.'),
};
