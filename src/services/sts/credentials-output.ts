/** The `Credentials` structure of STS outputs (aws-behaviour.md §1.5, §1.10): Expiration in virtual ms. */
import type { Credentials } from '../../protocol/models/sts.js';
import type { IssuedSession } from '../identity/session-issuer.js';

export function credentialsOut(session: IssuedSession): Credentials {
  return {
    AccessKeyId: session.accessKeyId,
    SecretAccessKey: session.secretAccessKey,
    SessionToken: session.sessionToken,
    Expiration: session.claims.expiresMs,
  };
}
