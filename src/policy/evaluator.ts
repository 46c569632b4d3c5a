/**
 * The policy evaluator's public surface (aws-behaviour.md §7): compile once, build a request context, decide,
 * explain. Pure: no I/O, no clock (time comes in as `nowMs`).
 */
export type { CompiledPolicy, PolicySource } from './compile/compiled-policy.js';
export { compilePolicy } from './compile/compile-policy.js';
export type { RequestContext, ContextValue } from './context/request-context.js';
export { createRequestContext, extendRequestContext, contextToRecord } from './context/request-context.js';
export type { BuildContextInput, CredentialInfo } from './context/build-request-context.js';
export { buildRequestContext } from './context/build-request-context.js';
export type { RequestPrincipal } from './principal/request-principal.js';
export { callerArn, principalAccount } from './principal/request-principal.js';

export type { AuthorizationResult, StatementTrace } from './evaluate/authorization-result.js';

export { evaluate, arnAccount } from './evaluate/evaluate.js';

export { evaluateTrust } from './evaluate/evaluate-trust.js';
export { accessDeniedMessage, denialSuffix } from './explain/denial-suffix.js';
export { explainResult, explainSummary } from './explain/explain-result.js';
