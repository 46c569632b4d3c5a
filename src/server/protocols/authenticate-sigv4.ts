/** SigV4 authentication of a routed request (auth/authenticate.ts), with the lab's clock, keys and windows. */
import { authenticate } from '../../auth/authenticate.js';
import type { AuthResult } from '../../auth/authenticate.js';
import type { ParsedSigV4 } from '../../auth/sigv4/index.js';
import type { ProtocolDeps, RequestState } from '../request-state.js';

/** `bodySha256Hex`: the hash of the body as received, or of nothing where the protocol signs a declared hash (S3). */
export function authenticateSigV4(state: RequestState, deps: ProtocolDeps, parsed: ParsedSigV4, bodySha256Hex: string): AuthResult {
  const { raw } = state;
  return authenticate({
    request: { method: raw.method, rawTarget: raw.rawTarget, headers: raw.headers },
    parsed,
    bodySha256Hex,
    credentials: deps.lookup,
    wallNowMs: state.wallMs,
    toVirtual: (wallMs) => deps.clock.toVirtual(wallMs),
    presignedStart: (signature, signedAtMs) => deps.presignedWindows.sigV4Start(signature, signedAtMs, deps.clock),
    signingKeys: deps.signingKeys,
  });
}
