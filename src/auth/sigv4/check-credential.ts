/**
 * Reads the credential and checks its scope against the signing time (§6.3): five elements, the
 * `aws4_request` terminator, and a date equal to the date part of X-Amz-Date. Region and service are taken
 * as given: behind a custom endpoint clients sign with whatever region they are configured for (§6.4).
 */
import { SCOPE_TERMINATOR } from './constants.js';
import { parseCredential, type ParsedCredential } from './parse-credential.js';
import { signatureProblem, type AuthForm, type SignatureProblem } from './signature-problem.js';

type CredentialCheck =
  { readonly kind: 'ok'; readonly credential: ParsedCredential } | { readonly kind: 'problem'; readonly problem: SignatureProblem };

export function checkCredential(form: AuthForm, value: string, amzDate: string): CredentialCheck {
  const credential = parseCredential(value);
  if (credential === undefined) return { kind: 'problem', problem: signatureProblem.malformedCredential(form, value) };
  const badTerminator = credential.terminator === SCOPE_TERMINATOR ? undefined : credential.terminator;
  const badScopeDate = credential.scope.date === amzDate.slice(0, 8) ? undefined : credential.scope.date;
  if (badTerminator !== undefined || badScopeDate !== undefined) {
    return { kind: 'problem', problem: signatureProblem.scopeMismatch(form, badTerminator, badScopeDate, amzDate) };
  }
  return { kind: 'ok', credential };
}
