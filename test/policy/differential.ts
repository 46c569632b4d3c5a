/**
 * The differential harness: the same generated case evaluated by our engine and by @cloud-copilot/iam-simulate
 * (AGPL — imported only from test/ and bench/). Shared by differential.test.ts and bench/policy.ts.
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';
import type { Simulation } from '@cloud-copilot/iam-simulate';
import type { AuthorizationResult, CompiledPolicy, RequestPrincipal } from '../../src/policy/evaluator.js';
import { callerArn, compilePolicy, createRequestContext, evaluate, evaluateTrust } from '../../src/policy/evaluator.js';
import type { PolicyKind } from '../../src/policy/types.js';
import type { Json, Rng } from './generate.js';
import { CALLERS, REQUESTS, context, pick, policy } from './generate.js';
import { normalise } from './normalise.js';
import { A1, PRINCIPALS } from './principals.js';

export interface DiffCase {
  readonly caller: (typeof CALLERS)[number];
  readonly action: string;
  readonly resource: string;
  readonly resourceAccount: string;
  readonly trust: boolean;
  readonly context: Record<string, string | string[]>;
  readonly identity: Json[];
  readonly boundary?: Json;
  readonly session?: Json;
  readonly resourcePolicy?: Json;
}

export function generateCase(r: Rng): DiffCase {
  const caller = pick(r, CALLERS);
  const trust = r() < 0.15;
  const req = trust ? { action: 'sts:AssumeRole', resource: `arn:aws:iam::${A1}:role/Target` } : pick(r, REQUESTS);
  const s3 = req.action.startsWith('s3:');
  const identity = Array.from({ length: Math.floor(r() * 3) }, () => policy(r, false));
  const out: DiffCase = {
    caller,
    action: req.action,
    resource: req.resource,
    resourceAccount: A1,
    trust,
    context: context(r, caller),
    identity,
    ...(r() < 0.25 ? { boundary: policy(r, false) } : {}),
    ...(caller.toLowerCase().includes('session') && r() < 0.25 ? { session: policy(r, false) } : {}),
    ...(trust ? { resourcePolicy: trustPolicy(r) } : s3 && r() < 0.5 ? { resourcePolicy: policy(r, true) } : {}),
  };
  return out;
}

function trustPolicy(r: Rng): Json {
  const p = policy(r, true, 2);
  for (const s of p['Statement'] as Json[]) {
    delete s['Resource'];
    delete s['NotResource'];
    delete s['NotAction'];
    s['Action'] = pick(r, ['sts:AssumeRole', 'sts:*', '*', 'sts:AssumeRole*']);
  }
  return p;
}

const compile = (doc: Json, kind: PolicyKind, name: string): CompiledPolicy => compilePolicy(normalise(doc), { name, kind });

function principalOf(c: DiffCase): RequestPrincipal {
  return PRINCIPALS[c.caller] as RequestPrincipal;
}

export function ours(c: DiffCase, explain = false): AuthorizationResult {
  const principal = principalOf(c);
  const common = {
    principal,
    context: createRequestContext(c.context),
    identityPolicies: c.identity.map((d, i) => compile(d, 'identity', `p${i}`)),
    ...(c.boundary === undefined ? {} : { permissionsBoundary: compile(c.boundary, 'boundary', 'pb') }),
    ...(c.session === undefined ? {} : { sessionPolicies: [compile(c.session, 'session', 'session')] }),
    explain,
  };
  if (c.trust) {
    return evaluateTrust({
      ...common,
      role: { arn: c.resource, account: c.resourceAccount },
      trustPolicy: compile(c.resourcePolicy ?? { Statement: [] }, 'trust', 'trust'),
    });
  }
  return evaluate({
    ...common,
    action: c.action,
    resource: c.resource,
    resourceAccount: c.resourceAccount,
    ...(c.resourcePolicy === undefined ? {} : { resourcePolicy: compile(c.resourcePolicy, 'resource', 'resource') }),
  });
}

function toSimulation(c: DiffCase): Simulation {
  return {
    request: {
      principal: callerArn(principalOf(c)),
      action: c.action,
      resource: { resource: c.resource, accountId: c.resourceAccount },
      contextVariables: c.context,
    },
    identityPolicies: c.identity.map((policy, i) => ({ name: `p${i}`, policy })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(c.resourcePolicy === undefined ? {} : { resourcePolicy: c.resourcePolicy }),
    ...(c.boundary === undefined ? {} : { permissionBoundaryPolicies: [{ name: 'pb', policy: c.boundary }] }),
    ...(c.session === undefined ? {} : { sessionPolicy: c.session }),
  };
}

type SimOutcome = { kind: 'decision'; decision: string; ignored: readonly string[] } | { kind: 'error'; message: string };

export async function simulate(c: DiffCase): Promise<SimOutcome> {
  const result = await runSimulation(toSimulation(c), {});
  if (result.resultType === 'error') return { kind: 'error', message: result.errors.message };
  const ignored = result.resultType === 'single' ? (result.result.ignoredContextKeys ?? []) : [];
  return { kind: 'decision', decision: result.overallResult, ignored };
}
