/**
 * The decision procedure shared by `evaluate` (resource mode) and `evaluateTrust` (trust mode), following
 * aws-behaviour.md §7.1 and §1.3:
 * 1. root cannot assume roles (trust mode);
 * 2. any explicit Deny (identity, boundary, session, resource/trust) → ExplicitlyDenied;
 * 3. same account: a resource/trust policy naming the caller directly allows on its own; naming the role ARN
 *    allows subject to boundary and session policy; naming the account delegates to identity policies.
 *    In trust mode the trust policy must always allow;
 * 4. cross account: identity (+ boundary + session) and the resource/trust policy must both allow.
 */
import type { CompiledPolicy, CompiledStatement } from '../compile/compiled-policy.js';
import type { RequestContext } from '../context/request-context.js';
import type { RequestPrincipal } from '../principal/request-principal.js';
import { principalAccount } from '../principal/request-principal.js';
import type { AuthorizationResult, DecisionReason, MissingAllow, StatementRef, StatementTrace } from './authorization-result.js';
import type { ScanInput, ScanResult } from './scan-policies.js';
import { emptyScan, scanPolicies } from './scan-policies.js';

interface DecideInput {
  readonly mode: 'resource' | 'trust';
  readonly principal: RequestPrincipal;
  readonly action: string;
  readonly resource: string;
  readonly resourceAccount: string | undefined;
  readonly context: RequestContext;
  readonly identityPolicies: readonly CompiledPolicy[];
  readonly permissionsBoundary: CompiledPolicy | undefined;
  readonly sessionPolicies: readonly CompiledPolicy[] | undefined;
  /** The resource-based (or trust) policies: the resource's own, and for S3 the ACL grants as one more. */
  readonly resourcePolicies: readonly CompiledPolicy[];
  /** Trust mode, role chaining with `sts:SetSourceIdentity`: the caller's identity policy must allow too (§1.3). */
  readonly identityAlwaysRequired: boolean;
  readonly explain: Explain;
}

function ref(policy: CompiledPolicy | undefined, s: CompiledStatement | undefined): StatementRef | undefined {
  if (policy === undefined || s === undefined) return undefined;
  return { policy: policy.source, statementIndex: s.index, ...(s.sid === undefined ? {} : { sid: s.sid }) };
}

/** Principals that carry identity policies, boundaries and session policies. */
function hasIdentity(principal: RequestPrincipal): boolean {
  return principal.kind === 'user' || principal.kind === 'assumed-role' || principal.kind === 'federated-user';
}

interface Scans {
  readonly identity: ScanResult;
  readonly boundary: ScanResult;
  readonly session: ScanResult;
  readonly resource: ScanResult;
}

function runScans(input: DecideInput, trace: StatementTrace[] | undefined): Scans {
  const scan: ScanInput = {
    principal: input.principal,
    action: input.action,
    actionLower: input.action.toLowerCase(),
    resource: input.resource,
    context: input.context,
    hasBoundary: input.permissionsBoundary !== undefined && hasIdentity(input.principal),
  };
  const identity = emptyScan();
  const boundary = emptyScan();
  const session = emptyScan();
  const resource = emptyScan();
  if (hasIdentity(input.principal)) {
    scanPolicies(input.identityPolicies, scan, identity, trace);
    if (input.permissionsBoundary !== undefined) scanPolicies([input.permissionsBoundary], scan, boundary, trace);
    if (input.sessionPolicies !== undefined) scanPolicies(input.sessionPolicies, scan, session, trace);
  }
  if (input.resourcePolicies.length > 0) scanPolicies(input.resourcePolicies, scan, resource, trace);
  return { identity, boundary, session, resource };
}

function firstDeny(scans: Scans): StatementRef | undefined {
  return (
    ref(scans.identity.denyPolicy, scans.identity.deny) ??
    ref(scans.boundary.denyPolicy, scans.boundary.deny) ??
    ref(scans.session.denyPolicy, scans.session.deny) ??
    ref(scans.resource.denyPolicy, scans.resource.deny)
  );
}

function allowRefs(...scans: ScanResult[]): StatementRef[] {
  const out: StatementRef[] = [];
  for (const s of scans) {
    const r = ref(s.allowPolicy, s.allow);
    if (r !== undefined) out.push(r);
  }
  return out;
}

/** Which identity-side allow is missing (identity, then boundary, then session), if any. */
function identitySideMissing(input: DecideInput, scans: Scans): MissingAllow | undefined {
  if (scans.identity.allow === undefined) return 'identity';
  return principalLimitsMissing(input, scans);
}

/** Boundary and session policy are limits even when a resource policy names the role (§7.1 step 4). */
function principalLimitsMissing(input: DecideInput, scans: Scans): MissingAllow | undefined {
  if (input.permissionsBoundary !== undefined && scans.boundary.allow === undefined) return 'boundary';
  if (input.sessionPolicies !== undefined) {
    if (scans.session.allow === undefined) return 'session';
  } else if (input.principal.kind === 'federated-user') {
    // §7.1 step 7: a federated-user session without a session policy is denied.
    return 'session';
  }
  return undefined;
}

function reasonFor(input: DecideInput, scans: Scans): DecisionReason {
  const resourceSide: MissingAllow = input.mode === 'trust' ? 'trust' : 'resource';
  const resourceVia = input.mode === 'trust' ? 'trust' : 'resource';
  if (input.mode === 'trust' && input.principal.kind === 'root') return { kind: 'root-cannot-assume-role' };
  const deny = firstDeny(scans);
  if (deny !== undefined) return { kind: 'explicit-deny', statement: deny };
  const grant = scans.resource.grant;
  const principal = input.principal;
  const account = principalAccount(principal);
  const sameAccount = account !== undefined && (input.resourceAccount ?? account) === account;
  if (!hasIdentity(principal)) {
    if (principal.kind === 'root' && sameAccount && input.mode === 'resource') {
      return { kind: 'allowed', via: 'root', statements: [] };
    }
    if (grant === 'none') return { kind: 'no-allow', missing: resourceSide };
    return { kind: 'allowed', via: resourceVia, statements: allowRefs(scans.resource) };
  }
  if (input.mode === 'trust' && grant === 'none') return { kind: 'no-allow', missing: 'trust' };
  if (sameAccount && !input.identityAlwaysRequired) {
    if (grant === 'direct') return { kind: 'allowed', via: resourceVia, statements: allowRefs(scans.resource) };
    if (grant === 'role') {
      const missing = principalLimitsMissing(input, scans);
      if (missing !== undefined) return { kind: 'no-allow', missing };
      return { kind: 'allowed', via: resourceVia, statements: allowRefs(scans.resource, scans.boundary, scans.session) };
    }
  }
  const missing = identitySideMissing(input, scans);
  if (missing !== undefined) return { kind: 'no-allow', missing };
  if (!sameAccount && grant === 'none') return { kind: 'no-allow', missing: resourceSide };
  return {
    kind: 'allowed',
    via: 'identity',
    statements: allowRefs(scans.identity, scans.boundary, scans.session, scans.resource),
  };
}

/**
 * The statement-by-statement trace: on every result (`true`), on none (`false`), or only on a result that is not an
 * allow (`'denials'`: decided without it first, then again with it when the caller is refused; an allow is
 * explained by the statements that allowed it, which every result carries).
 */
export type Explain = boolean | 'denials';

export function decide(input: DecideInput): AuthorizationResult {
  if (input.explain === 'denials') {
    const quick = decide({ ...input, explain: false });
    return quick.decision === 'Allowed' ? quick : decide({ ...input, explain: true });
  }
  const trace: StatementTrace[] | undefined = input.explain ? [] : undefined;
  const scans = runScans(input, trace);
  const reason = reasonFor(input, scans);
  const decision = reason.kind === 'allowed' ? 'Allowed' : reason.kind === 'explicit-deny' ? 'ExplicitlyDenied' : 'ImplicitlyDenied';
  const base = { decision, action: input.action, resource: input.resource, principal: input.principal, reason } as const;
  return trace === undefined ? base : { ...base, trace };
}
