/**
 * Reads SigV4 query auth, i.e. presigned URLs (§5.4, §6.6). Order as for the header form: missing
 * parameters → date format → host signed → algorithm → credential → scope, then X-Amz-Expires: optional
 * for most services but required by S3, a whole number of seconds, at most one week.
 */
import { checkCredential } from './check-credential.js';
import {
  ALGORITHM,
  ALGORITHM_PARAM,
  AMZ_DATE_PARAM,
  CREDENTIAL_PARAM,
  EXPIRES_PARAM,
  HOST_HEADER,
  MAX_PRESIGNED_EXPIRES_SECONDS,
  CONTENT_SHA256_PARAM,
  S3_SERVICE,
  SECURITY_TOKEN_PARAM,
  SIGNATURE_PARAM,
  SIGNED_HEADERS_PARAM,
} from './constants.js';
import { parseAmzDate } from './parse-amz-date.js';
import { parseSignedHeaders } from './parse-signed-headers.js';
import { queryParam } from './query-param.js';
import { signatureProblem, type SignatureProblem } from './signature-problem.js';
import type { QueryParam, SignatureParse } from './types.js';

/** In the order AWS lists them in its IncompleteSignature message. */
const REQUIRED_PARAMS = [ALGORITHM_PARAM, CREDENTIAL_PARAM, SIGNATURE_PARAM, SIGNED_HEADERS_PARAM, AMZ_DATE_PARAM] as const;
const WHOLE_NUMBER = /^-?\d+$/;

export function parseQueryForm(params: readonly QueryParam[]): SignatureParse {
  const missing = REQUIRED_PARAMS.filter((name) => (queryParam(params, name) ?? '') === '');
  if (missing.length > 0) return fail(signatureProblem.incompleteSignature('query', missing));
  const read = (name: string): string => queryParam(params, name) ?? '';

  const amzDate = read(AMZ_DATE_PARAM);
  const signedAtMs = parseAmzDate(amzDate);
  if (signedAtMs === undefined) return fail(signatureProblem.badDate('query', amzDate));

  const signedHeaders = parseSignedHeaders(read(SIGNED_HEADERS_PARAM));
  if (!signedHeaders.includes(HOST_HEADER)) return fail(signatureProblem.hostNotSigned('query'));
  const algorithm = read(ALGORITHM_PARAM);
  if (algorithm !== ALGORITHM) return fail(signatureProblem.unsupportedAlgorithm('query', algorithm));

  const credential = checkCredential('query', read(CREDENTIAL_PARAM), amzDate);
  if (credential.kind === 'problem') return fail(credential.problem);
  const { accessKeyId, scope } = credential.credential;

  const expiresText = queryParam(params, EXPIRES_PARAM) ?? '';
  let expiresSeconds: number | undefined;
  if (expiresText === '') {
    if (scope.service === S3_SERVICE) return fail(signatureProblem.incompleteSignature('query', [EXPIRES_PARAM]));
  } else {
    if (!WHOLE_NUMBER.test(expiresText)) return fail(signatureProblem.badExpires(expiresText, 'not-a-number'));
    expiresSeconds = Number(expiresText);
    if (expiresSeconds < 0) return fail(signatureProblem.badExpires(expiresText, 'negative'));
    if (expiresSeconds > MAX_PRESIGNED_EXPIRES_SECONDS) return fail(signatureProblem.expiresTooLarge(expiresSeconds));
  }

  const sessionToken = queryParam(params, SECURITY_TOKEN_PARAM);
  const contentSha256 = queryParam(params, CONTENT_SHA256_PARAM);
  return {
    kind: 'sigv4',
    parsed: {
      form: 'query',
      accessKeyId,
      scope,
      amzDate,
      signedAtMs,
      signedHeaders,
      signature: read(SIGNATURE_PARAM),
      ...(sessionToken === undefined ? {} : { sessionToken }),
      ...(expiresSeconds === undefined ? {} : { expiresSeconds }),
      ...(contentSha256 === undefined ? {} : { contentSha256 }),
    },
  };
}

function fail(problem: SignatureProblem): SignatureParse {
  return { kind: 'problem', problem };
}
