/**
 * The policy evaluator's public surface (aws-behaviour.md §7): compile once, build a request context, decide,
 * explain. Pure: no I/O, no clock (time comes in as `nowMs`).
 */
export type { CompiledPolicy, CompiledStatement, PolicySource } from './compile/compiledPolicy.js';
export { compilePolicy, clearPolicyCache } from './compile/compilePolicy.js';
export type { RequestContext, ContextEntry, ContextValue } from './context/requestContext.js';
export { createRequestContext, extendRequestContext, contextToRecord } from './context/requestContext.js';
export type { BuildContextInput, CredentialInfo, RequestInfo } from './context/buildRequestContext.js';
export { buildRequestContext } from './context/buildRequestContext.js';
export type { RequestPrincipal } from './principal/requestPrincipal.js';
export { callerArn, principalAccount } from './principal/requestPrincipal.js';
export type { GrantLevel } from './principal/compilePrincipal.js';
export type {
  AuthorizationResult,
  ConditionTrace,
  DecisionReason,
  MissingAllow,
  StatementRef,
  StatementTrace,
} from './evaluate/authorizationResult.js';
export type { AuthorizationRequest } from './evaluate/evaluate.js';
export { evaluate, arnAccount } from './evaluate/evaluate.js';
export type { TrustRequest } from './evaluate/evaluateTrust.js';
export { evaluateTrust } from './evaluate/evaluateTrust.js';
export { accessDeniedMessage, denialSuffix } from './explain/denialSuffix.js';
export { explainResult, explainStatement } from './explain/explainResult.js';
export { parseDate, parseNumber } from './condition/parseDate.js';
export { parseCidr, parseIp } from './condition/parseIp.js';
