/**
 * Policy validation per kind (aws-behaviour.md §2.1, §2.2, §7) and the module's public API:
 * `parsePolicy(text, kind)` and `checkPolicySize(text, limit, message)`.
 */
export { checkPolicySize, policySizeWithoutWhitespace } from '../parse/check-policy-size.js';

export type { PolicyIssue } from '../parse/policy-issue.js';

export { isPolicyDate } from './is-policy-date.js';
export { parsePolicy } from './parse-policy.js';
