/**
 * Reads SigV2 credentials from an S3 request (§5.4): query form `?AWSAccessKeyId=…&Signature=…&Expires=<epoch
 * seconds>[&x-amz-security-token=…]`, or header form `Authorization: AWS <AKID>:<base64 signature>`.
 */
import { parseQuery, queryParam } from '../sigv4/index.js';
import { headerValues } from '../../lib/headers.js';
import { splitTarget } from '../../lib/split-target.js';
import type { SignableRequest } from '../sigv4/index.js';

export type ParsedSigV2 =
  | {
      readonly kind: 'sigv2';
      readonly form: 'query' | 'header';
      readonly accessKeyId: string;
      readonly signature: string;
      /** Query form: the Expires parameter, epoch seconds. */
      readonly expiresEpochSeconds?: number;
      readonly sessionToken?: string;
    }
  | { readonly kind: 'not-sigv2' }
  | { readonly kind: 'problem'; readonly message: string };

const HEADER_FORM = /^AWS ([^:\s]+):(\S+)$/;

export function parseSigV2(req: SignableRequest): ParsedSigV2 {
  const authorization = headerValues(req.headers, 'authorization')[0];
  const params = parseQuery(splitTarget(req.rawTarget).query);
  const token = headerValues(req.headers, 'x-amz-security-token')[0] ?? queryParam(params, 'x-amz-security-token');
  if (authorization !== undefined) {
    const m = HEADER_FORM.exec(authorization.trim());
    if (m === null)
      return authorization.startsWith('AWS ') ? { kind: 'problem', message: 'malformed SigV2 authorization header' } : { kind: 'not-sigv2' };
    return withToken({ kind: 'sigv2', form: 'header', accessKeyId: m[1] as string, signature: m[2] as string }, token);
  }
  const accessKeyId = queryParam(params, 'AWSAccessKeyId');
  const signature = queryParam(params, 'Signature');
  if (accessKeyId === undefined || signature === undefined) return { kind: 'not-sigv2' };
  const expires = queryParam(params, 'Expires');
  if (expires === undefined || !/^\d{1,12}$/.test(expires)) {
    // S3: "Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters". [O]
    return { kind: 'problem', message: 'Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters' };
  }
  return withToken({ kind: 'sigv2', form: 'query', accessKeyId, signature, expiresEpochSeconds: Number(expires) }, token);
}

function withToken<T extends object>(parsed: T, token: string | undefined): T & { readonly sessionToken?: string } {
  return token === undefined ? parsed : { ...parsed, sessionToken: token };
}
