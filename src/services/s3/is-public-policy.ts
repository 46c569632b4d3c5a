/**
 * Whether S3 deems a bucket policy public (aws-behaviour.md §9.6; S3-UG access-control-block-public-access "The
 * meaning of public"): a policy is public unless every Allow statement is limited to a fixed principal (no `*`)
 * or by a condition with fixed values (no wildcard, no policy variable) on one of the keys S3 accepts as
 * limiting, `aws:SourceIp` only with ranges no wider than /8 (IPv4) or /32 (IPv6). Deny statements never make
 * a policy public. A text that is not a JSON policy is not public (S3 validated it when it was put).
 */

const LIMITING_KEYS: ReadonlySet<string> = new Set([
  'aws:principalorgid',
  'aws:sourcearn',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'aws:sourceowner',
  'aws:sourceaccount',
  'aws:userid',
  's3:x-amz-server-side-encryption-aws-kms-key-id',
  's3:dataaccesspointarn',
  'aws:sourceip',
]);

/** Operators that pin a key to the values listed (negated and pattern operators do not). */
const FIXING_OPERATORS = /^(ForAnyValue:|ForAllValues:)?(StringEquals|StringEqualsIgnoreCase|ArnEquals|ArnLike|IpAddress)(IfExists)?$/;

type Json = unknown;

const asList = (value: Json): readonly Json[] => (Array.isArray(value) ? value : [value]);

function isFixed(value: Json): boolean {
  return typeof value === 'string' && !/[*?]/.test(value) && !value.includes('${');
}

function narrowCidr(value: string): boolean {
  const [address, bits] = value.split('/');
  if (address === undefined) return false;
  const ipv6 = address.includes(':');
  const prefix = bits === undefined ? (ipv6 ? 128 : 32) : Number(bits);
  return Number.isInteger(prefix) && prefix >= (ipv6 ? 32 : 8);
}

function limitingCondition(condition: Json): boolean {
  if (condition === null || typeof condition !== 'object') return false;
  for (const [operator, block] of Object.entries(condition as Record<string, Json>)) {
    if (!FIXING_OPERATORS.test(operator) || block === null || typeof block !== 'object') continue;
    for (const [key, values] of Object.entries(block as Record<string, Json>)) {
      const lower = key.toLowerCase();
      if (!LIMITING_KEYS.has(lower)) continue;
      const list = asList(values);
      if (list.length === 0 || !list.every(isFixed)) continue;
      if (lower === 'aws:sourceip' && !list.every((v) => narrowCidr(v as string))) continue;
      return true;
    }
  }
  return false;
}

function publicPrincipal(principal: Json): boolean {
  if (principal === '*') return true;
  if (principal === null || typeof principal !== 'object') return false;
  return Object.values(principal as Record<string, Json>).some((values) => asList(values).some((v) => typeof v !== 'string' || !isFixed(v)));
}

function publicStatement(statement: Json): boolean {
  if (statement === null || typeof statement !== 'object') return false;
  const s = statement as Record<string, Json>;
  if (s['Effect'] !== 'Allow') return false;
  // NotPrincipal in an Allow admits everyone but those listed.
  const open = s['NotPrincipal'] !== undefined || publicPrincipal(s['Principal']);
  return open && !limitingCondition(s['Condition']);
}

export function isPublicPolicy(text: string): boolean {
  let document: Json;
  try {
    document = JSON.parse(text);
  } catch {
    return false;
  }
  if (document === null || typeof document !== 'object') return false;
  return asList((document as Record<string, Json>)['Statement']).some(publicStatement);
}

/** The policy with its Allow statements removed: what RestrictPublicBuckets leaves of a public policy for outsiders. */
export function denyStatementsOnly(text: string): string {
  const document = JSON.parse(text) as Record<string, Json>;
  const statements = asList(document['Statement']).filter(
    (s) => s !== null && typeof s === 'object' && (s as Record<string, Json>)['Effect'] === 'Deny',
  );
  return JSON.stringify({ ...document, Statement: statements });
}
