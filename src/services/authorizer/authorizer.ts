/**
 * The authorization port (design.md "One request", step 5): the gateway asks, a service-side authorizer
 * answers with a decision record for the audit trail and, for a denial, what the AccessDenied error says.
 * It lives with the services so that they can implement it and reuse its parts (STS's trust evaluation).
 */
import type { Credential } from '../../auth/credentials.js';
import type { Principal } from '../../auth/principal.js';
import type { AwsError } from '../../errors/aws-error.js';
import type { ContextValue } from '../../policy/evaluator.js';
import type { Json } from '../../store/port.js';
import type { ServiceContext } from '../service-context.js';

/** What the request itself tells policy conditions (aws-behaviour.md §7.6). */
export interface RequestFacts {
  readonly sourceIp?: string;
  readonly secureTransport: boolean;
  readonly userAgent?: string;
  /** Service-specific keys the request carries (S3: `s3:signatureversion`, `s3:authType`, `s3:signatureAge`). */
  readonly serviceKeys?: Readonly<Record<string, string>>;
}

/**
 * The account that owns the resources a request acts on and their resource-based policy, when the ARN
 * cannot say (S3 bucket ARNs carry no account, aws-behaviour.md §5.6) or a policy applies (bucket policies).
 */
export interface ResourceOwner {
  readonly account: string;
  /** The resource-based policy document, as stored. */
  readonly policy?: string;
  /** S3 ACL grants written as a resource-based policy, weighed alongside `policy` (aws-behaviour.md §9.6). */
  readonly aclPolicy?: string;
}

/** One action on one resource that must be allowed. */
export interface AuthorizationCheck {
  readonly action: string;
  readonly resource: string;
  /** This check's resource owner and policy, when not the request's (CopyObject's source bucket). */
  readonly owner?: ResourceOwner;
  /** Condition keys this check carries besides the request's (S3's object tags, aws-behaviour.md §9.4). */
  readonly context?: Readonly<Record<string, ContextValue>>;
}

export interface AuthorizationQuery {
  /** Anonymous only where a resource-based policy may allow it (S3). */
  readonly principal: Principal;
  /** Absent for anonymous requests. */
  readonly credential: Credential | undefined;
  /** Every check must be allowed: the operation's action on each resource, then any extra checks (PassRole). */
  readonly checks: readonly AuthorizationCheck[];
  readonly context: ServiceContext;
  readonly request: RequestFacts;
  readonly owner?: ResourceOwner;
}

/** The record the audit trail keeps of a request's authorization. */
export interface AuthorizationRecord {
  readonly action: string;
  readonly resources: readonly string[];
  readonly decision: 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';
  /** Which policy and statement decided, in words. */
  readonly decidedBy: string | null;
  /** The evaluator's results and traces, as JSON. */
  readonly explanation: Json;
  /**
   * Who asked, when the request carries no credentials to say it: the web identity (`<provider ARN>:<aud>:<sub>`,
   * CloudTrail's principalId for a WebIdentityUser, aws-federation.md §2.4) or SAML subject.
   */
  readonly caller?: string;
  /** The same caller as CloudTrail's userIdentity names it (aws-behaviour.md §13.6). */
  readonly callerIdentity?: FederatedCaller;
}

/** A caller without credentials whose token or assertion was verified (AssumeRoleWithWebIdentity, AssumeRoleWithSAML). */
export interface FederatedCaller {
  readonly type: 'WebIdentityUser' | 'SAMLUser';
  /** `<provider ARN>:<aud>:<sub>` for a web identity; `<saml:namequalifier>:<saml:sub>` for SAML. */
  readonly principalId: string;
  /** The token's `sub`, the assertion's `saml:sub`. */
  readonly userName: string;
  /** The IAM OIDC provider's ARN; the SAML `saml:namequalifier`. */
  readonly identityProvider: string;
}

/** What a denial's error says (errors/access-denied.ts builds each service's wire error from it). */
export interface Denial {
  readonly principalArn: string;
  readonly action: string;
  readonly resource: string;
  /** AWS's contextual reason (` because no identity-based policy allows …`), or '' in the classic style. */
  readonly suffix: string;
  /** An encoded authorization message (STS DecodeAuthorizationMessage decodes it). */
  readonly encodedMessage: string;
}

export interface AuthorizationOutcome {
  readonly record: AuthorizationRecord;
  readonly denial?: Denial;
}

/** Decides whether a principal may perform actions on resources (the policy engine behind it). */
export interface Authorizer {
  authorize(query: AuthorizationQuery): AuthorizationOutcome | Promise<AuthorizationOutcome>;
}

/** An operation that authorizes itself in the authorize stage (STS AssumeRole: trust policy, MFA…). */
export interface CustomAuthorizationQuery {
  readonly principal: Exclude<Principal, { type: 'anonymous' }>;
  readonly credential: Credential;
  readonly context: ServiceContext;
  readonly request: RequestFacts;
}

/** What a `federated` operation decides from: the request alone, there being no caller (operation.ts). */
export interface FederatedAuthorizationQuery {
  readonly context: ServiceContext;
  readonly request: RequestFacts;
}

export interface CustomAuthorization<I> {
  readonly record: AuthorizationRecord;
  /** The client's answer when the request may not go on. */
  readonly error?: AwsError;
  /** The input the handler should see, carrying what authorization established (e.g. the MFA time). */
  readonly input?: I;
}
