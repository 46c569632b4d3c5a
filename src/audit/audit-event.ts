/**
 * One audit event per request (design.md "One request", step 8): who, what, on which resources, the decision and why, and
 * the error the client saw. Times are virtual.
 */
import type { Json } from '../store/port.js';

export interface AuditEvent {
  readonly timeMs: number;
  readonly requestId: string;
  readonly sourceIp: string;
  readonly userAgent: string;
  readonly service: string | null;
  readonly operation: string | null;
  readonly action: string | null;
  readonly resources: readonly string[];
  readonly principalArn: string | null;
  readonly accessKeyId: string | null;
  /**
   * The caller's `aws:userid` (an IAM user's unique id, `AROA…:<session>` for a role session, the account for
   * root): which entity acted, even after a rename or a re-creation under the same name (usage answers).
   */
  readonly principalId?: string;
  /** The region of the request's signing scope, for the usage answers' `Region` (aws-iam-s3-more.md §A1.1). */
  readonly region?: string;
  /**
   * Present when `--accept-any-key` took `accessKeyId`, a key the lab does not know, as the root of `account`
   * without verifying its signature (design.md "Accepting any key"); `sessionTokenIgnored` when it came with a
   * session token the lab did not issue. A lab relaxation: AWS would have refused the request.
   */
  readonly acceptedAnyKey?: { readonly account: string; readonly sessionTokenIgnored: boolean };
  /** `Allowed`, `ExplicitlyDenied`, `ImplicitlyDenied`, or null when the request never reached authorization. */
  readonly decision: string | null;
  /** Which policy and statement decided, in words, when authorization ran. */
  readonly decidedBy: string | null;
  /** The full explanation (the evaluator's trace), rendered as JSON for `iamlab explain`. */
  readonly explanation: Json;
  readonly errorCode: string | null;
  readonly errorMessage: string | null;
  readonly status: number;
  /**
   * What CloudTrail's record needs beyond the above (aws-behaviour.md §13.6), all optional so that events stored
   * before they existed still read: the caller's temporary session, the caller of a federated call without
   * credentials, and the request's parameters and (for calls that change something) answer, secrets left out.
   * Only management events carry parameters and answers: data events are never looked up.
   */
  readonly session?: AuditSession;
  readonly federatedCaller?: AuditFederatedCaller;
  /** The input under AWS's member names, times in epoch ms (protocol/loggable-value.ts). */
  readonly parameters?: Json;
  readonly response?: Json;
}

/** A request made with temporary credentials: CloudTrail's `userIdentity.sessionContext`. */
export interface AuditSession {
  /** When the session was issued (virtual epoch ms): `attributes.creationDate`. */
  readonly issuedMs: number;
  /** Whether MFA was validated for it: `attributes.mfaAuthenticated`. */
  readonly mfa: boolean;
  /** A role session's role (with its path) and unique id: `sessionIssuer`. */
  readonly roleArn?: string;
  readonly roleId?: string;
  /** A GetFederationToken session's IAM user, by unique id; absent when root asked for it. */
  readonly issuerUserId?: string;
  /** A web identity session's provider: `webIdFederationData.federatedProvider`. */
  readonly webIdentityProvider?: string;
  readonly sourceIdentity?: string;
  /** Instance credentials: `ec2RoleDelivery`. */
  readonly ec2RoleDelivery?: string;
}

/** The caller of AssumeRoleWithWebIdentity or AssumeRoleWithSAML, as CloudTrail's userIdentity names it. */
export interface AuditFederatedCaller {
  readonly type: 'WebIdentityUser' | 'SAMLUser';
  readonly principalId: string;
  readonly userName: string;
  readonly identityProvider: string;
}
