/** Loads `test/vectors/mfa-rfc/otp-vectors.json` (RFC 4226, RFC 6238, RFC 4648 test values). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/repo-root.js';

interface OtpVectors {
  readonly hotp: { readonly secretAscii: string; readonly digits: number; readonly cases: readonly { counter: number; code: string }[] };
  readonly totpSha1: {
    readonly secretAscii: string;
    readonly digits: number;
    readonly cases: readonly { unixSeconds: number; step: string; code: string }[];
  };
  readonly base32: { readonly cases: readonly { text: string; encoded: string }[] };
}

export const otpVectors: OtpVectors = JSON.parse(
  readFileSync(join(repoRoot(), 'test', 'vectors', 'mfa-rfc', 'otp-vectors.json'), 'utf8'),
) as OtpVectors;
