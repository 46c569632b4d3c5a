/**
 * The simulator's core (IAM API reference, SimulatePrincipalPolicy / SimulateCustomPolicy / EvaluationResult):
 * every action against every resource, then one `EvaluationResult` per action. Pure: policies, context and
 * caller come in, wire-shaped results go out.
 *
 * Layout [U]: the current API reference says the simulator returns a single EvaluationResult per action
 * whatever the number of resources — top-level fields aggregate (the most restrictive decision wins; the
 * deciding statements of the resources that decided so), each resource's own result is in
 * `ResourceSpecificResults` — where it used to return one result per action × resource. `per-action` (the
 * default) is the current behaviour, `per-resource` the former one.
 * `MissingContextValues` lists every key the simulated policies use that the context lacks (the IAM API
 * reference ties it to GetContextKeysFor…Policy; observed AWS answers list keys of statements that do not
 * match the action, aws/aws-sdk-java-v2#1751); it is `[]`, not absent, when nothing is missing (awscli
 * examples). `EvalDecisionDetails` is absent for `*`, `{}` for a same-account resource, per side across
 * accounts. `OrganizationsDecisionDetail` is on SimulatePrincipalPolicy's results only (aws-behaviour.md §10.4).
 */
import type { CompiledPolicy, PolicySource, RequestPrincipal } from '../../../policy/evaluator.js';
import { compilePolicy } from '../../../policy/evaluator.js';
import type { PolicyKind } from '../../../policy/types.js';
import type { EvaluationResult, PolicyEvaluationDecisionType, ResourceSpecificResult, Statement } from '../../../protocol/models/iam.js';
import { contextKeysOf } from './context-keys.js';
import type { CellResult, CompiledSimulation } from './evaluate-cell.js';
import { evaluateCell } from './evaluate-cell.js';
import type { SimulationContext } from './simulation-context.js';
import { missingKeys } from './simulation-context.js';
import type { SimulationPolicy } from './simulation-policies.js';
import type { StatementSpan } from './statement-positions.js';
import { statementPositions } from './statement-positions.js';

export type SimulationLayout = 'per-action' | 'per-resource';

export interface SimulationRequest {
  readonly principal: RequestPrincipal;
  readonly identity: readonly SimulationPolicy[];
  readonly boundary: SimulationPolicy | undefined;
  readonly resourcePolicy: SimulationPolicy | undefined;
  readonly actions: readonly string[];
  /** `['*']` when the request named none. */
  readonly resources: readonly string[];
  readonly resourceOwner: string;
  readonly context: SimulationContext;
  readonly layout: SimulationLayout;
  /** `OrganizationsDecisionDetail: {AllowedByOrganizations: true}` on each result (aws-behaviour.md §10.4). */
  readonly organizationsDetail: boolean;
}

const RANK: Readonly<Record<PolicyEvaluationDecisionType, number>> = { allowed: 0, implicitDeny: 1, explicitDeny: 2 };

function compileAll(req: SimulationRequest): CompiledSimulation {
  const sources = new Map<PolicySource, SimulationPolicy>();
  const compile = (policy: SimulationPolicy, kind: PolicyKind): CompiledPolicy => {
    const compiled = compilePolicy(policy.document, { name: policy.id, kind });
    sources.set(compiled.source, policy);
    return compiled;
  };
  const spans = new Map<SimulationPolicy, readonly StatementSpan[]>();
  const positions = (policy: SimulationPolicy): readonly StatementSpan[] => {
    let found = spans.get(policy);
    if (found === undefined) spans.set(policy, (found = statementPositions(policy.text)));
    return found;
  };
  return {
    principal: req.principal,
    identity: req.identity.map((p) => compile(p, 'identity')),
    boundary: req.boundary === undefined ? undefined : compile(req.boundary, 'boundary'),
    resourcePolicy: req.resourcePolicy === undefined ? undefined : compile(req.resourcePolicy, 'resource'),
    sources,
    positions,
    context: req.context.context,
    resourceOwner: req.resourceOwner,
  };
}

function worst(decisions: readonly PolicyEvaluationDecisionType[]): PolicyEvaluationDecisionType {
  return decisions.reduce<PolicyEvaluationDecisionType>((a, b) => (RANK[b] > RANK[a] ? b : a), 'allowed');
}

function uniqueStatements(statements: readonly Statement[]): Statement[] {
  const seen = new Set<string>();
  return statements.filter((s) => {
    const key = JSON.stringify(s);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function mergeDetails(cells: readonly CellResult[]): Record<string, PolicyEvaluationDecisionType> {
  const out: Record<string, PolicyEvaluationDecisionType> = {};
  for (const cell of cells) {
    for (const [side, decision] of Object.entries(cell.crossAccount ?? {})) out[side] = worst([out[side] ?? 'allowed', decision]);
  }
  return out;
}

function resourceResult(cell: CellResult, missing: readonly string[]): ResourceSpecificResult {
  return {
    EvalResourceName: cell.resource,
    EvalResourceDecision: cell.decision,
    MatchedStatements: [...cell.matched],
    MissingContextValues: [...missing],
    ...(cell.crossAccount === undefined ? {} : { EvalDecisionDetails: { ...cell.crossAccount } }),
    ...(cell.boundaryAllows === undefined ? {} : { PermissionsBoundaryDecisionDetail: { AllowedByPermissionsBoundary: cell.boundaryAllows } }),
  };
}

/** One EvaluationResult over `cells` (one cell per resource, or a single one in the per-resource layout). */
function actionResult(
  action: string,
  cells: readonly CellResult[],
  missing: readonly string[],
  everyResource: boolean,
  organizationsDetail: boolean,
): EvaluationResult {
  const decision = worst(cells.map((c) => c.decision));
  const [only] = cells;
  const crossAccount = cells.some((c) => c.crossAccount !== undefined);
  const boundaries = cells.map((c) => c.boundaryAllows).filter((b): b is boolean => b !== undefined);
  return {
    EvalActionName: action,
    ...(cells.length === 1 && only !== undefined ? { EvalResourceName: only.resource } : {}),
    EvalDecision: decision,
    MatchedStatements: uniqueStatements(cells.filter((c) => c.decision === decision).flatMap((c) => c.matched)),
    MissingContextValues: [...missing],
    ...(organizationsDetail ? { OrganizationsDecisionDetail: { AllowedByOrganizations: true } } : {}),
    ...(boundaries.length === 0 ? {} : { PermissionsBoundaryDecisionDetail: { AllowedByPermissionsBoundary: boundaries.every((b) => b) } }),
    ...(crossAccount ? { EvalDecisionDetails: mergeDetails(cells) } : everyResource ? {} : { EvalDecisionDetails: {} }),
    ...(everyResource ? {} : { ResourceSpecificResults: cells.map((c) => resourceResult(c, missing)) }),
  };
}

export function simulate(req: SimulationRequest): EvaluationResult[] {
  const sim = compileAll(req);
  const documents = [
    ...req.identity,
    ...(req.boundary === undefined ? [] : [req.boundary]),
    ...(req.resourcePolicy === undefined ? [] : [req.resourcePolicy]),
  ];
  const missing = missingKeys(contextKeysOf(documents.map((p) => p.document)), req.context.provided);
  const everyResource = req.resources.length === 1 && req.resources[0] === '*';
  return req.actions.flatMap((action) => {
    const cells = req.resources.map((resource) => evaluateCell(sim, action, resource));
    return req.layout === 'per-action'
      ? [actionResult(action, cells, missing, everyResource, req.organizationsDetail)]
      : cells.map((cell) => actionResult(action, [cell], missing, everyResource, req.organizationsDetail));
  });
}
