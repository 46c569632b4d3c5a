/** What the STS operations are built from (wired in `app/lab.ts`). */
import type { PolicyAuthorizer } from '../authorizer/policy-authorizer.js';
import type { SessionIssuer } from '../identity/session-issuer.js';
import type { MfaState } from '../mfa/mfa-state.js';
import type { OidcIssuers } from '../oidc-issuers/oidc-issuers-state.js';

export interface StsDeps {
  readonly authorizer: PolicyAuthorizer;
  readonly issuer: SessionIssuer;
  readonly mfa: MfaState;
  /** The lab key, for DecodeAuthorizationMessage (it changes on reset). */
  readonly key: () => Buffer;
  /** The token issuers the lab plays: outbound web identity federation (GetWebIdentityToken). */
  readonly oidc: OidcIssuers;
}
