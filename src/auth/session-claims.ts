/**
 * What a session token carries (design.md "Identities and credentials": the token is the session, sealed
 * under the lab key by `sealed-token.ts`, so authentication needs no lookup). The shape is versioned: a
 * token of an unknown version simply fails to open, as a forged one does.
 *
 * Times are virtual epoch ms (design.md "Time"). Session policies are kept as submitted (inline text and
 * managed ARNs) and resolved when a request is authorized, so a managed policy's new default version applies
 * to running sessions as on AWS.
 */
export const SESSION_CLAIMS_VERSION = 1;

/** Who the session acts as. Role sessions name the role by unique id: a recreated role is another role. */
export type SessionSubject =
  | {
      readonly type: 'role';
      readonly roleId: string;
      readonly roleArn: string;
      readonly roleName: string;
      readonly sessionName: string;
    }
  | { readonly type: 'user'; readonly userId: string; readonly userName: string; readonly path: string }
  | { readonly type: 'root' }
  /**
   * A GetFederationToken session (aws-behaviour.md §10.5): `arn:aws:sts::A:federated-user/<name>`, acting with
   * the permissions of the IAM user that asked for it (`issuerUserId`; absent when root asked) as limited by
   * its session policies.
   */
  | { readonly type: 'federated-user'; readonly name: string; readonly issuerUserId?: string };

export interface SessionTag {
  readonly key: string;
  readonly value: string;
}

/** Credentials IMDS delivered to an instance (the EC2/IMDS issue fills this in, aws-behaviour.md §7.6). */
export interface Ec2Delivery {
  readonly instanceArn: string;
  readonly roleDelivery: '1.0' | '2.0';
}

/**
 * How a web identity or SAML session came to be (aws-federation.md §2.3, §3.6): the provider (an IAM OIDC or
 * SAML provider ARN, `aws:FederatedProvider`) and the provider's keys that stay available to the session's
 * later requests (`<provider>:sub`, `:aud`, `:amr`; `saml:sub`, `saml:sub_type`, `saml:namequalifier`).
 */
export interface SessionFederation {
  readonly kind: 'web-identity' | 'saml';
  readonly provider: string;
  readonly keys: Readonly<Record<string, string | readonly string[]>>;
}

export interface SessionClaims {
  readonly v: typeof SESSION_CLAIMS_VERSION;
  /** `assumed-role`: AssumeRole (and IMDS); `session-token`: GetSessionToken; `federation-token`: GetFederationToken. */
  readonly kind: 'assumed-role' | 'session-token' | 'federation-token';
  readonly accessKeyId: string;
  readonly account: string;
  readonly subject: SessionSubject;
  readonly issuedMs: number;
  readonly expiresMs: number;
  /** When MFA was validated for this session (§1.8); absent without MFA. */
  readonly mfaMs?: number;
  /** Inline session policy text, as submitted (§1.3). */
  readonly policy?: string;
  readonly policyArns?: readonly string[];
  readonly tags?: readonly SessionTag[];
  /** Keys of `tags` that pass on to chained sessions (§1.3). */
  readonly transitiveTagKeys?: readonly string[];
  readonly sourceIdentity?: string;
  /** The caller that created this session held temporary credentials itself (§1.3 role chaining). */
  readonly chained?: boolean;
  readonly ec2?: Ec2Delivery;
  readonly federation?: SessionFederation;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isStringList = (v: unknown): v is readonly string[] => Array.isArray(v) && v.every(isString);

function isSubject(v: unknown): v is SessionSubject {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Record<string, unknown>;
  switch (s['type']) {
    case 'role':
      return isString(s['roleId']) && isString(s['roleArn']) && isString(s['roleName']) && isString(s['sessionName']);
    case 'user':
      return isString(s['userId']) && isString(s['userName']) && isString(s['path']);
    case 'root':
      return true;
    case 'federated-user':
      return isString(s['name']) && (s['issuerUserId'] === undefined || isString(s['issuerUserId']));
    default:
      return false;
  }
}

function isTags(v: unknown): v is readonly SessionTag[] {
  return (
    Array.isArray(v) && v.every((t) => typeof t === 'object' && t !== null && isString((t as SessionTag).key) && isString((t as SessionTag).value))
  );
}

function isFederation(v: unknown): v is SessionFederation {
  if (typeof v !== 'object' || v === null) return false;
  const f = v as Record<string, unknown>;
  const keys = f['keys'];
  return (
    (f['kind'] === 'web-identity' || f['kind'] === 'saml') &&
    isString(f['provider']) &&
    typeof keys === 'object' &&
    keys !== null &&
    Object.values(keys).every((value) => isString(value) || isStringList(value))
  );
}

/**
 * The claims of an opened token, or undefined when the JSON is not a session of this version. The token was
 * authenticated by AES-GCM, so this guards against our own older formats, not against forgery.
 */
export function readClaims(value: unknown): SessionClaims | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const c = value as Record<string, unknown>;
  if (c['v'] !== SESSION_CLAIMS_VERSION) return undefined;
  if (c['kind'] !== 'assumed-role' && c['kind'] !== 'session-token' && c['kind'] !== 'federation-token') return undefined;
  if (!isString(c['accessKeyId']) || !isString(c['account']) || !isSubject(c['subject'])) return undefined;
  if (!isNumber(c['issuedMs']) || !isNumber(c['expiresMs'])) return undefined;
  if (c['mfaMs'] !== undefined && !isNumber(c['mfaMs'])) return undefined;
  if (c['policy'] !== undefined && !isString(c['policy'])) return undefined;
  if (c['policyArns'] !== undefined && !isStringList(c['policyArns'])) return undefined;
  if (c['tags'] !== undefined && !isTags(c['tags'])) return undefined;
  if (c['transitiveTagKeys'] !== undefined && !isStringList(c['transitiveTagKeys'])) return undefined;
  if (c['sourceIdentity'] !== undefined && !isString(c['sourceIdentity'])) return undefined;
  if (c['federation'] !== undefined && !isFederation(c['federation'])) return undefined;
  return value as SessionClaims;
}
