/**
 * Recomputes a SigV2 signature (§5.4) and compares it in constant time. Query form: the Expires value takes
 * the Date line, and `x-amz-*`, Content-MD5 and Content-Type may arrive as query parameters (botocore moves
 * them there when presigning) or as headers. Header form: the Date header, or an empty line when
 * `x-amz-date` is sent (which then appears among the x-amz headers). Time checks are the caller's
 * (server/s3): this module is pure.
 */
import { secretsEqual } from '../../lib/equal-secrets.js';
import { parseQuery } from '../sigv4/index.js';
import { headerValues } from '../../lib/headers.js';
import { splitTarget } from '../../lib/split-target.js';
import type { SignableRequest } from '../sigv4/index.js';
import { sigv2CanonicalResource } from './sigv2-canonical-resource.js';
import { sigv2Signature } from './sigv2-signature.js';
import { sigv2StringToSign } from './sigv2-string-to-sign.js';

interface SigV2Outcome {
  readonly match: boolean;
  readonly stringToSign: string;
  readonly expectedSignature: string;
}

interface SigV2VerifyInput {
  readonly request: SignableRequest;
  readonly form: 'query' | 'header';
  readonly signature: string;
  readonly secretAccessKey: string;
  /** The path with the bucket: see sigv2CanonicalResource. */
  readonly authPath: string;
}

export function verifySigV2(input: SigV2VerifyInput): SigV2Outcome {
  const { request, form } = input;
  const rawQuery = splitTarget(request.rawTarget).query;
  const params = form === 'query' ? parseQuery(rawQuery) : [];
  const fromQuery = (name: string): string | undefined => params.find((p) => p.name.toLowerCase() === name)?.value;
  const header = (name: string): string | undefined => {
    const values = headerValues(request.headers, name);
    return values.length === 0 ? undefined : values.map((v) => v.trim()).join(',');
  };

  const amz = new Map<string, string>();
  for (const [name, value] of request.headers) {
    const lower = name.toLowerCase();
    if (lower.startsWith('x-amz-')) amz.set(lower, header(lower) ?? value.trim());
  }
  for (const p of params) {
    const lower = p.name.toLowerCase();
    if (lower.startsWith('x-amz-') && !amz.has(lower)) amz.set(lower, p.value.trim());
  }
  const dateLine = form === 'query' ? (params.find((p) => p.name === 'Expires')?.value ?? '') : amz.has('x-amz-date') ? '' : (header('date') ?? '');

  const text = sigv2StringToSign({
    method: request.method,
    contentMd5: fromQuery('content-md5') ?? header('content-md5') ?? '',
    contentType: fromQuery('content-type') ?? header('content-type') ?? '',
    dateOrExpires: dateLine,
    amzHeaders: [...amz],
    canonicalResource: sigv2CanonicalResource(input.authPath, rawQuery),
  });
  const expected = sigv2Signature(input.secretAccessKey, text);
  return { match: secretsEqual(input.signature, expected), stringToSign: text, expectedSignature: expected };
}
