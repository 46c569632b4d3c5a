import { messages } from '../parse/messages.js';

/**
 * Action/NotAction entry format (recorded cases 11–15): `*`, or `vendor:action` with exactly one colon and a
 * vendor of letters, digits, `-`, `_`, `.` (wildcards allowed). The action part is not checked: IAM accepts
 * `iam: asdf safdsf af ` (recorded valid case 1). Returns AWS's message or undefined.
 */
const VENDOR = /^[A-Za-z0-9_.*?-]+$/;

export function actionIssue(action: string): string | undefined {
  if (action === '*') return undefined;
  const colon = action.indexOf(':');
  if (colon < 0) return messages.actionVendorMissing;
  if (action.indexOf(':', colon + 1) >= 0) return messages.actionOneColon;
  const vendor = action.slice(0, colon);
  if (vendor === '') return messages.actionVendorMissing;
  if (!VENDOR.test(vendor)) return messages.actionVendorInvalid(vendor);
  return undefined;
}

/**
 * The actions a role trust policy may name (IAM-UG id_roles, id_session-tags, id_credentials_temp_control-
 * access_monitor): the assume operations and the session-shaping actions evaluated with them.
 */
const TRUST_ACTIONS = [
  'sts:assumerole',
  'sts:assumerolewithsaml',
  'sts:assumerolewithwebidentity',
  'sts:tagsession',
  'sts:setsourceidentity',
  'sts:setcontext',
];

/**
 * Whether a trust-policy action is acceptable: one of the above (case-insensitive), or a wildcard pattern
 * (`*`, `sts:*`, `sts:AssumeRole*`) that covers at least one of them.
 */
export function isTrustAction(action: string): boolean {
  const lower = action.toLowerCase();
  if (!/[*?]/.test(lower)) return TRUST_ACTIONS.includes(lower);
  const escaped = lower
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  const pattern = new RegExp(`^${escaped}$`, 's');
  return TRUST_ACTIONS.some((a) => pattern.test(a));
}
