/**
 * One action on one resource, decided by the real evaluator (aws-behaviour.md §7.1) with a full trace, and
 * read back the way the simulator reports it (IAM API reference, EvaluationResult):
 * - `MatchedStatements`: the statements that decide — every applying Allow when allowed, every applying Deny
 *   when explicitly denied ("the deny statement is the only entry included"), none for an implicit deny;
 * - whether the permissions boundary allows (`PermissionsBoundaryDecisionDetail`);
 * - for a cross-account request with a resource policy, how each side decided (`EvalDecisionDetails`).
 * Without a ResourcePolicy only identity policies are simulated ("the simulation does not automatically
 * retrieve policies for the specified resources"), so the resource counts as the caller's own.
 */
import type { CompiledPolicy, PolicySource, RequestContext, RequestPrincipal, StatementTrace } from '../../../policy/evaluator.js';
import { arnAccount, evaluate, principalAccount } from '../../../policy/evaluator.js';
import type { Decision } from '../../../policy/types.js';
import type { PolicyEvaluationDecisionType, Statement } from '../../../protocol/models/iam.js';
import type { SimulationPolicy } from './simulation-policies.js';
import type { StatementSpan } from './statement-positions.js';

export interface CompiledSimulation {
  readonly principal: RequestPrincipal;
  readonly identity: readonly CompiledPolicy[];
  readonly boundary: CompiledPolicy | undefined;
  readonly resourcePolicy: CompiledPolicy | undefined;
  /** Each compiled policy's source object → the policy it came from. */
  readonly sources: ReadonlyMap<PolicySource, SimulationPolicy>;
  readonly positions: (policy: SimulationPolicy) => readonly StatementSpan[];
  readonly context: RequestContext;
  /** ResourceOwner's account, else the caller's: for resources whose ARN names no account. */
  readonly resourceOwner: string;
}

/** Keys of `EvalDecisionDetails` for the two sides of a cross-account request [U: AWS's keys unpublished]. */
const IDENTITY_SIDE = 'IAM Policy';
const RESOURCE_SIDE = 'Resource Policy';

export interface CellResult {
  readonly resource: string;
  readonly decision: PolicyEvaluationDecisionType;
  readonly matched: readonly Statement[];
  /** Undefined when no boundary is simulated. */
  readonly boundaryAllows: boolean | undefined;
  /** Undefined for a same-account request. */
  readonly crossAccount: Readonly<Record<string, PolicyEvaluationDecisionType>> | undefined;
}

function wireDecision(decision: Decision): PolicyEvaluationDecisionType {
  switch (decision) {
    case 'Allowed':
      return 'allowed';
    case 'ExplicitlyDenied':
      return 'explicitDeny';
    case 'ImplicitlyDenied':
      return 'implicitDeny';
  }
}

function statementOf(sim: CompiledSimulation, trace: StatementTrace): Statement | undefined {
  const policy = sim.sources.get(trace.policy);
  if (policy === undefined) return undefined;
  const span = sim.positions(policy)[trace.statementIndex];
  return {
    SourcePolicyId: policy.id,
    SourcePolicyType: policy.type,
    ...(span === undefined
      ? {}
      : { StartPosition: { Line: span.start.line, Column: span.start.column }, EndPosition: { Line: span.end.line, Column: span.end.column } }),
  };
}

/** Deny anywhere wins; else allowed when some statement of every required group allows. */
function sideDecision(traces: readonly StatementTrace[], required: readonly ((t: StatementTrace) => boolean)[]): PolicyEvaluationDecisionType {
  if (traces.some((t) => t.applies && t.effect === 'Deny')) return 'explicitDeny';
  return required.every((inGroup) => traces.some((t) => inGroup(t) && t.applies && t.effect === 'Allow')) ? 'allowed' : 'implicitDeny';
}

function crossAccountDetail(sim: CompiledSimulation, trace: readonly StatementTrace[]): Record<string, PolicyEvaluationDecisionType> {
  const identityKinds = trace.filter((t) => t.policy.kind === 'identity' || t.policy.kind === 'boundary');
  const identityGroups = [(t: StatementTrace): boolean => t.policy.kind === 'identity'];
  if (sim.boundary !== undefined) identityGroups.push((t) => t.policy.kind === 'boundary');
  const resource = trace.filter((t) => t.policy.kind === 'resource');
  return { [IDENTITY_SIDE]: sideDecision(identityKinds, identityGroups), [RESOURCE_SIDE]: sideDecision(resource, [() => true]) };
}

export function evaluateCell(sim: CompiledSimulation, action: string, resource: string): CellResult {
  const callerAccount = principalAccount(sim.principal);
  const resourceAccount = sim.resourcePolicy === undefined ? callerAccount : (arnAccount(resource) ?? sim.resourceOwner);
  const result = evaluate({
    principal: sim.principal,
    action,
    resource,
    ...(resourceAccount === undefined ? {} : { resourceAccount }),
    context: sim.context,
    identityPolicies: sim.identity,
    ...(sim.boundary === undefined ? {} : { permissionsBoundary: sim.boundary }),
    ...(sim.resourcePolicy === undefined ? {} : { resourcePolicy: sim.resourcePolicy }),
    explain: true,
  });
  const decision = wireDecision(result.decision);
  const trace = result.trace ?? [];
  const deciding = decision === 'allowed' ? 'Allow' : decision === 'explicitDeny' ? 'Deny' : undefined;
  const matched = trace
    .filter((t) => t.applies && t.effect === deciding)
    .map((t) => statementOf(sim, t))
    .filter((s): s is Statement => s !== undefined);
  const boundaryTrace = trace.filter((t) => t.policy.kind === 'boundary');
  return {
    resource,
    decision,
    matched,
    boundaryAllows: sim.boundary === undefined ? undefined : sideDecision(boundaryTrace, [() => true]) === 'allowed',
    crossAccount: sim.resourcePolicy !== undefined && resourceAccount !== callerAccount ? crossAccountDetail(sim, trace) : undefined,
  };
}
