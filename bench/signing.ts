/** Pre-signed requests for the load generator, signed by the AWS SDK's own signer. */
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { LoadRequest } from './load.js';

export async function signedQueryRequest(
  url: string,
  service: string,
  body: string,
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
): Promise<LoadRequest> {
  const { hostname, port, host } = new URL(url);
  const signer = new SignatureV4({ service, region: 'us-east-1', sha256: Sha256, credentials });
  const signed = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname,
    port: Number(port),
    path: '/',
    query: {},
    headers: { host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', 'content-length': String(Buffer.byteLength(body)) },
    body,
  });
  return { method: 'POST', path: '/', headers: signed.headers, body };
}
