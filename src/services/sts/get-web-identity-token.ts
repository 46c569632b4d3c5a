/**
 * sts:GetWebIdentityToken (aws-federation.md §6.2): a JWT naming the caller, signed by the account's outbound
 * federation issuer. Authorized by the caller's policies for `sts:GetWebIdentityToken` on `*` with the keys
 * `sts:IdentityTokenAudience` (multi-valued), `sts:DurationSeconds` (the duration in effect, default 300),
 * `sts:SigningAlgorithm` [U] and the request's tags (`aws:RequestTag/…`, `aws:TagKeys`) [U]; the authorize step
 * also records the caller's session end and tags for the handler. Then: feature off → 403
 * `OutboundWebIdentityFederationDisabledException`; a token outliving the caller's session → 403
 * `SessionDurationEscalationException`; too many claims → 400 `JWTPayloadSizeExceededException`.
 */
import { accessDeniedError } from '../../errors/access-denied.js';
import type { AwsError } from '../../errors/aws-error.js';
import { InternalError } from '../../errors/aws-error.js';
import type { GetWebIdentityTokenRequest, GetWebIdentityTokenResponse } from '../../protocol/models/sts.js';
import type { CustomAuthorization, CustomAuthorizationQuery } from '../authorizer/authorizer.js';
import { issueOutboundToken } from '../oidc-issuers/outbound-token.js';
import { outboundErrors } from '../oidc-issuers/outbound-errors.js';
import type { Operation } from '../operation.js';
import { defineOperation } from '../operation.js';
import type { StsDeps } from './sts-deps.js';
import { STS_MESSAGES, stsErrors } from './sts-errors.js';

const ACTION = 'sts:GetWebIdentityToken';
const DEFAULT_SECONDS = 300;
const ALGORITHMS = ['RS256', 'ES384'] as const;

const CALLER = Symbol('web-identity-token-caller');

/** What authorization learned of the caller, for the handler. */
interface TokenCaller {
  readonly subject: string;
  /** The end of the caller's session (virtual ms); undefined for long-term credentials. */
  readonly sessionEndMs: number | undefined;
  readonly principalTags: Readonly<Record<string, string>>;
  readonly ec2InstanceArn: string | undefined;
}

type TokenInput = GetWebIdentityTokenRequest & { readonly [CALLER]?: TokenCaller };

/**
 * `SigningAlgorithm` is any 5 characters in the model; only RS256 and ES384 exist (§6.2). [U] the text: Coral's
 * enum wording (aws-behaviour.md §0.7).
 */
function checkAlgorithm(input: GetWebIdentityTokenRequest): AwsError | undefined {
  if ((ALGORITHMS as readonly string[]).includes(input.SigningAlgorithm)) return undefined;
  return stsErrors.validation(
    `1 validation error detected: Value '${input.SigningAlgorithm}' at 'signingAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: [${ALGORITHMS.join(', ')}]`,
  );
}

/** A Map, not an object: assigned into an object, a key `__proto__` would vanish from `aws:TagKeys`. */
function requestTagsOf(input: GetWebIdentityTokenRequest): Map<string, string> | AwsError {
  const tags = new Map<string, string>();
  const seen = new Set<string>();
  for (const tag of input.Tags ?? []) {
    // [U] as for session tags (aws-behaviour.md §10.3): keys are case-insensitive and may not repeat.
    if (seen.has(tag.Key.toLowerCase())) return stsErrors.invalidTags(STS_MESSAGES.duplicateTagKeys);
    seen.add(tag.Key.toLowerCase());
    tags.set(tag.Key, tag.Value);
  }
  return tags;
}

function authorizeToken(deps: StsDeps, input: TokenInput, query: CustomAuthorizationQuery): CustomAuthorization<TokenInput> {
  const { principal, credential } = query;
  const seconds = input.DurationSeconds ?? DEFAULT_SECONDS;
  const requestTags = requestTagsOf(input);
  const tags = requestTags instanceof Error ? new Map<string, string>() : requestTags;
  const context = {
    'sts:IdentityTokenAudience': input.Audience,
    'sts:DurationSeconds': String(seconds),
    'sts:SigningAlgorithm': input.SigningAlgorithm,
    ...Object.fromEntries([...tags].map(([key, value]) => [`aws:RequestTag/${key}`, value])),
    ...(input.Tags === undefined ? {} : { 'aws:TagKeys': [...tags.keys()] }),
  };
  const outcome = deps.authorizer.authorize({
    principal,
    credential,
    checks: [{ action: ACTION, resource: '*', context }],
    context: query.context,
    request: query.request,
  });
  if (outcome.record.decision !== 'Allowed') {
    const { denial } = outcome;
    return {
      record: outcome.record,
      error: accessDeniedError('sts', {
        principalArn: principal.arn,
        action: ACTION,
        resource: '*',
        ...(denial === undefined ? {} : { suffix: denial.suffix }),
      }),
    };
  }
  if (requestTags instanceof Error) return { record: outcome.record, error: requestTags };
  const session = credential.kind === 'temporary' ? credential : undefined;
  const caller: TokenCaller = {
    // The IAM principal, not the session: a role session's tokens name the role (§6.2).
    subject: principal.type === 'assumed-role' ? principal.roleArn : principal.arn,
    sessionEndMs: session?.expiresAtMs,
    principalTags: deps.authorizer.caller(principal, credential).tags,
    ec2InstanceArn: session?.session.ec2?.instanceArn,
  };
  return { record: outcome.record, input: { ...input, [CALLER]: caller } };
}

export function getWebIdentityToken(deps: StsDeps): Operation {
  return defineOperation<TokenInput, GetWebIdentityTokenResponse>({
    name: 'GetWebIdentityToken',
    authorization: { kind: 'custom', action: ACTION, authorize: (input, query) => Promise.resolve(authorizeToken(deps, input, query)) },
    validate: checkAlgorithm,
    handle: async (input, ctx) => {
      const caller = input[CALLER];
      if (caller === undefined) throw new InternalError('GetWebIdentityToken reached its handler unauthorized');
      const seconds = input.DurationSeconds ?? DEFAULT_SECONDS;
      if (deps.oidc.outboundFederation(ctx.account)?.enabled !== true) throw outboundErrors.disabled();
      if (caller.sessionEndMs !== undefined && ctx.nowMs + seconds * 1000 > caller.sessionEndMs) throw outboundErrors.sessionDurationEscalation();
      const requestTags = Object.fromEntries((input.Tags ?? []).map((tag) => [tag.Key, tag.Value]));
      const issued = await issueOutboundToken(deps.oidc, ctx.ids, {
        account: ctx.account,
        region: ctx.region,
        subject: caller.subject,
        audience: input.Audience,
        alg: input.SigningAlgorithm as 'RS256' | 'ES384',
        durationSeconds: seconds,
        nowMs: ctx.nowMs,
        principalTags: caller.principalTags,
        requestTags,
        ec2InstanceArn: caller.ec2InstanceArn,
      });
      switch (issued.kind) {
        case 'disabled':
          throw outboundErrors.disabled();
        case 'too-large':
          throw outboundErrors.payloadTooLarge();
        case 'ok':
          return { WebIdentityToken: issued.token, Expiration: issued.expirationMs };
      }
    },
  });
}
