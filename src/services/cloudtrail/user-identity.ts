/**
 * Who made a recorded request, as CloudTrail's `userIdentity` element says it (aws-behaviour.md §13.6;
 * D: CT-UG cloudtrail-event-reference-user-identity, IAM-UG cloudtrail-integration):
 * - `Root`, `IAMUser`, `AssumedRole`, `FederatedUser` for requests signed with the lab's keys, with a
 *   `sessionContext` (`sessionIssuer`, `webIdFederationData`, `attributes {creationDate, mfaAuthenticated}`)
 *   when the credentials were temporary;
 * - `WebIdentityUser` and `SAMLUser` for AssumeRoleWithWebIdentity and AssumeRoleWithSAML, which carry none;
 * - `AWSService` with `invokedBy` for the roles the lab's container agents assume on a task's behalf;
 * - `AWSAccount` in the account that owns a role another account's caller assumed (the IAM user guide's
 *   cross-account example).
 * The `Username` LookupEvents reports is the user's, the role session's or the federated user's name.
 */
import { parseArn } from '../../arn/arn.js';
import type { AuditEvent, AuditSession } from '../../audit/audit-event.js';
import type { Json } from '../../store/port.js';
import { arnOf } from '../iam/iam-index.js';
import type { IamState } from '../iam/iam-state.js';
import { isoSecond } from './java-date.js';

export interface Caller {
  readonly userIdentity: Json;
  /** LookupEvents' `Username`. */
  readonly username?: string;
  /** The account the caller belongs to; absent for a federated caller or an AWS service. */
  readonly account?: string;
}

/** The container agents' principals (containers/assume-request.ts): their AssumeRole calls are the services'. */
const AGENT_SERVICES: Readonly<Record<string, string>> = { ecs: 'ecs-tasks.amazonaws.com', 'eks-auth': 'pods.eks.amazonaws.com' };

export function callerOf(event: AuditEvent, iam: IamState): Caller | undefined {
  if (event.federatedCaller !== undefined) {
    const { type, principalId, userName, identityProvider } = event.federatedCaller;
    return { userIdentity: { type, principalId, userName, identityProvider }, username: userName };
  }
  const agent = event.service === null ? undefined : AGENT_SERVICES[event.service];
  if (agent !== undefined) return { userIdentity: { type: 'AWSService', invokedBy: agent } };
  const arn = event.principalArn === null ? undefined : parseArn(event.principalArn);
  if (arn === undefined || event.principalArn === null || event.accessKeyId === null) return undefined;
  const account = arn.account;
  const base = { principalId: event.principalId ?? '', arn: event.principalArn, accountId: account, accessKeyId: event.accessKeyId };
  const resource = arn.resource;
  if (resource === 'root') {
    return { userIdentity: { type: 'Root', ...base, principalId: account, ...userSession(event.session) }, username: 'root', account };
  }
  if (resource.startsWith('user/')) {
    const userName = resource.slice(resource.lastIndexOf('/') + 1);
    return { userIdentity: { type: 'IAMUser', ...base, userName, ...userSession(event.session) }, username: userName, account };
  }
  if (resource.startsWith('assumed-role/')) {
    const [, roleName = '', sessionName = ''] = resource.split('/');
    return { userIdentity: { type: 'AssumedRole', ...base, sessionContext: roleSession(event, account, roleName) }, username: sessionName, account };
  }
  if (resource.startsWith('federated-user/')) {
    const name = resource.slice('federated-user/'.length);
    const sessionContext = {
      sessionIssuer: federationIssuer(event.session, account, iam),
      webIdFederationData: {},
      ...attributes(event.session),
    };
    return { userIdentity: { type: 'FederatedUser', ...base, principalId: `${account}:${name}`, sessionContext }, username: name, account };
  }
  return undefined;
}

/** In the account of a role another account's caller assumed: the caller's account and id only. */
export function foreignCaller(caller: Caller, event: AuditEvent): Json {
  return { type: 'AWSAccount', principalId: event.principalId ?? '', accountId: caller.account ?? '' };
}

function attributes(session: AuditSession | undefined): { attributes?: Json } {
  return session === undefined ? {} : { attributes: { creationDate: isoSecond(session.issuedMs), mfaAuthenticated: String(session.mfa) } };
}

/** GetSessionToken credentials of a user or the root: only the session's attributes. */
function userSession(session: AuditSession | undefined): { sessionContext?: Json } {
  return session === undefined ? {} : { sessionContext: { ...attributes(session) } };
}

function roleSession(event: AuditEvent, account: string, roleName: string): Json {
  const session = event.session;
  // Events recorded before the session was kept: the role's id is the first half of `AROA…:<session>`.
  const roleId = session?.roleId ?? (event.principalId ?? '').split(':')[0] ?? '';
  const roleArn = session?.roleArn ?? `arn:aws:iam::${account}:role/${roleName}`;
  const provider = session?.webIdentityProvider;
  return {
    sessionIssuer: { type: 'Role', principalId: roleId, arn: roleArn, accountId: parseArn(roleArn)?.account ?? account, userName: roleName },
    webIdFederationData: provider === undefined ? {} : { federatedProvider: provider, attributes: {} },
    ...attributes(session),
    ...(session?.sourceIdentity === undefined ? {} : { sourceIdentity: session.sourceIdentity }),
    ...(session?.ec2RoleDelivery === undefined ? {} : { ec2RoleDelivery: session.ec2RoleDelivery }),
  };
}

/** GetFederationToken's issuer: the IAM user (as the lab knows it now, by unique id) or the account's root. */
function federationIssuer(session: AuditSession | undefined, account: string, iam: IamState): Json {
  const userId = session?.issuerUserId;
  if (userId === undefined) return { type: 'Root', principalId: account, arn: `arn:aws:iam::${account}:root`, accountId: account };
  const user = iam.index.get('user', userId);
  if (user === undefined) return { type: 'IAMUser', principalId: userId, accountId: account };
  return { type: 'IAMUser', principalId: userId, arn: arnOf(user), accountId: account, userName: user.name };
}
