/**
 * sts:GetFederationToken (aws-behaviour.md §10.5): long-term credentials of an IAM user or root only (session
 * credentials are refused in the authorize stage, `services/identity/session-restrictions.ts`); the caller's
 * policies must allow `sts:GetFederationToken` on `arn:aws:sts::<account>:federated-user/<Name>`, and
 * `sts:TagSession` too when `Tags` are passed (IAM-UG id_session-tags "Permissions required to add session
 * tags"). Users get 900–129600 s, default 43200; root at most 3600, a longer or absent duration silently
 * becoming 3600 (STS-MODEL). The answer always carries `PackedPolicySize`, `0` when nothing was packed.
 */
import { federatedUserArn } from '../../arn/arn.js';
import { InternalError } from '../../errors/aws-error.js';
import type { GetFederationTokenRequest, GetFederationTokenResponse } from '../../protocol/models/sts.js';
import type { Operation } from '../operation.js';
import { defineOperation } from '../operation.js';
import { credentialsOut } from './credentials-output.js';
import { packedSize, sessionPoliciesFor, sessionTagsFor } from './session-request.js';
import type { StsDeps } from './sts-deps.js';

const USER_DEFAULT_SECONDS = 43_200;
const ROOT_MAX_SECONDS = 3600;

export function getFederationToken(deps: StsDeps): Operation {
  return defineOperation<GetFederationTokenRequest, GetFederationTokenResponse>({
    name: 'GetFederationToken',
    authorization: {
      kind: 'policy',
      action: 'sts:GetFederationToken',
      resources: (input, ctx) => [federatedUserArn(ctx.account, input.Name)],
      also: (input, ctx) => (input.Tags === undefined ? [] : [{ action: 'sts:TagSession', resource: federatedUserArn(ctx.account, input.Name) }]),
    },
    handle: async (input, ctx) => {
      const { principal } = ctx;
      if (principal.type !== 'user' && principal.type !== 'root') {
        throw new InternalError('GetFederationToken reached its handler without long-term credentials');
      }
      const policies = sessionPoliciesFor(input.Policy, input.PolicyArns);
      if (policies.kind === 'error') throw policies.error;
      const tags = sessionTagsFor(input.Tags, undefined, undefined);
      if (tags.kind === 'error') throw tags.error;
      const packed = packedSize(policies.value, tags.value);
      if (packed.kind === 'error') throw packed.error;
      const requested = input.DurationSeconds ?? USER_DEFAULT_SECONDS;
      const seconds = principal.type === 'root' ? Math.min(requested, ROOT_MAX_SECONDS) : requested;
      const { policy, policyArns } = policies.value;
      const session = await deps.issuer.issue(
        {
          kind: 'federation-token',
          account: principal.account,
          subject: { type: 'federated-user', name: input.Name, ...(principal.type === 'user' ? { issuerUserId: principal.userId } : {}) },
          issuedMs: ctx.nowMs,
          expiresMs: ctx.nowMs + seconds * 1000,
          ...(policy === undefined ? {} : { policy }),
          ...(policyArns.length === 0 ? {} : { policyArns }),
          ...(tags.value.tags.length === 0 ? {} : { tags: tags.value.tags }),
        },
        principal.arn,
      );
      return {
        Credentials: credentialsOut(session),
        FederatedUser: { FederatedUserId: `${principal.account}:${input.Name}`, Arn: federatedUserArn(principal.account, input.Name) },
        PackedPolicySize: packed.value,
      };
    },
  });
}
