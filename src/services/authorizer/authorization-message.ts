/**
 * Encoded authorization messages (STS DecodeAuthorizationMessage; EC2's `UnauthorizedOperation` carries one):
 * the decision's details sealed with the lab key like a session token, so only this lab can read them.
 * Decoded, they have AWS's JSON shape: `{allowed, explicitDeny, matchedStatements, failures, context:
 * {principal, action, resource, conditions}}` with AWS's `{items: […]}` lists.
 */
import { openToken, sealToken } from '../../auth/sealed-token.js';
import type { AuthorizationResult, RequestContext } from '../../policy/evaluator.js';
import { callerArn, contextToRecord } from '../../policy/evaluator.js';

const KIND = 'authorization-message';

interface DecodedAuthorizationMessage {
  readonly allowed: boolean;
  readonly explicitDeny: boolean;
  readonly matchedStatements: {
    readonly items: readonly {
      readonly statementId: string;
      readonly effect: string;
      readonly sourcePolicyName: string;
      readonly sourcePolicyType: string;
    }[];
  };
  readonly failures: { readonly items: readonly string[] };
  readonly context: {
    readonly principal: { readonly id: string; readonly name?: string; readonly arn: string };
    readonly action: string;
    readonly resource: string;
    readonly conditions: {
      readonly items: readonly { readonly key: string; readonly values: { readonly items: readonly { readonly value: string }[] } }[];
    };
  };
}

function principalOf(result: AuthorizationResult): DecodedAuthorizationMessage['context']['principal'] {
  const p = result.principal;
  switch (p.kind) {
    case 'user':
      return { id: p.id, name: p.name, arn: p.arn };
    case 'assumed-role':
      return { id: `${p.roleId}:${p.sessionName}`, arn: p.sessionArn };
    case 'root':
      return { id: p.account, arn: callerArn(p) };
    case 'federated-user':
      return { id: `${p.account}:${p.name}`, arn: p.arn };
    default:
      return { id: callerArn(p), arn: callerArn(p) };
  }
}

export function describeDecision(result: AuthorizationResult, context: RequestContext): DecodedAuthorizationMessage {
  const reason = result.reason;
  const matched = reason.kind === 'explicit-deny' ? [reason.statement] : reason.kind === 'allowed' ? reason.statements : [];
  const conditions = Object.entries(contextToRecord(context)).map(([key, value]) => ({
    key,
    values: { items: (typeof value === 'string' ? [value] : value).map((v) => ({ value: v })) },
  }));
  return {
    allowed: result.decision === 'Allowed',
    explicitDeny: result.decision === 'ExplicitlyDenied',
    matchedStatements: {
      items: matched.map((s) => ({
        statementId: s.sid ?? String(s.statementIndex),
        effect: reason.kind === 'explicit-deny' ? 'DENY' : 'ALLOW',
        sourcePolicyName: s.policy.arn ?? s.policy.name,
        sourcePolicyType: s.policy.kind,
      })),
    },
    failures: { items: [] },
    context: { principal: principalOf(result), action: result.action, resource: result.resource, conditions: { items: conditions } },
  };
}

export function encodeAuthorizationMessage(key: Buffer, message: DecodedAuthorizationMessage, iv: Buffer): string {
  return sealToken(key, { kind: KIND, message }, iv);
}

/** The decoded message, or undefined for anything this lab did not encode (InvalidAuthorizationMessageException). */
export function decodeAuthorizationMessage(key: Buffer, encoded: string): DecodedAuthorizationMessage | undefined {
  const opened = openToken(key, encoded);
  if (typeof opened !== 'object' || opened === null) return undefined;
  const { kind, message } = opened as { kind?: unknown; message?: unknown };
  return kind === KIND && typeof message === 'object' && message !== null ? (message as DecodedAuthorizationMessage) : undefined;
}
