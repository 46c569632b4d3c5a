/**
 * SetSecurityTokenServicePreferences (aws-iam-s3-more.md §A3.7): which session tokens the STS global endpoint
 * issues, `v1Token` (valid only in the regions enabled by default) or `v2Token` (valid everywhere). No output;
 * the choice shows in GetAccountSummary's `GlobalEndpointTokenVersion` (1 or 2). The lab's tokens are the same
 * in every region, so the setting changes nothing else. The action has no resource type: `*`.
 */
import type * as Iam from '../../../protocol/models/iam.js';
import { defineOperation } from '../../operation.js';
import type { StsPreferencesRecord } from '../account-records.js';

export const setSecurityTokenServicePreferences = defineOperation<Iam.SetSecurityTokenServicePreferencesRequest, Record<string, never>>({
  name: 'SetSecurityTokenServicePreferences',
  authorization: { kind: 'policy', action: 'iam:SetSecurityTokenServicePreferences', resources: () => ['*'] },
  handle: (input, ctx) =>
    ctx.iam.mutate(() => {
      const preferences: StsPreferencesRecord = { account: ctx.account, globalEndpointTokenVersion: input.GlobalEndpointTokenVersion };
      return { writes: [{ op: 'put-sts-preferences', preferences }], result: {} };
    }, ctx.requestId),
});

/** GetAccountSummary's `GlobalEndpointTokenVersion`: 2 once v2 tokens were asked for, else 1 [U: newer accounts may start at 2]. */
export function globalEndpointTokenVersion(preferences: StsPreferencesRecord | undefined): 1 | 2 {
  return preferences?.globalEndpointTokenVersion === 'v2Token' ? 2 : 1;
}
