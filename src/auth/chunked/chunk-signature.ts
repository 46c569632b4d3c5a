/**
 * The chained signatures of signed aws-chunked bodies (aws-behaviour.md §5.3). Each chunk signs
 * ```
 * AWS4-HMAC-SHA256-PAYLOAD
 * <amz-date>
 * <scope>
 * <previous signature>          (the first chunk: the request's own signature)
 * <sha256("")>
 * <sha256(chunk data)>
 * ```
 * and the trailer (…-PAYLOAD-TRAILER) signs `AWS4-HMAC-SHA256-TRAILER\n<amz-date>\n<scope>\n<previous>\n
 * <sha256(trailer lines, each "name:value\n")>`, chained from the final (empty) chunk's signature.
 */
import { computeSignature, credentialScopeString, EMPTY_SHA256 } from '../sigv4/index.js';
import type { CredentialScope } from '../sigv4/index.js';

export interface ChunkSigningContext {
  readonly signingKey: Buffer;
  readonly amzDate: string;
  readonly scope: CredentialScope;
}

export function chunkSignature(ctx: ChunkSigningContext, previous: string, chunkSha256Hex: string): string {
  const text = `AWS4-HMAC-SHA256-PAYLOAD\n${ctx.amzDate}\n${credentialScopeString(ctx.scope)}\n${previous}\n${EMPTY_SHA256}\n${chunkSha256Hex}`;
  return computeSignature(ctx.signingKey, text);
}

export function trailerSignature(ctx: ChunkSigningContext, previous: string, trailerSha256Hex: string): string {
  const text = `AWS4-HMAC-SHA256-TRAILER\n${ctx.amzDate}\n${credentialScopeString(ctx.scope)}\n${previous}\n${trailerSha256Hex}`;
  return computeSignature(ctx.signingKey, text);
}
