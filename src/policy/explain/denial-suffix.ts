/**
 * AWS's contextual AccessDenied wording (aws-behaviour.md §7.7, §1.4), rendered from a result:
 * ` with an explicit deny in an identity-based policy`, ` because no permissions boundary allows the X action`…
 * Returns '' for an allowed result and for reasons AWS words differently (root assuming a role).
 */
import type { AuthorizationResult, MissingAllow } from '../evaluate/authorization-result.js';
import type { PolicyKind } from '../types.js';
import { callerArn } from '../principal/request-principal.js';

const DENY_IN: Readonly<Record<PolicyKind, string>> = {
  identity: 'an identity-based policy',
  boundary: 'a permissions boundary',
  session: 'a session policy',
  resource: 'a resource-based policy',
  trust: 'the role trust policy',
};

const NO_ALLOW: Readonly<Record<MissingAllow, string>> = {
  identity: 'identity-based policy',
  boundary: 'permissions boundary',
  session: 'session policy',
  resource: 'resource-based policy',
  trust: 'role trust policy',
};

export function denialSuffix(result: AuthorizationResult): string {
  const reason = result.reason;
  switch (reason.kind) {
    case 'allowed':
    case 'root-cannot-assume-role':
      return '';
    case 'explicit-deny':
      return ` with an explicit deny in ${DENY_IN[reason.statement.policy.kind]}`;
    case 'no-allow':
      return ` because no ${NO_ALLOW[reason.missing]} allows the ${result.action} action`;
  }
}

/** True when the denial came from the role trust policy (§1.4: those messages have no `on resource:` part). */
function trustDenial(result: AuthorizationResult): boolean {
  const r = result.reason;
  return (r.kind === 'explicit-deny' && r.statement.policy.kind === 'trust') || (r.kind === 'no-allow' && r.missing === 'trust');
}

/**
 * The full `AccessDenied` message of IAM/STS (§7.7, §1.4). `contextual: false` gives the historic form
 * without a reason, which §1.4 recommends as the default.
 */
export function accessDeniedMessage(result: AuthorizationResult, options: { readonly contextual: boolean }): string {
  if (result.reason.kind === 'root-cannot-assume-role') return 'Roles may not be assumed by root accounts.';
  const head = `User: ${callerArn(result.principal)} is not authorized to perform: ${result.action}`;
  if (!options.contextual) return `${head} on resource: ${result.resource}`;
  if (trustDenial(result)) return `${head}${denialSuffix(result)}`;
  return `${head} on resource: ${result.resource}${denialSuffix(result)}`;
}
