/**
 * STS's own errors with AWS's codes, statuses and texts (aws-behaviour.md §1.3, §1.7). Texts marked [U]
 * are not recorded from AWS; they follow Cedar's rules and say so. Do not "improve" the recorded ones:
 * tools match them exactly (note the two spaces and the trailing space in two MFA texts).
 */
import { AwsError } from '../../errors/aws-error.js';
import { queryErrors } from '../../errors/common.js';

export const STS_MESSAGES = {
  rootCannotAssume: 'Roles may not be assumed by root accounts.',
  durationOverRoleMax: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
  durationOverChainLimit: 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
  mfaBoth: 'MultiFactorAuthentication failed, must provide both MFA serial number and one time pass code.',
  mfaAssumeRoleInvalid: 'MultiFactorAuthentication failed with invalid MFA one time pass code. ',
  /** The three session-tag refusals, recorded from AWS (aws-behaviour.md §10.3). */
  duplicateTagKeys: 'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
  transitiveKeyNotInTags: 'The specified transitive tag key must be included in the requested tags.',
  transitiveKeyConflict:
    "One of the specified transitive tag keys can't be set because it conflicts with a transitive tag key from the calling session.",
  mfaSessionTokenInvalid:
    'MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.',
} as const;

const error = (code: string, status: number, message: string): AwsError => new AwsError({ code, status, message });

export const stsErrors = {
  accessDenied: (message: string): AwsError => queryErrors.accessDenied(message),
  validation: (message: string): AwsError => queryErrors.validation(message),
  malformedPolicy: (message: string): AwsError => error('MalformedPolicyDocument', 400, message),
  /** Observed for tags: `Packed size of session tags consumes 112% of allotted space.` */
  packedTagsTooLarge: (percent: number): AwsError =>
    error('PackedPolicyTooLarge', 400, `Packed size of session tags consumes ${percent}% of allotted space.`),
  /** `Packed policy consumes 103% of allotted space, please use smaller policy.` (aws-behaviour.md §10.3). */
  packedPolicyTooLarge: (percent: number): AwsError =>
    error('PackedPolicyTooLarge', 400, `Packed policy consumes ${percent}% of allotted space, please use smaller policy.`),
  /** 400 `InvalidParameterValue`, the code AWS uses for the session-tag refusals (aws-behaviour.md §10.3). */
  invalidTags: (message: string): AwsError => error('InvalidParameterValue', 400, message),
  /** 400 `InvalidIdentityToken`: a web identity token or SAML assertion STS will not accept (aws-federation.md §2.6, §3.8). */
  invalidIdentityToken: (message: string): AwsError => error('InvalidIdentityToken', 400, message),
  /** 400 `ExpiredTokenException` — with the suffix, unlike a signed call's 403 `ExpiredToken` (aws-federation.md §0.3). */
  expiredTokenException: (message: string): AwsError => error('ExpiredTokenException', 400, message),
  /** 400 `IDPCommunicationError`, which the SDKs retry (aws-federation.md §2.9). */
  idpCommunication: (message: string): AwsError => error('IDPCommunicationError', 400, message),
  invalidAuthorizationMessage: (): AwsError =>
    error('InvalidAuthorizationMessageException', 400, 'The encoded message is not valid or was not issued by this lab'),
};
