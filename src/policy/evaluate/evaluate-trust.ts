/**
 * Decides `sts:AssumeRole` against a role's trust policy and the caller's own policies (aws-behaviour.md §1.3):
 * the trust policy must always allow; in the same account a trust policy naming the caller (user, role,
 * session) is enough, naming only the account needs an identity-policy allow as well; across accounts both
 * must allow. `sts:TagSession` / `sts:SetSourceIdentity` are checked the same way when the call uses them;
 * `sts:SetSourceIdentity` in role chaining also needs the caller's identity policy.
 */
import type { CompiledPolicy } from '../compile/compiled-policy.js';
import type { RequestContext } from '../context/request-context.js';
import type { RequestPrincipal } from '../principal/request-principal.js';
import type { AuthorizationResult } from './authorization-result.js';
import { decide } from './decide.js';
import type { Explain } from './decide.js';

interface TrustRequest {
  readonly principal: RequestPrincipal;
  readonly role: { readonly arn: string; readonly account: string };
  readonly trustPolicy: CompiledPolicy;
  readonly context: RequestContext;
  readonly identityPolicies?: readonly CompiledPolicy[];
  readonly permissionsBoundary?: CompiledPolicy;
  readonly sessionPolicies?: readonly CompiledPolicy[];
  /** Default `['sts:AssumeRole']`; add `sts:TagSession` / `sts:SetSourceIdentity` when the call uses them. */
  readonly actions?: readonly string[];
  /** See `Explain`. */
  readonly explain?: Explain;
}

const DEFAULT_ACTIONS = ['sts:AssumeRole'] as const;

/** The first action that is not allowed decides; otherwise the result for the first action (AssumeRole). */
export function evaluateTrust(req: TrustRequest): AuthorizationResult {
  const actions = req.actions !== undefined && req.actions.length > 0 ? req.actions : DEFAULT_ACTIONS;
  let first: AuthorizationResult | undefined;
  for (const action of actions) {
    const result = decide({
      mode: 'trust',
      principal: req.principal,
      action,
      resource: req.role.arn,
      resourceAccount: req.role.account,
      context: req.context,
      identityPolicies: req.identityPolicies ?? [],
      permissionsBoundary: req.permissionsBoundary,
      sessionPolicies: req.sessionPolicies,
      resourcePolicies: [req.trustPolicy],
      identityAlwaysRequired: action.toLowerCase() === 'sts:setsourceidentity' && req.principal.kind === 'assumed-role',
      explain: req.explain ?? false,
    });
    if (result.decision !== 'Allowed') return result;
    first ??= result;
  }
  if (first === undefined) throw new Error('unreachable: at least one trust action is evaluated');
  return first;
}
