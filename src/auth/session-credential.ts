/**
 * From a session's claims to the credential and principal authentication hands on (aws-behaviour.md §1.6):
 * a role session is `arn:aws:sts::A:assumed-role/<role>/<session>` with user id `AROA…:<session>`; a
 * GetSessionToken session keeps its user's (or root's) identity (§1.7); a GetFederationToken session is
 * `arn:aws:sts::A:federated-user/<name>` with user id `<account>:<name>` (§10.5).
 */
import { assumedRoleArn, federatedUserArn, rootArn, userArn } from '../arn/arn.js';
import type { TemporaryCredential } from './credentials.js';
import type { Principal } from './principal.js';
import type { SessionClaims } from './session-claims.js';

export function sessionPrincipal(claims: SessionClaims): Exclude<Principal, { type: 'anonymous' }> {
  const { subject, account, accessKeyId } = claims;
  switch (subject.type) {
    case 'role':
      return {
        type: 'assumed-role',
        account,
        arn: assumedRoleArn(account, subject.roleName, subject.sessionName),
        userId: `${subject.roleId}:${subject.sessionName}`,
        roleArn: subject.roleArn,
        roleId: subject.roleId,
        roleName: subject.roleName,
        sessionName: subject.sessionName,
        accessKeyId,
      };
    case 'user':
      return {
        type: 'user',
        account,
        arn: userArn(account, subject.path, subject.userName),
        userId: subject.userId,
        userName: subject.userName,
        accessKeyId,
      };
    case 'root':
      return { type: 'root', account, arn: rootArn(account), userId: account, accessKeyId };
    case 'federated-user':
      return {
        type: 'federated-user',
        account,
        arn: federatedUserArn(account, subject.name),
        userId: `${account}:${subject.name}`,
        name: subject.name,
        issuerUserId: subject.issuerUserId,
        accessKeyId,
      };
  }
}

export function sessionCredential(claims: SessionClaims, sessionToken: string, secretAccessKey: string): TemporaryCredential {
  return {
    kind: 'temporary',
    accessKeyId: claims.accessKeyId,
    secretAccessKey,
    sessionToken,
    issuedAtMs: claims.issuedMs,
    expiresAtMs: claims.expiresMs,
    principal: sessionPrincipal(claims),
    session: claims,
  };
}
