/**
 * What every way into a role establishes before its session is issued (AssumeRole, AssumeRoleWithWebIdentity,
 * AssumeRoleWithSAML): the role, the duration, the session's tags and source identity, its session policies,
 * and the packed size AWS reports (aws-behaviour.md §1.3–§1.5). `roleSessionRequest` turns it into the
 * session's claims; each operation adds what is its own (MFA, chaining, the federated provider).
 */
import type { SessionClaims, SessionTag } from '../../auth/session-claims.js';
import { assumedRoleArn } from '../../arn/arn.js';
import type { AssumedRoleUser } from '../../protocol/models/sts.js';

export interface RoleGrant {
  readonly role: { readonly id: string; readonly arn: string; readonly name: string; readonly account: string };
  readonly durationSeconds: number;
  readonly tags: readonly SessionTag[];
  readonly transitiveTagKeys: readonly string[];
  readonly sourceIdentity: string | undefined;
  readonly policy: string | undefined;
  readonly policyArns: readonly string[];
  /** Reported when the request passed policies or tags (§1.5). */
  readonly packedPolicySize: number | undefined;
}

type RoleSessionRequest = Omit<SessionClaims, 'v' | 'accessKeyId'>;

export function roleSessionRequest(grant: RoleGrant, sessionName: string, nowMs: number): RoleSessionRequest {
  const { role } = grant;
  return {
    kind: 'assumed-role',
    account: role.account,
    subject: { type: 'role', roleId: role.id, roleArn: role.arn, roleName: role.name, sessionName },
    issuedMs: nowMs,
    expiresMs: nowMs + grant.durationSeconds * 1000,
    ...(grant.policy === undefined ? {} : { policy: grant.policy }),
    ...(grant.policyArns.length === 0 ? {} : { policyArns: grant.policyArns }),
    ...(grant.tags.length === 0 ? {} : { tags: grant.tags }),
    ...(grant.transitiveTagKeys.length === 0 ? {} : { transitiveTagKeys: grant.transitiveTagKeys }),
    ...(grant.sourceIdentity === undefined ? {} : { sourceIdentity: grant.sourceIdentity }),
  };
}

/** `AssumedRoleUser`: the session ARN drops the role's path; the id is `<RoleId>:<session name>` (§1.5). */
export function assumedRoleUser(grant: RoleGrant, sessionName: string): AssumedRoleUser {
  return {
    AssumedRoleId: `${grant.role.id}:${sessionName}`,
    Arn: assumedRoleArn(grant.role.account, grant.role.name, sessionName),
  };
}
