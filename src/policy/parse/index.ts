/** Policy text → JSON → the grammar's view of a document (no kind-specific rules: see `policy/validate`). */

export { allConditionOperatorNames, parseConditionOperator } from './parse-condition-operator.js';
export { parseJson } from './parse-json.js';
