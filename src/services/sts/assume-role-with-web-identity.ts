/**
 * sts:AssumeRoleWithWebIdentity (aws-federation.md §2): an unsigned call presenting an OIDC ID token. The
 * token is verified against the IAM OIDC provider registered for its issuer in the role's account and the
 * keys the lab holds for that issuer (`web-identity-token.ts`), then the role's trust policy decides
 * (`federated-grant.ts`). The session is a role session like AssumeRole's that remembers its provider
 * (`aws:FederatedProvider`) and the token's `sub`, `aud` and `amr` keys for its later requests.
 */
import { parseArn } from '../../arn/arn.js';
import type { AwsError } from '../../errors/aws-error.js';
import { InternalError } from '../../errors/aws-error.js';
import type { AssumeRoleWithWebIdentityRequest, AssumeRoleWithWebIdentityResponse } from '../../protocol/models/sts.js';
import type { AuthorizationRecord } from '../authorizer/authorizer.js';
import { oidcProviderByUrl } from '../iam/provider-reads.js';
import type { Operation } from '../operation.js';
import { defineOperation } from '../operation.js';
import { credentialsOut } from './credentials-output.js';
import type { RoleGrant } from './role-grant.js';
import { assumedRoleUser, roleSessionRequest } from './role-grant.js';
import { decideFederated } from './federated-grant.js';
import type { StsDeps } from './sts-deps.js';
import { stsErrors } from './sts-errors.js';
import type { VerifiedWebIdentity } from './web-identity-token.js';
import { checkWebIdentityToken } from './web-identity-token.js';

const ACTION = 'sts:AssumeRoleWithWebIdentity';

const GRANT = Symbol('web-identity-grant');

type Input = AssumeRoleWithWebIdentityRequest & {
  readonly [GRANT]?: { readonly grant: RoleGrant; readonly identity: VerifiedWebIdentity };
};

/** A `RoleArn` that is not an ARN is `<RoleArn> is invalid` before anything else, as for AssumeRole (aws-behaviour.md §10.2). */
function checkRoleArn(input: Input): AwsError | undefined {
  const arn = parseArn(input.RoleArn);
  return arn === undefined || arn.resource === '' ? stsErrors.validation(`${input.RoleArn} is invalid`) : undefined;
}

/** CloudTrail's principalId for a web identity user: `<provider ARN>:<aud>:<sub>` (aws-federation.md §2.4). */
const webIdentityCaller = (identity: VerifiedWebIdentity): string => `${identity.provider.arn}:${identity.audience}:${identity.subject}`;

function refusedRecord(input: Input, why: string): AuthorizationRecord {
  return { action: ACTION, resources: [input.RoleArn], decision: 'ImplicitlyDenied', decidedBy: why, explanation: null };
}

export function assumeRoleWithWebIdentity(deps: StsDeps): Operation {
  return defineOperation<Input, AssumeRoleWithWebIdentityResponse>({
    name: 'AssumeRoleWithWebIdentity',
    validate: checkRoleArn,
    authorization: {
      kind: 'federated',
      action: ACTION,
      authorize: (input, query) => {
        const { context: ctx } = query;
        if (input.ProviderId !== undefined) {
          // OAuth 2.0 access tokens (Login with Amazon, Facebook) are checked by calling the IdP, which the lab cannot (§2.2) [U].
          const error = stsErrors.idpCommunication(`The lab cannot reach ${input.ProviderId} to validate an OAuth 2.0 access token`);
          return Promise.resolve({ record: refusedRecord(input, `OAuth provider ${input.ProviderId} is out of reach`), error });
        }
        const account = parseArn(input.RoleArn)?.account ?? '';
        const checked = checkWebIdentityToken(
          input.WebIdentityToken,
          { provider: (issuer) => oidcProviderByUrl(ctx.iam, account, issuer), keys: (issuer) => deps.issuerKeys(issuer) },
          ctx.nowMs,
        );
        if (checked.kind !== 'ok') return Promise.resolve({ record: refusedRecord(input, checked.why), error: checked.error });
        const identity = checked.value;
        const decision = decideFederated(
          {
            action: ACTION,
            caller: webIdentityCaller(identity),
            callerIdentity: {
              type: 'WebIdentityUser',
              principalId: webIdentityCaller(identity),
              userName: identity.subject,
              identityProvider: identity.provider.arn,
            },
            roleArn: input.RoleArn,
            sessionName: input.RoleSessionName,
            providerArn: identity.provider.arn,
            keys: identity.trustKeys,
            tags: identity.tags,
            transitiveTagKeys: identity.transitiveTagKeys,
            sourceIdentity: identity.sourceIdentity,
            policy: input.Policy,
            policyArns: input.PolicyArns,
            durationSeconds: input.DurationSeconds,
          },
          query,
        );
        if (decision.kind === 'refused') return Promise.resolve({ record: decision.record, error: decision.error });
        return Promise.resolve({ record: decision.record, input: { ...input, [GRANT]: { grant: decision.grant, identity } } });
      },
    },
    handle: async (input, ctx) => {
      const granted = input[GRANT];
      if (granted === undefined) throw new InternalError('AssumeRoleWithWebIdentity reached its handler without a grant');
      const { grant, identity } = granted;
      const session = await deps.issuer.issue(
        {
          ...roleSessionRequest(grant, input.RoleSessionName, ctx.nowMs),
          federation: { kind: 'web-identity', provider: identity.provider.arn, keys: identity.sessionKeys },
        },
        webIdentityCaller(identity),
      );
      return {
        Credentials: credentialsOut(session),
        SubjectFromWebIdentityToken: identity.subject,
        AssumedRoleUser: assumedRoleUser(grant, input.RoleSessionName),
        ...(grant.packedPolicySize === undefined ? {} : { PackedPolicySize: grant.packedPolicySize }),
        Provider: identity.provider.arn,
        Audience: identity.audience,
        ...(grant.sourceIdentity === undefined ? {} : { SourceIdentity: grant.sourceIdentity }),
      };
    },
  });
}
