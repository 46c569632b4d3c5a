/**
 * What the fuzzer's request generators share: the request it sends, what a surface's answer must look like,
 * SigV4 signing with the lab's root keys, and form encoding that never throws.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { ROOT_KEYS } from './lab-process.js';

export type Family =
  | 'query'
  | 'ec2'
  | 's3'
  | 'auth'
  | 'presigned'
  | 'imds'
  | 'admin'
  | 'raw'
  /** STS AssumeRoleWithWebIdentity, AssumeRoleWithSAML (unsigned), GetWebIdentityToken, AssumeRoot. */
  | 'federation'
  /** IAM OIDC and SAML providers, outbound federation, organizations root access, delegation requests. */
  | 'providers'
  /** `/_iamlab/oidc/*`, `/_iamlab/saml/*`, `/_iamlab/tasks`, `/_iamlab/pod-identity-associations`. */
  | 'federation-admin'
  /** The ECS agent and the EKS Pod Identity Agent, reached with container tokens. */
  | 'agents';

/**
 * What an answer must be beyond "no 5xx, well-formed": the query protocol's envelope for this operation with an
 * error code it can give; the admin API's JSON; each agent's documented answers.
 */
export type Expectation =
  | { readonly kind: 'query'; readonly operation: string; readonly codes: readonly string[] }
  | { readonly kind: 'admin-json' }
  | { readonly kind: 'ecs-agent' }
  | { readonly kind: 'pod-agent' };

export interface FuzzRequest {
  readonly family: Family;
  readonly method: string;
  readonly target: string;
  readonly headers: [string, string][];
  readonly body: Buffer;
  /** The metadata listener's port instead of the gateway's. */
  readonly port?: number;
  /** Raw bytes written on a socket instead of an HTTP request. */
  readonly raw?: Buffer;
  readonly expect?: Expectation;
}

/** encodeURIComponent for any string: a lone surrogate (which it refuses) is sent as U+FFFD. */
export function enc(text: string): string {
  return encodeURIComponent(text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'));
}

/** `a=b&c=d` from pairs, each side encoded. */
export function form(pairs: readonly (readonly [string, string])[]): string {
  return pairs.map(([name, value]) => `${enc(name)}=${enc(value)}`).join('&');
}

export async function sign(
  service: string,
  method: string,
  path: string,
  query: Record<string, string>,
  headers: Record<string, string>,
  body: string,
  port: number,
): Promise<Record<string, string>> {
  const signer = new SignatureV4({ service, region: 'us-east-1', sha256: Sha256, credentials: ROOT_KEYS, uriEscapePath: service !== 's3' });
  const signed = await signer.sign({
    method,
    protocol: 'http:',
    hostname: '127.0.0.1',
    port,
    path,
    query,
    headers: { host: `127.0.0.1:${port}`, ...headers },
    body,
  });
  return signed.headers;
}

export const FORM_TYPE = 'application/x-www-form-urlencoded; charset=utf-8';
