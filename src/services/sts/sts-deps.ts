/** What the STS operations are built from (wired in `app/lab.ts`). */
import type { JwkSet } from '../../federation/jwt/jwk.js';
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
  /**
   * The public keys the lab holds for an OIDC issuer (what its JWKS publishes), or undefined when it holds
   * none: a token from such an issuer cannot be verified, as AWS cannot verify one whose keys it cannot fetch
   * (aws-federation.md §2.2 step 4).
   */
  readonly issuerKeys: (issuerUrl: string) => JwkSet | undefined;
  /** The token issuers the lab plays: outbound web identity federation (GetWebIdentityToken). */
  readonly oidc: OidcIssuers;
}
