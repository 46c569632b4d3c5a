/**
 * Splits `AKID/20150830/us-east-1/iam/aws4_request` (§6.1). Undefined unless there are exactly five
 * elements; AWS ignores trailing slashes (recorded in mhart/dynalite). The terminator is returned, not
 * checked: a wrong one is reported together with a wrong date (see `signatureProblem.scopeMismatch`).
 */
import type { CredentialScope } from './types.js';

export interface ParsedCredential {
  readonly accessKeyId: string;
  readonly scope: CredentialScope;
  readonly terminator: string;
}

export function parseCredential(value: string): ParsedCredential | undefined {
  const parts = (value.endsWith('/') ? value.replace(/\/+$/, '') : value).split('/');
  if (parts.length !== 5) return undefined;
  const [accessKeyId, date, region, service, terminator] = parts as [string, string, string, string, string];
  return { accessKeyId, scope: { date, region, service }, terminator };
}
