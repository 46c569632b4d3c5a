/**
 * IAM Enable/Disable/GetOutboundWebIdentityFederation(Info) (aws-federation.md §6.1): per-account state kept by
 * `OidcIssuers`. Enabling makes the account's issuer `https://<uuid>.tokens.sts.global.api.aws` (the same one
 * again after a disable) and its RS256 and ES384 keys. Get answers 404 `FeatureDisabled` for an account that
 * never enabled it, and `JwtVendingEnabled` false after a disable (the issuer is kept) — §6.1's recommendation.
 */
import type * as Iam from '../../protocol/models/iam.js';
import { defineOperation } from '../operation.js';
import type { Operation } from '../operation.js';
import { outboundIssuerUrl } from './issuer-url.js';
import type { OidcIssuers } from './oidc-issuers-state.js';
import { outboundErrors } from './outbound-errors.js';

type NoInput = Record<string, never>;

export function outboundIamOperations(issuers: OidcIssuers): Operation[] {
  return [
    defineOperation<NoInput, Iam.EnableOutboundWebIdentityFederationResponse>({
      name: 'EnableOutboundWebIdentityFederation',
      authorization: { kind: 'policy', action: 'iam:EnableOutboundWebIdentityFederation', resources: () => ['*'] },
      handle: async (_input, ctx) => {
        const outcome = await issuers.enableOutbound(ctx.account, ctx.nowMs);
        if (outcome.kind === 'already-enabled') throw outboundErrors.featureEnabled();
        return { IssuerIdentifier: outboundIssuerUrl(outcome.record.issuerId) };
      },
    }),
    defineOperation<NoInput, Record<string, never>>({
      name: 'DisableOutboundWebIdentityFederation',
      authorization: { kind: 'policy', action: 'iam:DisableOutboundWebIdentityFederation', resources: () => ['*'] },
      handle: async (_input, ctx) => {
        if ((await issuers.disableOutbound(ctx.account, ctx.nowMs)) === 'not-enabled') throw outboundErrors.alreadyDisabled();
        return {};
      },
    }),
    defineOperation<NoInput, Iam.GetOutboundWebIdentityFederationInfoResponse>({
      name: 'GetOutboundWebIdentityFederationInfo',
      authorization: { kind: 'policy', action: 'iam:GetOutboundWebIdentityFederationInfo', resources: () => ['*'] },
      handle: (_input, ctx) => {
        const record = issuers.outboundFederation(ctx.account);
        if (record === undefined) throw outboundErrors.neverEnabled();
        return { IssuerIdentifier: outboundIssuerUrl(record.issuerId), JwtVendingEnabled: record.enabled };
      },
    }),
  ];
}
