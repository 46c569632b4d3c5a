/**
 * Step 1 (§6.2): the canonical request. `canonicalHeaders` already ends every line with `\n`, which is why
 * an empty line separates the headers from the signed-header list:
 * ```
 * GET
 * /
 * Param1=value1
 * host:example.amazonaws.com
 * x-amz-date:20150830T123600Z
 *
 * host;x-amz-date
 * e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
 * ```
 */
interface CanonicalRequestParts {
  readonly method: string;
  readonly canonicalUri: string;
  readonly canonicalQueryString: string;
  readonly canonicalHeaders: string;
  readonly signedHeadersLine: string;
  readonly payloadHash: string;
}

export function canonicalRequest(parts: CanonicalRequestParts): string {
  return `${parts.method}\n${parts.canonicalUri}\n${parts.canonicalQueryString}\n${parts.canonicalHeaders}\n${parts.signedHeadersLine}\n${parts.payloadHash}`;
}
