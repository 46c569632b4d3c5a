/**
 * The set-up a test needs most — a user with keys, a role with its trust and permission policies, a role
 * session — made through the lab's own IAM and STS APIs, signed as a client would sign them. Nothing here
 * reaches into the lab's state: a helper's call is authenticated, authorized and audited like any other, and
 * fails with the error AWS would answer (thrown as a LabCallError).
 */
import { queryCall, xmlField } from '../client/query-call.js';
import type { CallerKeys } from '../client/query-call.js';
import { LabCallError } from './lab-call-error.js';

/** A policy document, as JSON text or as the object it encodes. */
export type PolicyDocument = string | { readonly [key: string]: unknown };

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface TemporaryCredentials extends Credentials {
  readonly sessionToken: string;
  /**
   * `Expiration` as the answer carries it: in the client's (wall clock's) frame, as AWS's answers are read by
   * the SDKs to decide when to refresh (design.md "Time").
   */
  readonly expiration: Date;
  /** When the session expires on the lab's virtual clock (what `lab.clock.now()` is compared with). */
  readonly expiresAt: Date;
}

export interface CreateUserOptions {
  /** Inline policies by name. */
  readonly policies?: Readonly<Record<string, PolicyDocument>>;
  /** Managed policies to attach (AWS managed ones such as `arn:aws:iam::aws:policy/ReadOnlyAccess`, or the account's). */
  readonly managedPolicyArns?: readonly string[];
  readonly path?: string;
}

export interface LabUser {
  readonly userName: string;
  readonly arn: string;
  readonly userId: string;
  /** The access key made for the user. */
  readonly credentials: Credentials;
}

export interface CreateRoleOptions {
  /** The trust policy; by default the account itself (any principal of the account its policies allow to assume it). */
  readonly trust?: PolicyDocument;
  readonly policies?: Readonly<Record<string, PolicyDocument>>;
  readonly managedPolicyArns?: readonly string[];
  /** Seconds, 3600 to 43200 (AWS's default 3600). */
  readonly maxSessionDuration?: number;
  readonly path?: string;
}

export interface LabRole {
  readonly roleName: string;
  readonly arn: string;
  readonly roleId: string;
}

export interface AssumeRoleOptions {
  /** The caller: a user's keys or another session (role chaining). */
  readonly credentials: Credentials;
  readonly sessionName?: string;
  readonly durationSeconds?: number;
  /** A session policy. */
  readonly policy?: PolicyDocument;
  readonly externalId?: string;
  /** An MFA device and its current code (`iamlab mfa code`). */
  readonly serialNumber?: string;
  readonly tokenCode?: string;
  readonly tags?: Readonly<Record<string, string>>;
  readonly sourceIdentity?: string;
}

export interface RoleSession extends TemporaryCredentials {
  /** `arn:aws:sts::<account>:assumed-role/<role>/<session>`. */
  readonly arn: string;
  /** `AROA…:<session>`. */
  readonly assumedRoleId: string;
}

export type CallService = 'sts' | 'iam';

interface LabCaller {
  /** One signed call; resolves to the answer's XML, rejects with a LabCallError for an AWS error. */
  call(service: CallService, action: string, params?: Readonly<Record<string, string>>, credentials?: Credentials): Promise<string>;
}

interface CallerTarget {
  readonly endpoint: string;
  readonly region: string;
  readonly rootCredentials: () => Credentials;
}

export function labCaller(target: CallerTarget): LabCaller {
  return {
    call: async (service, action, params = {}, credentials = target.rootCredentials()) => {
      const answer = await queryCall({
        endpoint: new URL(target.endpoint),
        region: target.region,
        service,
        action,
        params,
        credentials: credentials satisfies CallerKeys,
        nowMs: Date.now(),
      });
      if (answer.status >= 200 && answer.status < 300) return answer.body;
      throw new LabCallError(
        `${service}:${action}`,
        answer.status,
        xmlField(answer.body, 'Code') ?? `HTTP ${answer.status}`,
        xmlField(answer.body, 'Message') ?? '',
      );
    },
  };
}

const documentText = (document: PolicyDocument): string => (typeof document === 'string' ? document : JSON.stringify(document));

/** A field every successful answer of this action carries. */
function required(xml: string, name: string, action: string): string {
  const value = xmlField(xml, name);
  if (value === undefined) throw new Error(`the lab's answer to ${action} has no ${name}`);
  return value;
}

export async function createUser(caller: LabCaller, userName: string, options: CreateUserOptions = {}): Promise<LabUser> {
  const created = await caller.call('iam', 'CreateUser', { UserName: userName, ...(options.path === undefined ? {} : { Path: options.path }) });
  for (const [policyName, document] of Object.entries(options.policies ?? {})) {
    await caller.call('iam', 'PutUserPolicy', { UserName: userName, PolicyName: policyName, PolicyDocument: documentText(document) });
  }
  for (const policyArn of options.managedPolicyArns ?? []) {
    await caller.call('iam', 'AttachUserPolicy', { UserName: userName, PolicyArn: policyArn });
  }
  const key = await caller.call('iam', 'CreateAccessKey', { UserName: userName });
  return {
    userName,
    arn: required(created, 'Arn', 'CreateUser'),
    userId: required(created, 'UserId', 'CreateUser'),
    credentials: {
      accessKeyId: required(key, 'AccessKeyId', 'CreateAccessKey'),
      secretAccessKey: required(key, 'SecretAccessKey', 'CreateAccessKey'),
    },
  };
}

export async function createRole(caller: LabCaller, accountId: string, roleName: string, options: CreateRoleOptions = {}): Promise<LabRole> {
  const trust = options.trust ?? {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'sts:AssumeRole' }],
  };
  const created = await caller.call('iam', 'CreateRole', {
    RoleName: roleName,
    AssumeRolePolicyDocument: documentText(trust),
    ...(options.maxSessionDuration === undefined ? {} : { MaxSessionDuration: String(options.maxSessionDuration) }),
    ...(options.path === undefined ? {} : { Path: options.path }),
  });
  for (const [policyName, document] of Object.entries(options.policies ?? {})) {
    await caller.call('iam', 'PutRolePolicy', { RoleName: roleName, PolicyName: policyName, PolicyDocument: documentText(document) });
  }
  for (const policyArn of options.managedPolicyArns ?? []) {
    await caller.call('iam', 'AttachRolePolicy', { RoleName: roleName, PolicyArn: policyArn });
  }
  return { roleName, arn: required(created, 'Arn', 'CreateRole'), roleId: required(created, 'RoleId', 'CreateRole') };
}

/**
 * `expiresMs`: the session's expiry on the virtual clock, which the lab knows exactly (the answer's Expiration
 * is in the client's frame and cut to the second).
 */
export async function assumeRole(
  caller: LabCaller,
  roleArn: string,
  options: AssumeRoleOptions,
  expiresMs: (accessKeyId: string, sessionToken: string) => number | undefined,
): Promise<RoleSession> {
  const params: Record<string, string> = {
    RoleArn: roleArn,
    RoleSessionName: options.sessionName ?? `iamlab-${Date.now()}`,
    ...(options.durationSeconds === undefined ? {} : { DurationSeconds: String(options.durationSeconds) }),
    ...(options.policy === undefined ? {} : { Policy: documentText(options.policy) }),
    ...(options.externalId === undefined ? {} : { ExternalId: options.externalId }),
    ...(options.serialNumber === undefined ? {} : { SerialNumber: options.serialNumber }),
    ...(options.tokenCode === undefined ? {} : { TokenCode: options.tokenCode }),
    ...(options.sourceIdentity === undefined ? {} : { SourceIdentity: options.sourceIdentity }),
  };
  Object.entries(options.tags ?? {}).forEach(([key, value], index) => {
    params[`Tags.member.${index + 1}.Key`] = key;
    params[`Tags.member.${index + 1}.Value`] = value;
  });
  const answer = await caller.call('sts', 'AssumeRole', params, options.credentials);
  const accessKeyId = required(answer, 'AccessKeyId', 'AssumeRole');
  const sessionToken = required(answer, 'SessionToken', 'AssumeRole');
  const expiresAt = expiresMs(accessKeyId, sessionToken);
  if (expiresAt === undefined) throw new Error('the lab does not recognise the session it just issued');
  return {
    accessKeyId,
    secretAccessKey: required(answer, 'SecretAccessKey', 'AssumeRole'),
    sessionToken,
    expiration: new Date(required(answer, 'Expiration', 'AssumeRole')),
    expiresAt: new Date(expiresAt),
    arn: required(answer, 'Arn', 'AssumeRole'),
    assumedRoleId: required(answer, 'AssumedRoleId', 'AssumeRole'),
  };
}
