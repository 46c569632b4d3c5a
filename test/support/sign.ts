/**
 * Test-only signing with the AWS SDK's own signer (@smithy/signature-v4), so end-to-end tests can send
 * exactly the bytes they want (skewed dates, wrong secrets, odd bodies) through plain fetch.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';

interface SignedFetchInput {
  readonly endpoint: string;
  readonly service: string;
  readonly region?: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly body: string;
  readonly signingDate?: Date;
  readonly headers?: Record<string, string>;
  /** The path and query (default `/`): S3 requests such as `/bucket?delete`. */
  readonly path?: string;
}

export async function signedPost(input: SignedFetchInput): Promise<{ status: number; text: string; headers: Headers }> {
  const url = new URL(input.endpoint);
  const target = new URL(input.path ?? '/', input.endpoint);
  const query = Object.fromEntries([...target.searchParams.entries()]);
  const request = {
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: target.pathname,
    headers: {
      host: url.host,
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      ...input.headers,
    },
    query,
    body: input.body,
  };
  const signer = new SignatureV4({
    service: input.service,
    region: input.region ?? 'us-east-1',
    sha256: Sha256,
    credentials: {
      accessKeyId: input.accessKeyId,
      secretAccessKey: input.secretAccessKey,
      ...(input.sessionToken === undefined ? {} : { sessionToken: input.sessionToken }),
    },
  });
  const signed = await signer.sign(request, input.signingDate === undefined ? {} : { signingDate: input.signingDate });
  const headers = Object.fromEntries(Object.entries(signed.headers).filter(([name]) => name !== 'host'));
  const response = await fetch(new URL(input.path ?? '/', input.endpoint), { method: 'POST', headers, body: input.body });
  return { status: response.status, text: await response.text(), headers: response.headers };
}

/** The text of one XML element, for asserting on error envelopes. */
export function xmlText(xml: string, element: string): string | undefined {
  const match = new RegExp(`<${element}>([\\s\\S]*?)</${element}>`).exec(xml);
  return match?.[1];
}
