/**
 * `POST /_iamlab/ui/api/playground`: a pasted identity policy and a request, decided by the lab's own policy
 * engine (the same `evaluate` the authorizer calls, with a trace), answered with the decision, the summary
 * `iamlab explain` prints and the explanation the audit trail would keep. The caller is named by ARN (the
 * root, a user, or a role session; by default a user `playground`); a user or role the lab holds lends its unique id. The request context is
 * the one a request of that caller would carry now (aws-behaviour.md §7.6), with the keys given added over it.
 * Nothing is stored and nothing in the lab changes.
 */
import { buildRequestContext, compilePolicy, evaluate, extendRequestContext } from '../../../policy/evaluator.js';
import type { ContextValue, RequestPrincipal } from '../../../policy/evaluator.js';
import { parsePolicy } from '../../../policy/validate/index.js';
import { decidedBy, explanationJson } from '../../../services/authorizer/policy-authorizer.js';
import type { IamState } from '../../../services/iam/index.js';
import type { Json } from '../../../store/port.js';
import type { ConsoleDeps } from './console-deps.js';

type PlaygroundAnswer = { readonly status: 200 | 400; readonly body: Json };

export function playground(deps: ConsoleDeps, input: Record<string, unknown>): PlaygroundAnswer {
  const { policy, action, resource, principal, context } = input;
  if (typeof policy !== 'string' || policy.trim() === '') return problem('needs `policy`, an identity policy document');
  if (typeof action !== 'string' || !/^[\w-]+:[\w*?-]+$/.test(action)) return problem('needs `action`, such as `s3:GetObject`');
  if (typeof resource !== 'string' || resource === '') return problem('needs `resource`, an ARN or `*`');
  // No caller named: a user of the lab's account (the root would be allowed whatever the policy says, §7.1).
  const callerArn = typeof principal === 'string' && principal !== '' ? principal : `arn:aws:iam::${deps.defaultAccount}:user/playground`;
  const caller = callerOf(deps.iam, callerArn);
  if (typeof caller === 'string') return problem(caller);
  const extra = contextValues(context);
  if (typeof extra === 'string') return problem(extra);
  const parsed = parsePolicy(policy, 'identity');
  if (parsed.kind === 'error') {
    return { status: 400, body: { error: parsed.issues[0]?.message ?? 'the policy does not parse', issues: parsed.issues.map((i) => ({ ...i })) } };
  }
  const nowMs = deps.clock.now();
  const base = buildRequestContext({
    principal: caller,
    credentials: caller.kind === 'assumed-role' ? { kind: 'temporary', issuedAtMs: nowMs } : { kind: 'long-term' },
    request: { region: 'us-east-1', sourceIp: '127.0.0.1', secureTransport: false },
    nowMs,
  });
  const result = evaluate({
    principal: caller,
    action,
    resource,
    context: extendRequestContext(base, extra),
    identityPolicies: [compilePolicy(parsed.document, { name: 'pasted policy', kind: 'identity' })],
    explain: true,
  });
  return {
    status: 200,
    body: {
      decision: result.decision,
      decidedBy: decidedBy(result),
      explanation: explanationJson([result]),
      warnings: parsed.warnings.map((w) => ({ ...w })),
    },
  };
}

function problem(error: string): PlaygroundAnswer {
  return { status: 400, body: { error } };
}

function callerOf(iam: IamState, arn: string): RequestPrincipal | string {
  const parts = /^arn:aws:(?:iam|sts)::(\d{12}):(root|user\/(?:.*\/)?([^/]+)|assumed-role\/([^/]+)\/([^/]+))$/.exec(arn);
  if (parts === null) return 'the principal must be an account root, user or assumed-role ARN';
  const [, account, whole, userName, roleName, sessionName] = parts as unknown as [string, string, string, string?, string?, string?];
  if (whole === 'root') return { kind: 'root', account };
  if (userName !== undefined) {
    const user = iam.index.byName('user', account, userName);
    return { kind: 'user', account, arn, id: user?.id ?? 'AIDAPLAYGROUNDUSER0000', name: userName };
  }
  const role = iam.index.byName('role', account, roleName ?? '');
  return {
    kind: 'assumed-role',
    account,
    roleArn: `arn:aws:iam::${account}:role/${role?.path.slice(1) ?? ''}${roleName ?? ''}`,
    roleId: role?.id ?? 'AROAPLAYGROUNDROLE000',
    sessionArn: arn,
    sessionName: sessionName ?? '',
  };
}

function contextValues(context: unknown): Record<string, ContextValue> | string {
  if (context === undefined || context === null) return {};
  if (typeof context !== 'object' || Array.isArray(context)) return '`context` must be an object of condition keys';
  const out: Record<string, ContextValue> = {};
  for (const [key, value] of Object.entries(context)) {
    if (typeof value === 'string') out[key] = value;
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) out[key] = value;
    else return `the value of \`${key}\` must be a string or a list of strings`;
  }
  return out;
}
