/**
 * Decides an ordinary request (aws-behaviour.md §7.1): identity policies, permissions boundary, session
 * policies and an optional resource-based policy, in the same account or across accounts.
 */
import type { CompiledPolicy } from '../compile/compiled-policy.js';
import type { RequestContext } from '../context/request-context.js';
import type { RequestPrincipal } from '../principal/request-principal.js';
import type { AuthorizationResult } from './authorization-result.js';
import { decide } from './decide.js';
import type { Explain } from './decide.js';

interface AuthorizationRequest {
  readonly principal: RequestPrincipal;
  /** `service:Action`, matched case-insensitively. */
  readonly action: string;
  /** The resource ARN (or `*` for actions without resource types). */
  readonly resource: string;
  /**
   * Account that owns the resource. Defaults to the ARN's account field, else the caller's account
   * (S3 bucket ARNs carry no account: pass it explicitly for cross-account buckets).
   */
  readonly resourceAccount?: string;
  readonly context: RequestContext;
  readonly identityPolicies?: readonly CompiledPolicy[];
  readonly permissionsBoundary?: CompiledPolicy;
  /** Omitted: no session policy was passed (a role session is then unrestricted, a federated user denied). */
  readonly sessionPolicies?: readonly CompiledPolicy[];
  readonly resourcePolicy?: CompiledPolicy;
  /**
   * S3's ACL grants written as a resource-based policy: weighed together with `resourcePolicy`, as one more
   * resource-based grant (aws-behaviour.md §9.6).
   */
  readonly aclPolicy?: CompiledPolicy;
  /** Collect a trace of every statement (slower; for the audit trail and `explainResult`): see `Explain`. */
  readonly explain?: Explain;
}

/** The account field of an ARN (`arn:aws:svc:region:ACCOUNT:…`), or undefined when empty/absent. */
export function arnAccount(arn: string): string | undefined {
  let start = 0;
  for (let i = 0; i < 4; i++) {
    const colon = arn.indexOf(':', start);
    if (colon < 0) return undefined;
    start = colon + 1;
  }
  const end = arn.indexOf(':', start);
  if (end <= start) return undefined;
  return arn.slice(start, end);
}

export function evaluate(req: AuthorizationRequest): AuthorizationResult {
  return decide({
    mode: 'resource',
    principal: req.principal,
    action: req.action,
    resource: req.resource,
    resourceAccount: req.resourceAccount ?? arnAccount(req.resource),
    context: req.context,
    identityPolicies: req.identityPolicies ?? [],
    permissionsBoundary: req.permissionsBoundary,
    sessionPolicies: req.sessionPolicies,
    resourcePolicies: [req.resourcePolicy, req.aclPolicy].filter((p): p is CompiledPolicy => p !== undefined),
    identityAlwaysRequired: false,
    explain: req.explain ?? false,
  });
}
