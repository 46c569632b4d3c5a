/**
 * The services IAM makes service-specific credentials for, and the form each one's credential takes
 * (aws-behaviour.md §12.2; aws-iam-s3-more.md §A3.5):
 * - `codecommit.amazonaws.com` and `cassandra.amazonaws.com` [R: LS-SNAP, March 2025]: a user name
 *   `<user>-at-<account>` and a generated password — 44 characters of base64, 32 random bytes [O: the AWS CLI's
 *   examples, `k1zPZM6uVxMQ3oxqgoYlNuJPyRTZ1vREs76zTQE3eJk=`]. The user's second credential for a service is
 *   `<user>+1-at-<account>` [O: the AWS CLI's list-service-specific-credentials example].
 * - `bedrock.amazonaws.com` and `logs.amazonaws.com` [V: the model's documentation, 2025]: an API key, a public
 *   `ServiceCredentialAlias` — `<user>-at-<account>` [O: a CLI session published July 2025] — and a secret shown
 *   once; only these take `CredentialAgeDays`. Bedrock's secrets begin `ABSK` [O: Wiz and AWS security posts];
 *   what follows is base64 of `<alias>:<random>` [U], and CloudWatch Logs' are the same without a prefix [U].
 * Any other name, a real service or not, is `NoSuchEntity` (credential-errors.ts).
 */
import type { IdSource } from '../../ids/id-source.js';

type CredentialForm = { readonly kind: 'password' } | { readonly kind: 'api-key'; readonly secretPrefix: string };

const FORMS: ReadonlyMap<string, CredentialForm> = new Map<string, CredentialForm>([
  ['codecommit.amazonaws.com', { kind: 'password' }],
  ['cassandra.amazonaws.com', { kind: 'password' }],
  ['bedrock.amazonaws.com', { kind: 'api-key', secretPrefix: 'ABSK' }],
  ['logs.amazonaws.com', { kind: 'api-key', secretPrefix: '' }],
]);

export const credentialFormOf = (serviceName: string): CredentialForm | undefined => FORMS.get(serviceName);

/** `<user>-at-<account>`, then `<user>+1-at-<account>`, … — the first one the user's other credentials do not use. */
export function serviceUserNameFor(userName: string, account: string, taken: ReadonlySet<string>): string {
  for (let n = 0; ; n += 1) {
    const candidate = `${userName}${n === 0 ? '' : `+${n}`}-at-${account}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** A new password, or a new API key secret for `alias`: the part of a credential IAM shows once. */
export function newCredentialSecret(form: CredentialForm, alias: string, ids: IdSource): string {
  switch (form.kind) {
    case 'password':
      return ids.token(32);
    case 'api-key':
      return form.secretPrefix + Buffer.from(`${alias}:${ids.token(30)}`).toString('base64');
  }
}
