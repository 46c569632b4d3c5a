/**
 * Builds the request context of global condition keys (aws-behaviour.md §7.6) from who is calling, with what
 * credentials, and what the request is. Time comes in as `nowMs` (the virtual clock, epoch ms); nothing here
 * reads the system clock.
 */
import { rootArn } from '../../arn/arn.js';
import type { RequestPrincipal } from '../principal/request-principal.js';
import type { ContextValue, RequestContext } from './request-context.js';
import { RequestContextBuilder } from './request-context.js';

/** How the credentials of the request were obtained (§1.8, §4.3, §7.6). */
export type CredentialInfo =
  | { readonly kind: 'long-term' }
  | {
      readonly kind: 'temporary';
      /** When the session was issued (→ `aws:TokenIssueTime`, used by revocation, §2.6). */
      readonly issuedAtMs: number;
      /**
       * When MFA was validated for this session, if its context carries MFA (§1.8: the caller decides, e.g. role
       * sessions carry none by default). Absent → `aws:MultiFactorAuthPresent=false`, no Age.
       */
      readonly mfaAuthenticatedAtMs?: number;
      readonly sourceIdentity?: string;
      /** Credentials delivered by IMDS to an EC2 instance (§4.3, §7.6). */
      readonly ec2?: {
        readonly instanceArn: string;
        readonly roleDelivery: '1.0' | '2.0';
        readonly vpcId?: string;
        readonly privateIpv4?: string;
      };
      /** A web identity or SAML session (aws-federation.md §2.3, §3.6): `aws:FederatedProvider` and the provider's keys. */
      readonly federation?: {
        readonly provider: string;
        readonly keys: Readonly<Record<string, string | readonly string[]>>;
      };
    };

export interface RequestInfo {
  /** Region of the request (`us-east-1` for IAM and global STS). */
  readonly region: string;
  readonly sourceIp?: string;
  readonly secureTransport: boolean;
  readonly requestTags?: Readonly<Record<string, string>>;
  readonly resourceTags?: Readonly<Record<string, string>>;
  readonly userAgent?: string;
  /** Service-specific keys (`sts:ExternalId`, `iam:PassedToService`, `s3:prefix`…), added as given. */
  readonly extra?: Readonly<Record<string, ContextValue | undefined>>;
}

export interface BuildContextInput {
  readonly principal: RequestPrincipal;
  readonly credentials: CredentialInfo;
  /** Tags of the user or role, already merged with session tags (session tags win, §1.3). */
  readonly principalTags?: Readonly<Record<string, string>>;
  readonly request: RequestInfo;
  readonly nowMs: number;
}

const PRINCIPAL_TYPE: Readonly<Record<RequestPrincipal['kind'], string | undefined>> = {
  root: 'Account',
  user: 'User',
  'assumed-role': 'AssumedRole',
  'federated-user': 'FederatedUser',
  anonymous: 'Anonymous',
  service: undefined,
  federated: undefined,
};

function principalKeys(p: RequestPrincipal, out: RequestContextBuilder): void {
  out.set('aws:PrincipalType', PRINCIPAL_TYPE[p.kind]);
  switch (p.kind) {
    case 'root':
      out.set('aws:PrincipalArn', rootArn(p.account));
      out.set('aws:PrincipalAccount', p.account);
      out.set('aws:userid', p.account);
      break;
    case 'user':
      out.set('aws:PrincipalArn', p.arn);
      out.set('aws:PrincipalAccount', p.account);
      out.set('aws:userid', p.id);
      out.set('aws:username', p.name);
      break;
    case 'assumed-role':
      // §7.6: the role ARN with its path, not the session ARN.
      out.set('aws:PrincipalArn', p.roleArn);
      out.set('aws:PrincipalAccount', p.account);
      out.set('aws:userid', `${p.roleId}:${p.sessionName}`);
      break;
    case 'federated-user':
      out.set('aws:PrincipalArn', p.arn);
      out.set('aws:PrincipalAccount', p.account);
      out.set('aws:userid', `${p.account}:${p.name}`);
      break;
    case 'service':
      out.set('aws:PrincipalServiceName', p.service);
      out.set('aws:PrincipalIsAWSService', 'true');
      return;
    case 'federated':
    case 'anonymous':
      break;
  }
  out.set('aws:PrincipalIsAWSService', 'false');
}

function credentialKeys(c: CredentialInfo, nowMs: number, out: RequestContextBuilder): void {
  if (c.kind === 'long-term') return; // §1.8, §2.6: no TokenIssueTime, no MFA keys for long-term keys.
  out.set('aws:TokenIssueTime', new Date(c.issuedAtMs).toISOString());
  out.set('aws:MultiFactorAuthPresent', c.mfaAuthenticatedAtMs === undefined ? 'false' : 'true');
  if (c.mfaAuthenticatedAtMs !== undefined) {
    out.set('aws:MultiFactorAuthAge', String(Math.max(0, Math.floor((nowMs - c.mfaAuthenticatedAtMs) / 1000))));
  }
  out.set('aws:SourceIdentity', c.sourceIdentity);
  if (c.ec2 !== undefined) {
    out.set('ec2:SourceInstanceARN', c.ec2.instanceArn);
    out.set('ec2:RoleDelivery', c.ec2.roleDelivery);
    out.set('aws:Ec2InstanceSourceVpc', c.ec2.vpcId);
    out.set('aws:Ec2InstanceSourcePrivateIPv4', c.ec2.privateIpv4);
  }
  if (c.federation !== undefined) {
    out.set('aws:FederatedProvider', c.federation.provider);
    for (const [key, value] of Object.entries(c.federation.keys)) out.set(key, value);
  }
}

function tagKeys(prefix: string, tags: Readonly<Record<string, string>> | undefined, out: RequestContextBuilder): void {
  for (const [k, v] of Object.entries(tags ?? {})) out.set(`${prefix}${k}`, v);
}

export function buildRequestContext(input: BuildContextInput): RequestContext {
  const out = new RequestContextBuilder();
  out.set('aws:CurrentTime', new Date(input.nowMs).toISOString());
  out.set('aws:EpochTime', String(Math.floor(input.nowMs / 1000)));
  principalKeys(input.principal, out);
  credentialKeys(input.credentials, input.nowMs, out);
  const r = input.request;
  out.set('aws:SourceIp', r.sourceIp);
  out.set('aws:SecureTransport', r.secureTransport ? 'true' : 'false');
  out.set('aws:RequestedRegion', r.region);
  out.set('aws:ViaAWSService', 'false');
  out.set('aws:UserAgent', r.userAgent);
  tagKeys('aws:PrincipalTag/', input.principalTags, out);
  tagKeys('aws:RequestTag/', r.requestTags, out);
  if (r.requestTags !== undefined) out.set('aws:TagKeys', Object.keys(r.requestTags));
  tagKeys('aws:ResourceTag/', r.resourceTags, out);
  for (const [k, v] of Object.entries(r.extra ?? {})) out.set(k, v);
  return out.build();
}
