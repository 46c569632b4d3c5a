import type { PrincipalSpec } from '../types.js';
import { PARTITIONS } from './arn-parts.js';

/**
 * Principal values IAM and S3 accept in trust and resource policies (aws-behaviour.md §7.2; IAM-UG
 * reference_policies_elements_principal). Existence of the named user/role is not checked here (that needs
 * the store; §2.1 `Invalid principal in policy: "AWS":"arn:…"` for a missing one is the service's job).
 */
interface BadPrincipal {
  readonly type: string;
  readonly value: string;
}

const ACCOUNT = /^\d{12}$/;
/** Unique IDs appear where IAM replaced the ARN of a deleted user or role (§2.1). */
const UNIQUE_ID = /^(?:AIDA|AROA)[A-Z0-9]{12,}$/;
const IAM_PRINCIPAL_RESOURCE = /^(?:root|(?:user|role)\/.+)$/;
const STS_PRINCIPAL_RESOURCE = /^(?:assumed-role\/[^/]+\/.+|federated-user\/.+)$/;
const NAME = /^[^\s*?]+$/;
const CANONICAL_USER = /^[0-9a-fA-F]{64}$/;

function isAwsPrincipal(value: string): boolean {
  if (value === '*' || ACCOUNT.test(value) || UNIQUE_ID.test(value)) return true;
  if (/[*?\s]/.test(value)) return false;
  const parts = value.split(':');
  if (parts.length < 6 || parts[0] !== 'arn' || !PARTITIONS.has(parts[1] ?? '')) return false;
  const [, , service = '', region = '', account = ''] = parts;
  const resource = parts.slice(5).join(':');
  if (region !== '' || !ACCOUNT.test(account)) return false;
  if (service === 'iam') return IAM_PRINCIPAL_RESOURCE.test(resource);
  if (service === 'sts') return STS_PRINCIPAL_RESOURCE.test(resource);
  return false;
}

/** Every principal value the policy kind cannot accept, in document order. */
export function badPrincipals(spec: PrincipalSpec, allowCanonicalUser: boolean): readonly BadPrincipal[] {
  if (spec === '*') return [];
  const bad: BadPrincipal[] = [];
  const check = (type: string, values: readonly string[] | undefined, ok: (v: string) => boolean): void => {
    for (const value of values ?? []) if (!ok(value)) bad.push({ type, value });
  };
  check('AWS', spec.AWS, isAwsPrincipal);
  check('Service', spec.Service, (v) => NAME.test(v));
  check('Federated', spec.Federated, (v) => NAME.test(v));
  check('CanonicalUser', spec.CanonicalUser, (v) => allowCanonicalUser && CANONICAL_USER.test(v));
  return bad;
}

/** True when the spec names nobody: `{}` or only empty lists. */
export function namesNobody(spec: PrincipalSpec): boolean {
  if (spec === '*') return false;
  return [spec.AWS, spec.Service, spec.Federated, spec.CanonicalUser].every((v) => v === undefined || v.length === 0);
}
