/**
 * SigV2's string to sign (§5.4):
 * ```
 * <METHOD>\n<Content-MD5>\n<Content-Type>\n<Date | Expires>\n
 * x-amz-a:v\n … (lower-case names, sorted, repeated values joined with ",")
 * <CanonicalizedResource>
 * ```
 */
interface SigV2StringToSignParts {
  readonly method: string;
  readonly contentMd5: string;
  readonly contentType: string;
  /** The Date header (header form) or the Expires epoch seconds (query form). */
  readonly dateOrExpires: string;
  /** Lower-case names; sorted here. */
  readonly amzHeaders: readonly (readonly [string, string])[];
  readonly canonicalResource: string;
}

export function sigv2StringToSign(parts: SigV2StringToSignParts): string {
  const amz = [...parts.amzHeaders]
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([name, value]) => `${name}:${value}\n`)
    .join('');
  return `${parts.method.toUpperCase()}\n${parts.contentMd5}\n${parts.contentType}\n${parts.dateOrExpires}\n${amz}${parts.canonicalResource}`;
}
