/**
 * The EKS IRSA preset (aws-federation.md §2.8): a cluster issuer `https://oidc.eks.<region>.amazonaws.com/id/<ID>`
 * (the lab has one cluster id, made once and kept) and a projected service-account token's claims: `sub`
 * `system:serviceaccount:<namespace>:<name>`, `aud` `["sts.amazonaws.com"]`, and the `kubernetes.io` object
 * [U: its exact layout; this is what Kubernetes 1.2x projects].
 */
import type { Json } from '../../store/port.js';
import { stableHex, stableUuid } from './stable-id.js';

export const EKS_DEFAULT_REGION = 'us-east-1';
export const EKS_DEFAULT_AUDIENCE: readonly string[] = ['sts.amazonaws.com'];
/** Every namespace has a `default` service account, so this sub needs no setup. */
export const EKS_DEFAULT_SUB = 'system:serviceaccount:default:default';

const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const SERVICE_ACCOUNT_SUB = /^system:serviceaccount:([^:]+):([^:]+)$/;

export function isRegion(region: string): boolean {
  return REGION.test(region);
}

export function eksIssuerUrl(region: string, clusterId: string): string {
  return `https://oidc.eks.${region}.amazonaws.com/id/${clusterId}`;
}

/** The `kubernetes.io` claim for a service-account sub; nothing for another sub. */
export function eksClaims(sub: string): Record<string, Json> {
  const match = SERVICE_ACCOUNT_SUB.exec(sub);
  if (match === null) return {};
  const [, namespace = '', name = ''] = match;
  return {
    'kubernetes.io': {
      namespace,
      pod: { name: `${name}-${stableHex(`pod:${namespace}/${name}`, 10)}`, uid: stableUuid(`pod:${namespace}/${name}`) },
      serviceaccount: { name, uid: stableUuid(`serviceaccount:${namespace}/${name}`) },
    },
  };
}
