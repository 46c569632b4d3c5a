/**
 * The request context of global condition keys for one caller and request (aws-behaviour.md §7.6, §1.8):
 * time from the virtual clock, the session's issue time (revocation, §2.6), MFA per §1.8 and the
 * `roleSessionMfa` switch, the source address and transport of the request, principal tags.
 */
import type { Credential } from '../../auth/credentials.js';
import type { ContextValue, CredentialInfo, RequestContext } from '../../policy/evaluator.js';
import { buildRequestContext } from '../../policy/evaluator.js';
import type { RequestFacts } from './authorizer.js';
import type { AuthorizerSettings } from './authorizer-settings.js';
import type { CallerPolicies } from './caller-policies.js';

function credentialInfo(credential: Credential, settings: AuthorizerSettings): CredentialInfo {
  // A key taken by --accept-any-key acts as the root's long-term key (design.md "Accepting any key").
  if (credential.kind !== 'temporary') return { kind: 'long-term' };
  const claims = credential.session;
  // §1.8 [U]: GetSessionToken sessions made with MFA carry it; role sessions only under the `carried` switch.
  const mfa = claims.kind === 'session-token' || settings.roleSessionMfa === 'carried' ? claims.mfaMs : undefined;
  return {
    kind: 'temporary',
    issuedAtMs: claims.issuedMs,
    ...(mfa === undefined ? {} : { mfaAuthenticatedAtMs: mfa }),
    ...(claims.sourceIdentity === undefined ? {} : { sourceIdentity: claims.sourceIdentity }),
    ...(claims.ec2 === undefined ? {} : { ec2: claims.ec2 }),
    ...(claims.federation === undefined ? {} : { federation: claims.federation }),
  };
}

interface ContextInput {
  readonly caller: CallerPolicies;
  readonly credential: Credential;
  readonly request: RequestFacts;
  readonly region: string;
  readonly nowMs: number;
  readonly settings: AuthorizerSettings;
  readonly requestTags?: Readonly<Record<string, string>>;
  readonly extra?: Readonly<Record<string, ContextValue | undefined>>;
  /** Overrides the credential's MFA time (AssumeRole with a valid code, §1.8). */
  readonly mfaAtMs?: number;
}

export function requestContextFor(input: ContextInput): RequestContext {
  let credentials = credentialInfo(input.credential, input.settings);
  if (input.mfaAtMs !== undefined) {
    credentials =
      credentials.kind === 'temporary'
        ? { ...credentials, mfaAuthenticatedAtMs: input.mfaAtMs }
        : { kind: 'temporary', issuedAtMs: input.nowMs, mfaAuthenticatedAtMs: input.mfaAtMs };
  }
  const { request } = input;
  return buildRequestContext({
    principal: input.caller.principal,
    credentials,
    principalTags: input.caller.tags,
    request: {
      region: input.region,
      secureTransport: request.secureTransport,
      ...(request.sourceIp === undefined ? {} : { sourceIp: request.sourceIp }),
      ...(request.userAgent === undefined ? {} : { userAgent: request.userAgent }),
      ...(input.requestTags === undefined ? {} : { requestTags: input.requestTags }),
      ...(input.extra === undefined && request.serviceKeys === undefined ? {} : { extra: { ...request.serviceKeys, ...input.extra } }),
    },
    nowMs: input.nowMs,
  });
}
