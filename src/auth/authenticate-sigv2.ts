/**
 * SigV2 authentication for S3 (aws-behaviour.md §5.4): the same order as SigV4's (authenticate.ts) —
 * unknown or inactive key → token that does not belong to the key → signature → expired session — with
 * the time rules left to the caller, because SigV2's (a query `Expires` instant, or a `Date` header) are
 * S3's own (server/s3).
 */
import type { ParsedSigV2 } from './sigv2/index.js';
import { verifySigV2 } from './sigv2/index.js';
import type { SignableRequest } from './sigv4/index.js';
import type { CredentialLookup } from './credentials.js';
import type { AuthResultBase } from './authenticate.js';
import { tokenBelongs } from './authenticate.js';

interface AuthenticateSigV2Input {
  readonly request: SignableRequest;
  readonly parsed: Extract<ParsedSigV2, { kind: 'sigv2' }>;
  /** SigV2's resource path, always naming the bucket (sigv2AuthPath). */
  readonly authPath: string;
  readonly credentials: CredentialLookup;
}

export function authenticateSigV2(input: AuthenticateSigV2Input): AuthResultBase {
  const { parsed } = input;
  const credential = input.credentials.find(parsed.accessKeyId, parsed.sessionToken);
  if (credential === undefined) return { kind: 'failed', failure: { kind: 'unknown-key', accessKeyId: parsed.accessKeyId } };
  // --accept-any-key (design.md "Accepting any key"): no secret to verify with; the caller still checks the time.
  if (credential.kind === 'any-key') return { kind: 'authenticated', principal: credential.principal, credential };
  if (credential.kind === 'long-term' && credential.status !== 'Active') {
    return { kind: 'failed', failure: { kind: 'inactive-key', accessKeyId: parsed.accessKeyId } };
  }
  if (!tokenBelongs(credential, parsed.sessionToken)) {
    return { kind: 'failed', failure: { kind: 'invalid-token', accessKeyId: parsed.accessKeyId, sessionToken: parsed.sessionToken } };
  }
  const outcome = verifySigV2({
    request: input.request,
    form: parsed.form,
    signature: parsed.signature,
    secretAccessKey: credential.secretAccessKey,
    authPath: input.authPath,
  });
  if (!outcome.match) {
    return {
      kind: 'failed',
      failure: {
        kind: 'signature-mismatch',
        accessKeyId: parsed.accessKeyId,
        stringToSign: outcome.stringToSign,
        signatureProvided: parsed.signature,
      },
    };
  }
  return { kind: 'authenticated', principal: credential.principal, credential };
}
