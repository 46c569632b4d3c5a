/**
 * Step 2, route: which service and region a request is for. A protocol may claim a request whatever its
 * scope says (S3: requests that address a bucket, SigV2 and anonymous ones, aws-behaviour.md §5.1); the others
 * are routed by the SigV4 credential scope (`…/<region>/<service>/aws4_request`, §0.6), or, unsigned, by
 * their `Version` parameter. The service's protocol then does the rest of routing (the parameters, or S3's
 * operation from the request line and headers, before any body is read).
 */
import { DEFAULT_REGION } from '../../arn/arn.js';
import { parseSignature } from '../../auth/sigv4/index.js';
import type { SignatureParse } from '../../auth/sigv4/index.js';
import type { ServiceName } from '../../errors/auth-errors.js';
import { gatewayErrors } from '../../errors/common.js';
import type { GatewayDeps } from '../gateway-deps.js';
import { formParams } from '../protocols/query.js';
import type { RequestState, RoutedState, ServiceBinding } from '../request-state.js';

export function route(state: RequestState, deps: GatewayDeps): void {
  const { raw } = state;
  const signature = parseSignature({ method: raw.method, rawTarget: raw.rawTarget, headers: raw.headers });
  state.signature = signature;
  const region = signature.kind === 'sigv4' ? signature.parsed.scope.region : DEFAULT_REGION;
  for (const binding of deps.services.values()) {
    if (binding.protocol.claims(raw, signature)) return routeTo(state, signature, binding, region);
  }
  const scoped = signature.kind === 'sigv4' ? signature.parsed.scope.service : undefined;
  const version = scoped === undefined ? formParams(raw)?.find(([name]) => name === 'Version')?.[1] : undefined;
  const byVersion = version === undefined ? undefined : [...deps.services.values()].find((binding) => binding.apiVersion === version);
  const binding = scoped === undefined ? byVersion : deps.services.get(scoped as ServiceName);
  if (binding === undefined) {
    // With no recognisable service the answer still comes in a query envelope, the most common protocol here.
    const envelope = byVersion ?? deps.services.get('sts');
    if (envelope !== undefined) state.service = envelope;
    state.region = region;
    state.error = gatewayErrors.unrecognizedService(scoped);
    return;
  }
  routeTo(state, signature, binding, region);
}

function routeTo(state: RequestState, signature: SignatureParse, service: ServiceBinding, region: string): void {
  const routed: RoutedState = Object.assign(state, { signature, service, region });
  service.protocol.route(routed);
}
