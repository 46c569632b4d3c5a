/**
 * What the audit stage adds to an event for CloudTrail's record (aws-behaviour.md §13.6), from what the request
 * already holds — no store read, and for a long-term key on an operation without parameters nothing but two
 * lookups: the session the token carried, the federated caller the trust decision named, and the parameters
 * and answer of a management call with every secret left out (protocol/loggable-value.ts).
 */
import type { AuditEvent, AuditSession } from '../../audit/audit-event.js';
import type { TemporaryCredential } from '../../auth/credentials.js';
import { loggableValue } from '../../protocol/index.js';
import { isManagementCall, keepsResponse } from '../../services/cloudtrail/event-kinds.js';
import type { RequestState } from '../request-state.js';

type CloudTrailFacts = { -readonly [K in 'session' | 'federatedCaller' | 'parameters' | 'response']?: AuditEvent[K] };

/** The facts, set on `facts` (the audit stage passes the event it builds) and returned. */
export function cloudTrailFacts<T extends CloudTrailFacts>(state: RequestState, facts: T): T;
export function cloudTrailFacts(state: RequestState): CloudTrailFacts;
export function cloudTrailFacts(state: RequestState, facts: CloudTrailFacts = {}): CloudTrailFacts {
  const { service, operationName, credential, authorization } = state;
  if (credential?.kind === 'temporary') facts.session = sessionOf(credential);
  if (authorization?.callerIdentity !== undefined) facts.federatedCaller = authorization.callerIdentity;
  const model = service?.model;
  if (model === undefined || operationName === undefined || !isManagementCall(service?.name ?? '', operationName)) return facts;
  const operation = model.operations[operationName];
  if (operation?.input !== undefined && state.input !== undefined) {
    const parameters = loggableValue(model, operation.input, state.input);
    // An operation without parameters (GetCallerIdentity, the benchmark's call) stores nothing.
    if (parameters !== undefined && !isEmptyObject(parameters)) facts.parameters = parameters;
  }
  if (
    state.error === undefined &&
    operation?.output !== undefined &&
    state.output !== undefined &&
    keepsResponse(service?.name ?? '', operationName)
  ) {
    const response = loggableValue(model, operation.output, state.output);
    if (response !== undefined && !isEmptyObject(response)) facts.response = response;
  }
  return facts;
}

function sessionOf(credential: TemporaryCredential): AuditSession {
  const claims = credential.session;
  const subject = claims.subject;
  const session: { -readonly [K in keyof AuditSession]: AuditSession[K] } = { issuedMs: credential.issuedAtMs, mfa: claims.mfaMs !== undefined };
  if (subject.type === 'role') {
    session.roleArn = subject.roleArn;
    session.roleId = subject.roleId;
  } else if (subject.type === 'federated-user' && subject.issuerUserId !== undefined) {
    session.issuerUserId = subject.issuerUserId;
  }
  if (claims.federation?.kind === 'web-identity') session.webIdentityProvider = claims.federation.provider;
  if (claims.sourceIdentity !== undefined) session.sourceIdentity = claims.sourceIdentity;
  if (claims.ec2 !== undefined) session.ec2RoleDelivery = claims.ec2.roleDelivery;
  return session;
}

function isEmptyObject(value: object | string | number | boolean | null): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  for (const key in value) if (Object.hasOwn(value, key)) return false;
  return true;
}
