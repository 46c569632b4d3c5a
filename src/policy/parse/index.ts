/** Policy text → JSON → the grammar's view of a document (no kind-specific rules: see `policy/validate`). */
export { checkPolicySize, policySizeWithoutWhitespace } from './check-policy-size.js';
export type { DraftDocument, DraftStatement, ListField, PrincipalField } from './draft.js';
export { messages } from './messages.js';
export {
  allConditionOperatorNames,
  parseConditionOperator,
  type ConditionOperator,
  type OperatorFamily,
} from './parse-condition-operator.js';
export { MAX_JSON_DEPTH, parseJson, type JsonParseOutcome, type JsonValue } from './parse-json.js';
export { malformed, type PolicyIssue, type PolicyParseResult } from './policy-issue.js';
export { readDocument, type ReadOutcome } from './read-document.js';
