/**
 * The authoriser over IamState and the policy engine (aws-behaviour.md §7): the caller's identity policies,
 * permissions boundary and session policies decide every check an operation declares; the first check not
 * allowed decides the request. The account root is allowed everything in its own account (§7.1 step 1).
 * The record carries the decision, what decided it in words, and the evaluator's traces for the audit trail.
 */
import type { Credential } from '../../auth/credentials.js';
import type { Principal } from '../../auth/principal.js';
import type { AuthorizationResult, RequestContext } from '../../policy/evaluator.js';
import { arnAccount, denialSuffix, evaluate, explainResult } from '../../policy/evaluator.js';
import type { Json } from '../../store/port.js';
import type { IamState } from '../iam/iam-state.js';
import type { AuthorisationCheck, AuthorisationOutcome, AuthorisationQuery, AuthorisationRecord, Authoriser, RequestFacts } from './authoriser.js';
import type { AuthoriserSettings } from './authoriser-settings.js';
import { describeDecision, encodeAuthorizationMessage } from './authorization-message.js';
import type { CallerPolicies } from './caller-policies.js';
import { CallerPolicyCache } from './caller-policies.js';
import { requestContextFor } from './request-context-for.js';

export interface PolicyAuthoriserDeps {
  readonly iam: IamState;
  readonly settings: AuthoriserSettings;
  /** The lab key (changes on reset), for encoded authorization messages. */
  readonly key: () => Buffer;
  /** Random bytes for the encoded message's IV. */
  readonly random: (length: number) => Buffer;
}

export class PolicyAuthoriser implements Authoriser {
  readonly #deps: PolicyAuthoriserDeps;
  readonly #callers: CallerPolicyCache;

  constructor(deps: PolicyAuthoriserDeps) {
    this.#deps = deps;
    this.#callers = new CallerPolicyCache(deps.iam);
  }

  get settings(): AuthoriserSettings {
    return this.#deps.settings;
  }

  /** The caller's compiled policies and tags (also used by STS for AssumeRole's identity side). */
  caller(principal: Exclude<Principal, { type: 'anonymous' }>, credential: Credential): CallerPolicies {
    return this.#callers.get(principal, credential);
  }

  authorise(query: AuthorisationQuery): AuthorisationOutcome {
    const caller = this.caller(query.principal, query.credential);
    const context = requestContextFor({
      caller,
      credential: query.credential,
      request: query.request,
      region: query.context.region,
      nowMs: query.context.nowMs,
      settings: this.#deps.settings,
    });
    const results: AuthorizationResult[] = [];
    for (const check of query.checks) {
      // The statement-by-statement trace is built only for a denial (the audit trail explains it in full);
      // an allow is explained by the statements that allowed it, which every result carries.
      const quick = this.#evaluate(caller, check, context, query.context.account, false);
      if (quick.decision === 'Allowed') {
        results.push(quick);
        continue;
      }
      const result = this.#evaluate(caller, check, context, query.context.account, true);
      results.push(result);
      return this.#denied(query, results, result, context);
    }
    return { record: decisionRecord(query.checks, results) };
  }

  #evaluate(caller: CallerPolicies, check: AuthorisationCheck, context: RequestContext, account: string, explain: boolean): AuthorizationResult {
    return evaluate({
      principal: caller.principal,
      action: check.action,
      resource: check.resource,
      resourceAccount: resourceAccount(check.resource, account),
      context,
      identityPolicies: caller.identity,
      ...(caller.boundary === undefined ? {} : { permissionsBoundary: caller.boundary }),
      ...(caller.session === undefined ? {} : { sessionPolicies: caller.session }),
      explain,
    });
  }

  #denied(query: AuthorisationQuery, results: readonly AuthorizationResult[], result: AuthorizationResult, context: RequestContext): AuthorisationOutcome {
    return {
      record: decisionRecord(query.checks, results),
      denial: {
        principalArn: query.principal.arn,
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

/**
 * The account a resource belongs to: its ARN's account field; for ARNs without one (`*`, S3 buckets) or
 * with AWS's own (`arn:aws:iam::aws:policy/…`, read through the caller's IAM), the account acted in.
 */
function resourceAccount(resource: string, account: string): string {
  const owner = arnAccount(resource);
  return owner !== undefined && /^\d{12}$/.test(owner) ? owner : account;
}

/** The record of a request's checks: the last result decided (the first denial, or the last allow). */
export function decisionRecord(checks: readonly AuthorisationCheck[], results: readonly AuthorizationResult[]): AuthorisationRecord {
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
  const { trace: _trace, ...rest } = result;
  return explainResult(rest);
}

export function explanationJson(results: readonly AuthorizationResult[]): Json {
  // The results are plain data (strings, numbers, arrays, objects): JSON as they are.
  return results.map((r) => ({
    action: r.action,
    resource: r.resource,
    decision: r.decision,
    reason: r.reason,
    ...(r.trace === undefined ? {} : { trace: r.trace }),
  })) as unknown as Json;
}

export type { RequestFacts };
