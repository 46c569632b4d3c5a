/** What the STS operations are built from (wired in `app/lab.ts`). */
import type { PolicyAuthoriser } from '../authoriser/policy-authoriser.js';
import type { SessionIssuer } from '../identity/session-issuer.js';
import type { MfaState } from '../mfa/mfa-state.js';

export interface StsDeps {
  readonly authoriser: PolicyAuthoriser;
  readonly issuer: SessionIssuer;
  readonly mfa: MfaState;
  /** The lab key, for DecodeAuthorizationMessage (it changes on reset). */
  readonly key: () => Buffer;
}
