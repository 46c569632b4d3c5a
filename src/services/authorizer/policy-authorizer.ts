/**
 * The authorizer over IamState and the policy engine (aws-behaviour.md §7): the caller's identity policies,
 * permissions boundary and session policies decide every check an operation declares; the first check not
 * allowed decides the request. The account root is allowed everything in its own account (§7.1 step 1).
 * The record carries the decision, what decided it in words, and the evaluator's traces for the audit trail.
 */
import type { Credential } from '../../auth/credentials.js';
import type { Principal } from '../../auth/principal.js';
import type { AuthorizationResult, CompiledPolicy, RequestContext, RequestPrincipal, StatementTrace } from '../../policy/evaluator.js';
import {
  arnAccount,
  buildRequestContext,
  compilePolicy,
  denialSuffix,
  evaluate,
  explainSummary,
  extendRequestContext,
} from '../../policy/evaluator.js';
import { parsePolicy } from '../../policy/validate/index.js';
import type { Json } from '../../store/port.js';
import type { IamState } from '../iam/iam-state.js';
import type {
  AuthorizationCheck,
  AuthorizationOutcome,
  AuthorizationQuery,
  AuthorizationRecord,
  Authorizer,
  RequestFacts,
  ResourceOwner,
} from './authorizer.js';
import type { AuthorizerSettings } from './authorizer-settings.js';
import { describeDecision, encodeAuthorizationMessage } from './authorization-message.js';
import type { CallerPolicies } from './caller-policies.js';
import { CallerPolicyCache } from './caller-policies.js';
import { requestContextFor } from './request-context-for.js';

interface PolicyAuthorizerDeps {
  readonly iam: IamState;
  readonly settings: AuthorizerSettings;
  /** The lab key (changes on reset), for encoded authorization messages. */
  readonly key: () => Buffer;
  /** Random bytes for the encoded message's IV. */
  readonly random: (length: number) => Buffer;
}

/** What one request is evaluated with: the caller's side and the resource's side. */
interface Sides {
  readonly principal: RequestPrincipal;
  readonly caller: CallerPolicies | undefined;
  readonly resourcePolicy: CompiledPolicy | undefined;
  /** S3 ACL grants as a resource-based policy (aws-behaviour.md §9.6). */
  readonly aclPolicy: CompiledPolicy | undefined;
  readonly account: string;
}

/** Bucket policies seen recently, compiled (parsing and validating per request would dominate S3 calls). */
const RESOURCE_POLICY_CACHE_SIZE = 512;

export class PolicyAuthorizer implements Authorizer {
  readonly #deps: PolicyAuthorizerDeps;
  readonly #callers: CallerPolicyCache;
  readonly #resourcePolicies = new Map<string, CompiledPolicy | null>();

  constructor(deps: PolicyAuthorizerDeps) {
    this.#deps = deps;
    this.#callers = new CallerPolicyCache(deps.iam);
  }

  get settings(): AuthorizerSettings {
    return this.#deps.settings;
  }

  /** The caller's compiled policies and tags (also used by STS for AssumeRole's identity side). */
  caller(principal: Exclude<Principal, { type: 'anonymous' }>, credential: Credential): CallerPolicies {
    return this.#callers.get(principal, credential);
  }

  authorize(query: AuthorizationQuery): AuthorizationOutcome {
    const { principal, credential, owner } = query;
    const caller = principal.type === 'anonymous' || credential === undefined ? undefined : this.caller(principal, credential);
    const nowMs = query.context.nowMs;
    const region = query.context.region;
    const context =
      caller === undefined || credential === undefined
        ? anonymousContext(query.request, region, nowMs)
        : requestContextFor({ caller, credential, request: query.request, region, nowMs, settings: this.#deps.settings });
    const sidesFor = (resourceOwner: ResourceOwner | undefined): Sides => ({
      principal: caller?.principal ?? { kind: 'anonymous' },
      caller,
      resourcePolicy: resourceOwner?.policy === undefined ? undefined : this.#resourcePolicy(resourceOwner.policy),
      aclPolicy: resourceOwner?.aclPolicy === undefined ? undefined : this.#resourcePolicy(resourceOwner.aclPolicy, 'bucket ACL'),
      account: resourceOwner?.account ?? query.context.account,
    });
    const requestSides = sidesFor(owner);
    const results: AuthorizationResult[] = [];
    for (const check of query.checks) {
      const sides = check.owner === undefined ? requestSides : sidesFor(check.owner);
      const checkContext = check.context === undefined ? context : extendRequestContext(context, check.context);
      // The statement-by-statement trace is built only for a denial (the audit trail explains it in full).
      const result = this.#evaluate(sides, check, checkContext);
      results.push(result);
      if (result.decision !== 'Allowed') return this.#denied(query, results, result, checkContext);
    }
    return { record: decisionRecord(query.checks, results) };
  }

  #evaluate(sides: Sides, check: AuthorizationCheck, context: RequestContext): AuthorizationResult {
    const { caller } = sides;
    return evaluate({
      principal: sides.principal,
      action: check.action,
      resource: check.resource,
      resourceAccount: resourceAccount(check.resource, sides.account),
      context,
      identityPolicies: caller?.identity ?? [],
      ...(caller?.boundary === undefined ? {} : { permissionsBoundary: caller.boundary }),
      ...(caller?.session === undefined ? {} : { sessionPolicies: caller.session }),
      ...(sides.resourcePolicy === undefined ? {} : { resourcePolicy: sides.resourcePolicy }),
      ...(sides.aclPolicy === undefined ? {} : { aclPolicy: sides.aclPolicy }),
      explain: 'denials',
    });
  }

  /** A stored resource-based policy, compiled; one that no longer parses (it was validated when put) allows nothing. */
  #resourcePolicy(text: string, name = 'bucket policy'): CompiledPolicy | undefined {
    const cacheKey = `${name}\n${text}`;
    const known = this.#resourcePolicies.get(cacheKey);
    if (known !== undefined) return known ?? undefined;
    const parsed = parsePolicy(text, 'resource');
    const policy = parsed.kind === 'ok' ? compilePolicy(parsed.document, { name, kind: 'resource' }) : null;
    if (this.#resourcePolicies.size >= RESOURCE_POLICY_CACHE_SIZE) this.#resourcePolicies.clear();
    this.#resourcePolicies.set(cacheKey, policy);
    return policy ?? undefined;
  }

  #denied(
    query: AuthorizationQuery,
    results: readonly AuthorizationResult[],
    result: AuthorizationResult,
    context: RequestContext,
  ): AuthorizationOutcome {
    return {
      record: decisionRecord(query.checks, results),
      denial: {
        principalArn: query.principal.type === 'anonymous' ? 'anonymous' : query.principal.arn,
        action: result.action,
        resource: result.resource,
        suffix: this.#deps.settings.accessDeniedStyle === 'contextual' ? denialSuffix(result) : '',
        encodedMessage: this.encode(result, context),
      },
    };
  }

  /** An encoded authorization message for a decision (STS DecodeAuthorizationMessage decodes it). */
  encode(result: AuthorizationResult, context: RequestContext): string {
    return encodeAuthorizationMessage(this.#deps.key(), describeDecision(result, context), this.#deps.random(12));
  }
}

/** The request context of an anonymous request: time and the request's own keys, no principal keys but the type. */
function anonymousContext(request: RequestFacts, region: string, nowMs: number): RequestContext {
  return buildRequestContext({
    principal: { kind: 'anonymous' },
    credentials: { kind: 'long-term' },
    request: {
      region,
      secureTransport: request.secureTransport,
      ...(request.sourceIp === undefined ? {} : { sourceIp: request.sourceIp }),
      ...(request.userAgent === undefined ? {} : { userAgent: request.userAgent }),
      ...(request.serviceKeys === undefined ? {} : { extra: request.serviceKeys }),
    },
    nowMs,
  });
}

/**
 * The account a resource belongs to: its ARN's account field; for ARNs without one (`*`, S3 buckets) or
 * with AWS's own (`arn:aws:iam::aws:policy/…`, read through the caller's IAM), the account acted in.
 */
function resourceAccount(resource: string, account: string): string {
  const owner = arnAccount(resource);
  return owner !== undefined && /^\d{12}$/.test(owner) ? owner : account;
}

/** The record of a request's checks: the last result decided (the first denial, or the last allow). */
function decisionRecord(checks: readonly AuthorizationCheck[], results: readonly AuthorizationResult[]): AuthorizationRecord {
  const deciding = results[results.length - 1];
  const action = deciding?.action ?? checks[0]?.action ?? '';
  return {
    action,
    resources: [...new Set(checks.filter((c) => c.action === action).map((c) => c.resource))],
    decision: deciding?.decision ?? 'ImplicitlyDenied',
    decidedBy: deciding === undefined ? 'nothing was evaluated' : decidedBy(deciding),
    explanation: explanationJson(results),
  };
}

/** The summary line of `explainResult` (its first line), without the statement-by-statement trace. */
export function decidedBy(result: AuthorizationResult): string {
  return explainSummary(result);
}

/**
 * How much of a denial's trace the audit trail keeps. A request against a policy of hundreds of statements
 * would otherwise write an explanation of megabytes per request (every statement, every condition value):
 * the audit trail keeps the statements that matter (those that applied, then those whose action matched, in
 * the policies' order), at most `MAX_TRACED_STATEMENTS`, with at most `MAX_TRACED_VALUES` values of each
 * condition, and counts what it left out.
 */
const MAX_TRACED_STATEMENTS = 20;
const MAX_TRACED_VALUES = 10;

function rank(t: StatementTrace): number {
  if (t.applies) return 0;
  return t.action === 'match' ? (t.resource === 'match' ? 1 : 2) : 3;
}

function boundedTrace(trace: readonly StatementTrace[]): { readonly trace: readonly StatementTrace[]; readonly omitted?: Json } {
  const tooManyValues = trace.some((t) =>
    t.conditions.some((c) => c.values.length > MAX_TRACED_VALUES || (c.context?.length ?? 0) > MAX_TRACED_VALUES),
  );
  if (trace.length <= MAX_TRACED_STATEMENTS && !tooManyValues) return { trace };
  const kept = new Set(
    trace
      .map((t, at) => ({ t, at }))
      .sort((a, b) => rank(a.t) - rank(b.t) || a.at - b.at)
      .slice(0, MAX_TRACED_STATEMENTS)
      .map(({ t }) => t),
  );
  const shown = trace
    .filter((t) => kept.has(t))
    .map((t) =>
      t.conditions.some((c) => c.values.length > MAX_TRACED_VALUES || (c.context?.length ?? 0) > MAX_TRACED_VALUES)
        ? { ...t, conditions: t.conditions.map(boundedCondition) }
        : t,
    );
  const left = trace.filter((t) => !kept.has(t));
  if (left.length === 0) return { trace: shown };
  return {
    trace: shown,
    omitted: {
      statements: left.length,
      actionDoesNotMatch: left.filter((t) => t.action !== 'match').length,
      resourceDoesNotMatch: left.filter((t) => t.action === 'match' && t.resource !== 'match').length,
    },
  };
}

/** A condition with at most `MAX_TRACED_VALUES` of its values and of the context's, counting the rest. */
type ConditionTrace = StatementTrace['conditions'][number];

function boundedCondition(c: ConditionTrace): ConditionTrace & { readonly valuesOmitted?: number; readonly contextOmitted?: number } {
  if (c.values.length <= MAX_TRACED_VALUES && (c.context?.length ?? 0) <= MAX_TRACED_VALUES) return c;
  return {
    ...c,
    values: c.values.slice(0, MAX_TRACED_VALUES),
    ...(c.values.length > MAX_TRACED_VALUES ? { valuesOmitted: c.values.length - MAX_TRACED_VALUES } : {}),
    ...(c.context === undefined ? {} : { context: c.context.slice(0, MAX_TRACED_VALUES) }),
    ...(c.context !== undefined && c.context.length > MAX_TRACED_VALUES ? { contextOmitted: c.context.length - MAX_TRACED_VALUES } : {}),
  };
}

export function explanationJson(results: readonly AuthorizationResult[]): Json {
  // The results are plain data (strings, numbers, arrays, objects): JSON as they are.
  return results.map((r) => {
    const bounded = r.trace === undefined ? undefined : boundedTrace(r.trace);
    return {
      action: r.action,
      resource: r.resource,
      decision: r.decision,
      reason: r.reason,
      ...(bounded === undefined ? {} : { trace: bounded.trace }),
      ...(bounded?.omitted === undefined ? {} : { traceOmitted: bounded.omitted }),
    };
  }) as unknown as Json;
}
