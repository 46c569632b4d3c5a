/**
 * Policy validation per kind (aws-behaviour.md §2.1, §2.2, §7) and the module's public API:
 * `parsePolicy(text, kind)` and `checkPolicySize(text, limit, message)`.
 */
export { checkPolicySize, policySizeWithoutWhitespace } from '../parse/check-policy-size.js';
export { messages } from '../parse/messages.js';
export type { PolicyIssue, PolicyParseResult } from '../parse/policy-issue.js';
export { actionIssue, isTrustAction } from './check-action.js';
export { badPrincipals, isAwsPrincipal, namesNobody, type BadPrincipal } from './check-principal.js';
export { failsLegacyResourceParsing, resourceIssue } from './check-resource.js';
export { isPolicyDate } from './is-policy-date.js';
export { parsePolicy } from './parse-policy.js';
