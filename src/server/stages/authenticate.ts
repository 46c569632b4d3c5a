/**
 * Step 4, authenticate: signature, key, token and time (auth/authenticate.ts) -> a Principal, or the
 * service's own error for the failure (errors/auth-errors.ts).
 */
import { authenticate as authenticateRequest } from '../../auth/authenticate.js';
import { sha256Hex } from '../../auth/sigv4/index.js';
import { authError } from '../../errors/auth-errors.js';
import type { GatewayDeps } from '../gateway-deps.js';
import type { RequestState } from '../request-state.js';
import { authenticateS3 } from './authenticate-s3.js';

const EMPTY_SHA256 = sha256Hex('');

export function authenticate(state: RequestState, deps: GatewayDeps): void {
  const { signature, service } = state;
  if (signature === undefined || service === undefined) return;
  if (service.protocol === 'rest-xml') {
    authenticateS3(state, deps);
    return;
  }
  const toWall = (virtualMs: number): number => deps.clock.toWall(virtualMs);
  switch (signature.kind) {
    case 'anonymous':
      state.error = authError(service.name, { kind: 'missing-authentication' }, toWall);
      return;
    case 'problem':
      state.error = authError(service.name, { kind: 'malformed-signature', problem: signature.problem }, toWall);
      return;
    case 'sigv4': {
      const { raw } = state;
      const result = authenticateRequest({
        request: { method: raw.method, rawTarget: raw.rawTarget, headers: raw.headers },
        parsed: signature.parsed,
        bodySha256Hex: raw.body.length === 0 ? EMPTY_SHA256 : sha256Hex(raw.body),
        credentials: deps.lookup,
        wallNowMs: state.wallMs,
        toVirtual: (wallMs) => deps.clock.toVirtual(wallMs),
        presignedStart: (signature, signedAtMs) => deps.presignedWindows.sigV4Start(signature, signedAtMs, deps.clock),
      });
      if (result.kind === 'failed') {
        state.error = authError(service.name, result.failure, toWall);
        return;
      }
      state.principal = result.principal;
      state.credential = result.credential;
      return;
    }
  }
}
