/**
 * Why a request's SigV4 fields could not be read, as data (conventions.md habit 5: validation results are
 * returned values). Each problem carries the error AWS sends for it twice, because the wording differs by
 * service family:
 * - `aws`: the Coral-style text STS, IAM and most JSON/query services use (aws-behaviour.md §1.9);
 * - `s3`: S3's own code and text (§5.5).
 * The protocol layer picks one and turns it into an `AwsError`; this module never builds errors itself.
 *
 * Sources for the texts, all observed in real responses unless marked:
 * - Coral texts: aws/chalice#828 and aws/aws-sdk-ruby#317 ("Authorization header requires ..."),
 *   iann0036/cloud9-sync#10 and awslabs/fhir-works-on-aws-deployment#379 ("not a valid key=value pair"),
 *   mhart/aws4#97 ("Credential must have exactly 5 slash-delimited elements"), and the real DynamoDB
 *   responses recorded in comments of mhart/dynalite's index.js (query-string IncompleteSignature, date
 *   format, 'Host' must be signed, unsupported algorithm, the credential-scope sentences, "Found both").
 * - S3 texts: kaliber-scala/play-s3#73 and volojs/volo#218 (query parameters), robmcvey/cakephp-amazon-s3#15
 *   (three components), anomalizer/ngx_aws_auth#30 (Credential mal-formed); the remaining S3 texts are the
 *   ones S3-compatible servers (MinIO's api-errors.go and others) reproduce from S3 [U: not seen first-hand].
 */
import { ALGORITHM, AMZ_DATE_PARAM, CONTENT_SHA256_HEADER, MAX_PRESIGNED_EXPIRES_SECONDS, SCOPE_TERMINATOR } from './constants.js';

interface ProblemText {
  readonly code: string;
  readonly status: number;
  readonly message: string;
}

interface Rendered {
  readonly aws: ProblemText;
  readonly s3: ProblemText;
}

export type AuthForm = 'header' | 'query';

export type SignatureProblem = Rendered &
  (
    | { readonly kind: 'both-auth-forms' }
    | { readonly kind: 'signature-v2'; readonly form: AuthForm }
    | { readonly kind: 'incomplete-signature'; readonly form: AuthForm; readonly missing: readonly string[] }
    | { readonly kind: 'malformed-authorization'; readonly component: string }
    | { readonly kind: 'unsupported-algorithm'; readonly form: AuthForm; readonly algorithm: string }
    | { readonly kind: 'bad-date'; readonly form: AuthForm; readonly value: string }
    | { readonly kind: 'host-not-signed'; readonly form: AuthForm }
    | { readonly kind: 'malformed-credential'; readonly form: AuthForm; readonly value: string }
    | {
        readonly kind: 'scope-mismatch';
        readonly form: AuthForm;
        /** The terminator sent when it is not `aws4_request`. */
        readonly badTerminator: string | undefined;
        /** The scope's date when it differs from the date part of X-Amz-Date. */
        readonly badScopeDate: string | undefined;
        readonly amzDate: string;
      }
    | { readonly kind: 'bad-expires'; readonly value: string; readonly reason: 'not-a-number' | 'negative' }
    | { readonly kind: 'expires-too-large'; readonly expiresSeconds: number }
    | { readonly kind: 'missing-content-sha256' }
  );

const INCOMPLETE = 'IncompleteSignature';
const MISMATCH = 'SignatureDoesNotMatch';
const S3_HEADER_MALFORMED = 'AuthorizationHeaderMalformed';
const S3_QUERY_ERROR = 'AuthorizationQueryParametersError';
const S3_MISMATCH_MESSAGE = 'The request signature we calculated does not match the signature you provided. Check your key and signing method.';
const S3_THREE_COMPONENTS =
  'The authorization header is malformed; the authorization header requires three components: Credential, SignedHeaders, and Signature.';
const S3_QUERY_REQUIRED =
  'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.';
const S3_NEEDS_DATE = 'AWS authentication requires a valid Date or x-amz-date header';
const S3_CREDENTIAL_SHAPE = 'the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".';
const S3_UNSUPPORTED_MECHANISM = 'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.';

const aws = (code: string, status: number, message: string): ProblemText => ({ code, status, message });
const s3 = aws;

/** S3 prefixes header-form complaints and query-form complaints differently. */
function s3Malformed(form: AuthForm, detail: string): ProblemText {
  return form === 'header'
    ? s3(S3_HEADER_MALFORMED, 400, `The authorization header is malformed; ${detail}`)
    : s3(S3_QUERY_ERROR, 400, `Error parsing the X-Amz-Credential parameter; ${detail}`);
}

export const signatureProblem = {
  /** Authorization header and X-Amz-* query parameters together. */
  bothAuthForms: (): SignatureProblem => ({
    kind: 'both-auth-forms',
    aws: aws(MISMATCH, 400, "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header."),
    s3: s3(
      'InvalidArgument',
      400,
      'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified',
    ),
  }),

  /**
   * `Authorization: AWS AKID:sig` or `?AWSAccessKeyId=…&Signature=…`. S3 may verify these itself (§5.4);
   * other services answer as they would for any header without SigV4 components.
   */
  signatureV2: (form: AuthForm, authorization: string): SignatureProblem => ({
    kind: 'signature-v2',
    form,
    aws:
      form === 'header'
        ? aws(INCOMPLETE, 400, headerIncompleteMessage(['Credential', 'Signature', 'SignedHeaders'], authorization))
        : aws('MissingAuthenticationToken', 403, 'Request is missing Authentication Token'),
    s3: s3('InvalidRequest', 400, S3_UNSUPPORTED_MECHANISM),
  }),

  /**
   * Header form: `missing` holds `Credential`, `Signature`, `SignedHeaders` and/or `Date` (no X-Amz-Date and
   * no Date header). Query form: the X-Amz-* parameter names that are absent or empty.
   */
  incompleteSignature: (form: AuthForm, missing: readonly string[], authorization = ''): SignatureProblem => ({
    kind: 'incomplete-signature',
    form,
    missing,
    aws:
      form === 'header'
        ? aws(INCOMPLETE, 400, headerIncompleteMessage(missing, authorization))
        : aws(
            INCOMPLETE,
            400,
            `${missing.map((name) => `AWS query-string parameters must include '${name}'. `).join('')}Re-examine the query-string parameters.`,
          ),
    s3:
      form === 'query'
        ? s3(S3_QUERY_ERROR, 400, S3_QUERY_REQUIRED)
        : missing.length === 1 && missing[0] === 'Date'
          ? s3('AccessDenied', 403, S3_NEEDS_DATE)
          : s3(S3_HEADER_MALFORMED, 400, S3_THREE_COMPONENTS),
  }),

  /** A comma/space separated piece of the Authorization header without `=`. */
  malformedAuthorization: (component: string, authorization: string): SignatureProblem => ({
    kind: 'malformed-authorization',
    component,
    aws: aws(INCOMPLETE, 400, `'${component}' not a valid key=value pair (missing equal-sign) in Authorization header: '${authorization}'.`),
    s3: s3(S3_HEADER_MALFORMED, 400, S3_THREE_COMPONENTS),
  }),

  unsupportedAlgorithm: (form: AuthForm, algorithm: string): SignatureProblem => ({
    kind: 'unsupported-algorithm',
    form,
    algorithm,
    // The trailing space is AWS's (mhart/dynalite records the raw JSON).
    aws: aws(INCOMPLETE, 400, `Unsupported AWS 'algorithm': '${algorithm}' (only ${ALGORITHM} for now). `),
    s3:
      form === 'header'
        ? s3('InvalidRequest', 400, S3_UNSUPPORTED_MECHANISM)
        : s3(S3_QUERY_ERROR, 400, `X-Amz-Algorithm only supports "${ALGORITHM}"`),
  }),

  /** X-Amz-Date (or, without it, Date) that is not `yyyyMMddTHHmmssZ` (or RFC 1123). */
  badDate: (form: AuthForm, value: string): SignatureProblem => ({
    kind: 'bad-date',
    form,
    value,
    aws: aws(INCOMPLETE, 400, `Date must be in ISO-8601 'basic format'. Got '${value}'. See http://en.wikipedia.org/wiki/ISO_8601`),
    s3:
      form === 'header'
        ? s3('AccessDenied', 403, S3_NEEDS_DATE)
        : s3(S3_QUERY_ERROR, 400, `${AMZ_DATE_PARAM} must be in the ISO8601 Long Format "yyyyMMdd'T'HHmmss'Z'"`),
  }),

  /** `host` is always signed (§6.2). S3's answer here is not documented; a signature mismatch is the safe one. */
  hostNotSigned: (form: AuthForm): SignatureProblem => ({
    kind: 'host-not-signed',
    form,
    aws: aws(MISMATCH, 403, "'Host' must be a 'SignedHeader' in the AWS Authorization."),
    s3: s3(MISMATCH, 403, S3_MISMATCH_MESSAGE),
  }),

  /** The credential does not have the five `/`-separated elements. */
  malformedCredential: (form: AuthForm, value: string): SignatureProblem => ({
    kind: 'malformed-credential',
    form,
    value,
    aws: aws(INCOMPLETE, 400, `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${value}'`),
    s3: s3Malformed(form, S3_CREDENTIAL_SHAPE),
  }),

  /**
   * Wrong terminator and/or a scope date that is not the date of X-Amz-Date (§6.3). AWS lists every broken
   * part in one message; each sentence keeps its own punctuation, so concatenating them reproduces AWS's
   * text exactly ("… not 'e'. Date in Credential scope …").
   */
  scopeMismatch: (form: AuthForm, badTerminator: string | undefined, badScopeDate: string | undefined, amzDate: string): SignatureProblem => {
    const sentences: string[] = [];
    if (badTerminator !== undefined) {
      sentences.push(`Credential should be scoped with a valid terminator: '${SCOPE_TERMINATOR}', not '${badTerminator}'. `);
    }
    if (badScopeDate !== undefined) {
      sentences.push(
        `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${badScopeDate}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`,
      );
    }
    return {
      kind: 'scope-mismatch',
      form,
      badTerminator,
      badScopeDate,
      amzDate,
      aws: aws(MISMATCH, 403, sentences.join('')),
      s3:
        badTerminator !== undefined
          ? s3Malformed(form, `incorrect terminal "${badTerminator}". This endpoint uses "${SCOPE_TERMINATOR}".`)
          : form === 'header'
            ? s3(S3_HEADER_MALFORMED, 400, 'The authorization header is malformed; Invalid credential date. Date is not the same as X-Amz-Date.')
            : s3(S3_QUERY_ERROR, 400, 'Invalid credential date. Date is not the same as X-Amz-Date.'),
    };
  },

  /** X-Amz-Expires that is not a whole number, or is negative. Only S3's wording is known [U for `aws`]. */
  badExpires: (value: string, reason: 'not-a-number' | 'negative'): SignatureProblem => {
    const message = reason === 'negative' ? 'X-Amz-Expires must be non-negative' : 'X-Amz-Expires should be a number';
    return { kind: 'bad-expires', value, reason, aws: aws(INCOMPLETE, 400, message), s3: s3(S3_QUERY_ERROR, 400, message) };
  },

  /** X-Amz-Expires above one week (§5.4). */
  expiresTooLarge: (expiresSeconds: number): SignatureProblem => {
    const message = `X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than ${MAX_PRESIGNED_EXPIRES_SECONDS} seconds`;
    return { kind: 'expires-too-large', expiresSeconds, aws: aws(INCOMPLETE, 400, message), s3: s3(S3_QUERY_ERROR, 400, message) };
  },

  /** S3 header auth without `x-amz-content-sha256` (§5.3). */
  missingContentSha256: (): SignatureProblem => {
    const message = `Missing required header for this request: ${CONTENT_SHA256_HEADER}`;
    return { kind: 'missing-content-sha256', aws: aws('InvalidRequest', 400, message), s3: s3('InvalidRequest', 400, message) };
  },
};

/** "Authorization header requires 'Credential' parameter. … Authorization=<header as sent>" (aws/chalice#828). */
function headerIncompleteMessage(missing: readonly string[], authorization: string): string {
  let message = '';
  for (const name of missing) {
    message +=
      name === 'Date'
        ? "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
        : `Authorization header requires '${name}' parameter. `;
  }
  return `${message}Authorization=${authorization}`;
}
