/**
 * Reads SigV4 header auth (§6.1). Checks run in the order AWS reports them (as recorded in mhart/dynalite):
 * key=value syntax → missing components or date → date format → host signed → algorithm → credential
 * shape → scope terminator and date. S3 additionally needs `x-amz-content-sha256` (§5.3).
 */
import { amzDate as formatAmzDate } from '../../lib/encoding.js';
import { checkCredential } from './check-credential.js';
import {
  ALGORITHM,
  AMZ_DATE_HEADER,
  CONTENT_SHA256_HEADER,
  CREDENTIAL_COMPONENT,
  DATE_HEADER,
  HOST_HEADER,
  S3_SERVICE,
  SECURITY_TOKEN_HEADER,
  SIGNATURE_COMPONENT,
  SIGNED_HEADERS_COMPONENT,
  SIGV2_AUTHORIZATION_PREFIX,
} from './constants.js';
import { headerValues } from '../../lib/headers.js';
import { parseAmzDate } from './parse-amz-date.js';
import { parseAuthorizationHeader } from './parse-authorization-header.js';
import { parseHttpDate } from './parse-http-date.js';
import { parseSignedHeaders } from './parse-signed-headers.js';
import { signatureProblem, type SignatureProblem } from './signature-problem.js';
import type { SignableRequest, SignatureParse } from './types.js';

const REQUIRED_COMPONENTS = [CREDENTIAL_COMPONENT, SIGNATURE_COMPONENT, SIGNED_HEADERS_COMPONENT] as const;

export function parseHeaderForm(req: SignableRequest, authorization: string): SignatureParse {
  if (authorization.startsWith(SIGV2_AUTHORIZATION_PREFIX)) return fail(signatureProblem.signatureV2('header', authorization));
  const header = parseAuthorizationHeader(authorization);
  if (header.kind === 'missing-equals') return fail(signatureProblem.malformedAuthorization(header.component, authorization));

  const amzDateHeader = headerValues(req.headers, AMZ_DATE_HEADER)[0];
  const dateHeader = amzDateHeader === undefined ? headerValues(req.headers, DATE_HEADER)[0] : undefined;
  const missing: string[] = REQUIRED_COMPONENTS.filter((name) => (header.components.get(name) ?? '') === '');
  if (amzDateHeader === undefined && dateHeader === undefined) missing.push('Date');
  if (missing.length > 0) return fail(signatureProblem.incompleteSignature('header', missing, authorization));

  const signedAtMs = amzDateHeader !== undefined ? parseAmzDate(amzDateHeader) : parseHttpDate(dateHeader ?? '');
  if (signedAtMs === undefined) return fail(signatureProblem.badDate('header', amzDateHeader ?? dateHeader ?? ''));
  // With only a Date header the string to sign still carries the basic format (§6.3).
  const amzDate = amzDateHeader ?? formatAmzDate(signedAtMs);

  const signedHeaders = parseSignedHeaders(header.components.get(SIGNED_HEADERS_COMPONENT) ?? '');
  if (!signedHeaders.includes(HOST_HEADER)) return fail(signatureProblem.hostNotSigned('header'));
  if (header.algorithm !== ALGORITHM) return fail(signatureProblem.unsupportedAlgorithm('header', header.algorithm));

  const credential = checkCredential('header', header.components.get(CREDENTIAL_COMPONENT) ?? '', amzDate);
  if (credential.kind === 'problem') return fail(credential.problem);
  const { accessKeyId, scope } = credential.credential;
  if (scope.service === S3_SERVICE && headerValues(req.headers, CONTENT_SHA256_HEADER).length === 0) {
    return fail(signatureProblem.missingContentSha256());
  }

  const sessionToken = headerValues(req.headers, SECURITY_TOKEN_HEADER)[0];
  return {
    kind: 'sigv4',
    parsed: {
      form: 'header',
      accessKeyId,
      scope,
      amzDate,
      signedAtMs,
      signedHeaders,
      signature: header.components.get(SIGNATURE_COMPONENT) ?? '',
      ...(sessionToken === undefined ? {} : { sessionToken }),
    },
  };
}

function fail(problem: SignatureProblem): SignatureParse {
  return { kind: 'problem', problem };
}
