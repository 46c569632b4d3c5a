/** The SDK's credentials from an STS answer's `Credentials` (AssumeRole and its web identity and SAML kin). */
interface TemporaryCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
}

export function temporaryCredentials(
  credentials: { AccessKeyId?: string | undefined; SecretAccessKey?: string | undefined; SessionToken?: string | undefined } | undefined,
): TemporaryCredentials {
  if (credentials?.AccessKeyId === undefined || credentials.SecretAccessKey === undefined || credentials.SessionToken === undefined) {
    throw new Error('the answer carries no complete Credentials');
  }
  return { accessKeyId: credentials.AccessKeyId, secretAccessKey: credentials.SecretAccessKey, sessionToken: credentials.SessionToken };
}
