import type { PolicyDocument } from '../types.js';

/**
 * One problem found in a policy document. `code` is the IAM error code the service layer should return
 * (`MalformedPolicyDocument` 400, `LimitExceeded` 409; S3 maps the former to `MalformedPolicy`).
 * `path` points into the JSON (`Statement[1].Resource[0]`) for humans; AWS never reports it.
 */
export type PolicyIssue = {
  readonly code: 'MalformedPolicyDocument' | 'LimitExceeded';
  readonly message: string;
  readonly path?: string;
};

/** `issues[0]` is the message AWS would report; the rest are every other problem found, in AWS's order. */
export type PolicyParseResult =
  | { readonly kind: 'ok'; readonly document: PolicyDocument; readonly warnings: readonly PolicyIssue[] }
  | { readonly kind: 'error'; readonly issues: readonly PolicyIssue[] };

export const malformed = (message: string, path?: string): PolicyIssue =>
  path === undefined ? { code: 'MalformedPolicyDocument', message } : { code: 'MalformedPolicyDocument', message, path };
