/**
 * Reads a compact JWS (RFC 7515 §7.1) into its protected header, its JSON claims and the bytes it signs, without
 * trusting any of it. Bad input is a `malformed` outcome, never an exception: a web identity token is whatever
 * the caller sent (aws-federation.md §2.2 step 1). Signature checks are `verifyJwt`'s.
 */
import { base64urlDecode } from './base64url.js';

/** Far above STS's own 20,000-character limit on `WebIdentityToken` (aws-federation.md §2.1): work stays bounded. */
export const MAX_JWT_CHARS = 65_536;

export interface JoseHeader {
  readonly alg: string;
  readonly kid?: string;
  readonly typ?: string;
  readonly [member: string]: unknown;
}

export type JwtClaims = Readonly<Record<string, unknown>>;

export interface ParsedJwt {
  readonly kind: 'ok';
  readonly header: JoseHeader;
  readonly payload: JwtClaims;
  /** `<header>.<payload>` exactly as sent: the bytes the signature covers. */
  readonly signingInput: string;
  readonly signature: Buffer;
}

interface MalformedJwt {
  readonly kind: 'malformed';
  /** Lower case, no full stop (conventions.md habit 9): for logs and explanations, not AWS's message. */
  readonly problem: string;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export function parseJwt(token: string): ParsedJwt | MalformedJwt {
  if (token.length > MAX_JWT_CHARS) return malformed(`token is longer than ${MAX_JWT_CHARS} characters`);
  const parts = token.split('.');
  if (parts.length === 5) return malformed('encrypted tokens (JWE) are not supported');
  if (parts.length !== 3) return malformed(`expected 3 dot-separated segments, found ${parts.length}`);
  const [headerText, payloadText, signatureText] = parts as [string, string, string];

  const header = jsonObject(headerText, 'header');
  if (header.kind === 'malformed') return header;
  const alg = header.value['alg'];
  if (typeof alg !== 'string' || alg === '') return malformed('header has no `alg` string');
  for (const member of ['kid', 'typ'] as const) {
    const value = header.value[member];
    if (value !== undefined && typeof value !== 'string') return malformed(`header \`${member}\` is not a string`);
  }

  const payload = jsonObject(payloadText, 'payload');
  if (payload.kind === 'malformed') return payload;

  const signature = base64urlDecode(signatureText);
  if (signature === undefined) return malformed('signature is not base64url');

  return {
    kind: 'ok',
    header: header.value as JoseHeader,
    payload: payload.value,
    signingInput: `${headerText}.${payloadText}`,
    signature,
  };
}

function jsonObject(segment: string, what: string): { kind: 'ok'; value: Record<string, unknown> } | MalformedJwt {
  if (segment === '') return malformed(`${what} is empty`);
  const bytes = base64urlDecode(segment);
  if (bytes === undefined) return malformed(`${what} is not base64url`);
  let value: unknown;
  try {
    value = JSON.parse(strictUtf8.decode(bytes));
  } catch {
    // Invalid UTF-8 (TextDecoder's TypeError) or invalid JSON (SyntaxError): both are the sender's.
    return malformed(`${what} is not UTF-8 JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return malformed(`${what} is not a JSON object`);
  return { kind: 'ok', value: value as Record<string, unknown> };
}

function malformed(problem: string): MalformedJwt {
  return { kind: 'malformed', problem };
}
