/**
 * Authentication for the protocols that sign the whole body as it was sent (query, JSON 1.1): a request
 * without a signature, with one that does not read, or with SigV4 checked against the body's SHA-256.
 */
import { EMPTY_SHA256, sha256Hex } from '../../auth/sigv4/index.js';
import { authError } from '../../errors/auth-errors.js';
import type { ServiceName } from '../../errors/auth-errors.js';
import type { ParsedState, ProtocolDeps } from '../request-state.js';
import { authenticateSigV4 } from './authenticate-sigv4.js';

export function authenticateSignedBody(name: ServiceName, state: ParsedState, deps: ProtocolDeps): void {
  const { signature, raw } = state;
  const toWall = (virtualMs: number): number => deps.clock.toWall(virtualMs);
  switch (signature.kind) {
    case 'anonymous':
      state.error = authError(name, { kind: 'missing-authentication' }, toWall);
      return;
    case 'problem':
      state.error = authError(name, { kind: 'malformed-signature', problem: signature.problem }, toWall);
      return;
    case 'sigv4': {
      // GETs and HEADs have no body: the hash of nothing is a constant (auth/sigv4/constants.ts).
      const result = authenticateSigV4(state, deps, signature.parsed, raw.body.length === 0 ? EMPTY_SHA256 : sha256Hex(raw.body));
      if (result.kind === 'failed') {
        state.error = authError(name, result.failure, toWall);
        return;
      }
      state.principal = result.principal;
      state.credential = result.credential;
      return;
    }
  }
}
