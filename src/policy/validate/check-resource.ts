import { messages } from '../parse/messages.js';
import { isPolicyPartition, paddedArn } from './arn-parts.js';

/**
 * Resource/NotResource format checks for permission policies, in the order IAM applies them to one entry
 * (recorded cases 16–25, 35, 38, 55, 56): ARN shape, partition, `arn` prefix, vendor, then the two global
 * services' rules (IAM: no region, known path prefix; S3 buckets and objects: no region).
 * Returns AWS's message, or undefined when the entry is acceptable here (legacy-shaped ARNs are reported
 * by `failsLegacyResourceParsing` instead, because IAM reports them before any of these).
 */
const IAM_PATH_PREFIXES = [
  'user/',
  'federated-user/',
  'role/',
  'group/',
  'instance-profile/',
  'mfa/',
  'server-certificate/',
  'policy/',
  'sms-mfa/',
  'saml-provider/',
  'oidc-provider/',
  'report/',
  'access-report/',
];

export function resourceIssue(resource: string): string | undefined {
  if (resource === '*') return undefined;
  const parts = resource.split(':');
  const [first = '', partition = '', vendor = '', region = '', account = ''] = parts;
  if (parts.length < 2) return messages.resourceNotArn(resource);
  if (!isPolicyPartition(partition)) return messages.resourcePartition(partition, paddedArn(parts));
  if (first !== 'arn') return messages.resourceNotArn(resource);
  if (parts.length < 3 || /[*?]/.test(vendor)) return messages.resourceVendor;
  if (failsLegacyResourceParsing(resource) || parts.length < 6) return undefined;
  if (vendor === 'iam') {
    if (region !== '') return messages.iamResourceRegion(resource);
    const path = parts.slice(5).join(':');
    // The account root is a resource too, though AWS's message does not list it (AWS managed policy
    // IAMAuditRootUserCredentials uses `arn:aws:iam::*:root`).
    const known = path === '*' || path === 'root' || IAM_PATH_PREFIXES.some((p) => path.startsWith(p));
    if (!known) return messages.iamResourcePath;
  }
  // Buckets and objects (`arn:aws:s3:::bucket/key`) carry neither region nor account; S3 control resources
  // such as access points carry both (recorded valid case 53), so only the account-less form is refused.
  if (vendor === 's3' && region !== '' && account === '') return messages.resourceRegion(resource);
  return undefined;
}

/**
 * ARNs in a known partition that IAM's legacy parser refuses: an empty vendor, or four or five fields
 * (`arn:aws:s3::bucket`, `arn:aws::x`). Three fields (`arn:aws:fdsasf`) pass, as recorded (valid case 9).
 */
export function failsLegacyResourceParsing(resource: string): boolean {
  const parts = resource.split(':');
  if (parts.length < 3 || !isPolicyPartition(parts[1] ?? '')) return false;
  return parts[2] === '' || parts.length === 4 || parts.length === 5;
}
