/**
 * Principal / NotPrincipal matching (aws-behaviour.md §7.1, §7.2).
 * Match strength (`GrantLevel`) matters for the decision: a statement naming the user ARN, session ARN,
 * federated-user ARN, service or `*` grants the caller directly; naming the role ARN grants the role's
 * sessions but leaves boundary and session policy in force; naming the account (`"123456789012"` or
 * `arn:aws:iam::123456789012:root`) only delegates to the account's identity policies.
 */
import type { PrincipalSpec } from '../types.js';
import type { RequestPrincipal } from './request-principal.js';

export type GrantLevel = 'none' | 'account' | 'role' | 'direct';

export interface CompiledPrincipal {
  readonly everyone: boolean;
  readonly accounts: ReadonlySet<string>;
  readonly arns: ReadonlySet<string>;
  readonly services: ReadonlySet<string>;
  readonly federated: ReadonlySet<string>;
  readonly canonical: ReadonlySet<string>;
}

const ACCOUNT_ID = /^\d{12}$/;
const ROOT_ARN = /^arn:[^:]+:iam::(\d{12}):root$/;

export function compilePrincipal(spec: PrincipalSpec): CompiledPrincipal {
  if (spec === '*') {
    return { everyone: true, accounts: new Set(), arns: new Set(), services: new Set(), federated: new Set(), canonical: new Set() };
  }
  const accounts = new Set<string>();
  const arns = new Set<string>();
  let everyone = false;
  for (const value of spec.AWS ?? []) {
    if (value === '*') everyone = true;
    else if (ACCOUNT_ID.test(value)) accounts.add(value);
    else {
      const root = ROOT_ARN.exec(value);
      if (root?.[1] !== undefined) accounts.add(root[1]);
      else arns.add(value);
    }
  }
  return {
    everyone,
    accounts,
    arns,
    services: new Set((spec.Service ?? []).map((s) => s.toLowerCase())),
    federated: new Set(spec.Federated ?? []),
    canonical: new Set(spec.CanonicalUser ?? []),
  };
}

/** How strongly a `Principal` element names the caller. */
export function principalGrant(p: CompiledPrincipal, principal: RequestPrincipal): GrantLevel {
  // `*` names every caller directly (a public grant), so it is not limited by a boundary or session policy.
  if (p.everyone) return 'direct';
  switch (principal.kind) {
    case 'anonymous':
      return 'none';
    case 'root':
      return p.accounts.has(principal.account) ? 'account' : 'none';
    case 'user':
      if (p.arns.has(principal.arn) || p.arns.has(principal.id)) return 'direct';
      return p.accounts.has(principal.account) ? 'account' : 'none';
    case 'federated-user':
      if (p.arns.has(principal.arn)) return 'direct';
      return p.accounts.has(principal.account) ? 'account' : 'none';
    case 'assumed-role':
      if (p.arns.has(principal.sessionArn)) return 'direct';
      if (p.arns.has(principal.roleArn) || p.arns.has(principal.roleId)) return 'role';
      return p.accounts.has(principal.account) ? 'account' : 'none';
    case 'service':
      return p.services.has(principal.service.toLowerCase()) ? 'direct' : 'none';
    case 'federated':
      return p.federated.has(principal.provider) ? 'direct' : 'none';
  }
}

/**
 * `NotPrincipal` excludes a caller only when every identity AWS checks for it is listed: the account, then the
 * user or role, then the session (IAM-UG reference_policies_elements_notprincipal: "you must also specify the
 * account ARN of the not-denied principal").
 */
export function notPrincipalMatches(p: CompiledPrincipal, principal: RequestPrincipal): boolean {
  if (p.everyone) return false;
  switch (principal.kind) {
    case 'anonymous':
      return true;
    case 'root':
      return !p.accounts.has(principal.account);
    case 'user':
      return !(p.accounts.has(principal.account) && (p.arns.has(principal.arn) || p.arns.has(principal.id)));
    case 'federated-user':
      return !(p.accounts.has(principal.account) && p.arns.has(principal.arn));
    case 'assumed-role':
      return !(
        p.accounts.has(principal.account) &&
        (p.arns.has(principal.roleArn) || p.arns.has(principal.roleId)) &&
        p.arns.has(principal.sessionArn)
      );
    case 'service':
      return !p.services.has(principal.service.toLowerCase());
    case 'federated':
      return !p.federated.has(principal.provider);
  }
}
