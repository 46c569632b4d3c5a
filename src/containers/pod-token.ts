/**
 * The pod's projected service-account token (aws-behaviour.md §4.7): a JWT with the claims Kubernetes puts in
 * one (`iss` the cluster's OIDC issuer, `sub` `system:serviceaccount:<namespace>:<name>`, `aud`
 * `pods.eks.amazonaws.com`, `kubernetes.io` with the pod's name and uid), written to the file
 * AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE names. Its signature is random bytes: the lab knows its tokens by
 * their whole text, as EKS Auth knows them by the cluster's signing key. It carries no `exp`: kubelet renews a
 * projected token long before its 24 hours run out, and the lab has no kubelet to rewrite the file.
 *
 * `checkPodToken` is what the Pod Identity Agent checks itself before calling EKS Auth (§4.7,
 * eks-pod-identity-agent internal/validation/request.go): not empty, parses as a JWT (unverified), and its
 * `exp`/`nbf` hold. The texts follow golang-jwt v5's error messages (the first part exactly; the detail of a
 * base64 or JSON failure is shortened [U]).
 */
import { createHash } from 'node:crypto';

/** The audience of a Pod Identity token (§4.7: `audience: pods.eks.amazonaws.com`). */
const POD_AUDIENCE = 'pods.eks.amazonaws.com';

interface PodTokenClaims {
  readonly region: string;
  readonly account: string;
  readonly clusterName: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly serviceAccountUid: string;
  readonly podName: string;
  readonly podUid: string;
  readonly jti: string;
  /** Virtual epoch ms. */
  readonly issuedMs: number;
}

const b64url = (value: string | Buffer): string => Buffer.from(value).toString('base64url');

/** The cluster's OIDC issuer: 32 upper-case hex characters derived from the cluster, so its pods share one. */
function issuerOf(region: string, account: string, clusterName: string): string {
  const id = createHash('sha256').update(`${account}/${region}/${clusterName}`).digest('hex').slice(0, 32).toUpperCase();
  return `https://oidc.eks.${region}.amazonaws.com/id/${id}`;
}

/** `signature`: 256 random bytes, the size of an RS256 signature with a 2048-bit key. */
export function mintPodToken(claims: PodTokenClaims, signature: Buffer): string {
  const seconds = Math.floor(claims.issuedMs / 1000);
  const header = {
    alg: 'RS256',
    kid: createHash('sha1')
      .update(issuerOf(claims.region, claims.account, claims.clusterName))
      .digest('hex'),
  };
  const payload = {
    aud: [POD_AUDIENCE],
    iat: seconds,
    iss: issuerOf(claims.region, claims.account, claims.clusterName),
    jti: claims.jti,
    'kubernetes.io': {
      namespace: claims.namespace,
      pod: { name: claims.podName, uid: claims.podUid },
      serviceaccount: { name: claims.serviceAccount, uid: claims.serviceAccountUid },
    },
    nbf: seconds,
    sub: `system:serviceaccount:${claims.namespace}:${claims.serviceAccount}`,
  };
  return `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}.${b64url(signature)}`;
}

type PodTokenCheck = { readonly kind: 'ok' } | { readonly kind: 'refused'; readonly message: string };

/** golang-jwt v5 `GetSigningMethod`: the algorithms it knows. */
const KNOWN_ALGORITHMS = new Set([
  'HS256',
  'HS384',
  'HS512',
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'none',
]);

const BASE64URL = /^[A-Za-z0-9_-]*$/;

function decodeSegment(segment: string): unknown {
  // Go's RawURLEncoding: no padding, url alphabet (golang-jwt v5 DecodeSegment).
  if (!BASE64URL.test(segment) || segment.length % 4 === 1) throw new Error('base64');
  const text = Buffer.from(segment, 'base64url').toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error('json');
  }
}

/** `nowMs`: virtual time, the agent's clock inside the lab. */
export function checkPodToken(token: string, nowMs: number): PodTokenCheck {
  if (token === '') return { kind: 'refused', message: 'Service account token cannot be empty' };
  const parsed = parseUnverified(token);
  if (typeof parsed === 'string') return { kind: 'refused', message: `Service account token cannot be parsed: ${parsed}` };
  const problems: string[] = [];
  const now = nowMs / 1000;
  // golang-jwt v5 validator: expired when now >= exp; not valid yet when now < nbf; no leeway; iat not checked.
  if (typeof parsed.exp === 'number' && now >= parsed.exp) problems.push('token is expired');
  if (typeof parsed.nbf === 'number' && now < parsed.nbf) problems.push('token is not valid yet');
  return problems.length === 0
    ? { kind: 'ok' }
    : { kind: 'refused', message: `Service account token failed basic claim validations: token has invalid claims: ${problems.join(', ')}` };
}

/** The registered claims, or golang-jwt's message for why the token does not parse. */
function parseUnverified(token: string): { readonly exp?: unknown; readonly nbf?: unknown } | string {
  const parts = token.split('.');
  if (parts.length !== 3) return 'token is malformed: token contains an invalid number of segments';
  let header: unknown;
  try {
    header = decodeSegment(parts[0] ?? '');
  } catch (error) {
    if (token.toLowerCase().startsWith('bearer ')) return "token is malformed: tokenstring should not contain 'bearer '";
    return `token is malformed: could not ${(error as Error).message === 'json' ? 'JSON' : 'base64'} decode header`;
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) return 'token is malformed: could not JSON decode header';
  let claims: unknown;
  try {
    claims = decodeSegment(parts[1] ?? '');
  } catch (error) {
    return `token is malformed: could not ${(error as Error).message === 'json' ? 'JSON' : 'base64'} decode claim`;
  }
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) return 'token is malformed: could not JSON decode claim';
  const { exp, nbf } = claims as { exp?: unknown; nbf?: unknown };
  // RegisteredClaims decodes exp and nbf as NumericDate: anything but a number fails the JSON decode.
  if ((exp !== undefined && exp !== null && typeof exp !== 'number') || (nbf !== undefined && nbf !== null && typeof nbf !== 'number')) {
    return 'token is malformed: could not JSON decode claim';
  }
  const { alg } = header as { alg?: unknown };
  if (typeof alg !== 'string') return 'token is unverifiable: signing method (alg) is unspecified';
  if (!KNOWN_ALGORITHMS.has(alg)) return 'token is unverifiable: signing method (alg) is unavailable';
  return { exp, nbf };
}
