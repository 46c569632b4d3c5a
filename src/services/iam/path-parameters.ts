/**
 * IAM's own check of `Path` and `NewPath` (the model's `pathType` pattern, which the protocol layer leaves
 * to IAM, `src/protocol/service-checked-patterns.ts`): 400 `ValidationError` with IAM's text, before any
 * policy is evaluated [O: LS-SNAP `create-invalid-path-no-leading-slash-error`,
 * `create-invalid-path-no-trailing-slash-error`; aws-behaviour.md §10.10].
 */
import type { AwsError } from '../../errors/aws-error.js';
import { iamErrors } from './iam-errors.js';

const INVALID_PATH =
  'The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.';

/** The model's `(\u002F)|(\u002F[\u0021-\u007E]+\u002F)`. */
const PATH = /^(?:\/|\/[\u0021-\u007E]+\/)$/;

export function checkIamPaths(input: Readonly<Record<string, unknown>>): AwsError | undefined {
  for (const member of ['Path', 'NewPath']) {
    const value = input[member];
    if (typeof value === 'string' && !PATH.test(value)) return iamErrors.validation(INVALID_PATH);
  }
  return undefined;
}
