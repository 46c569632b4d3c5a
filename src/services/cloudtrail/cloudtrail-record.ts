/**
 * One audit event as CloudTrail's LookupEvents shows it (aws-behaviour.md §13.6): the `Event` fields, and the
 * record that `CloudTrailEvent` carries as a JSON string, with the lab's own decision beside it under `iamlab`.
 * An event is listed only when CloudTrail would have logged it: a management call (data events are never looked
 * up) whose caller authenticated, or whose token or assertion was verified (`AssumeRoleWithWebIdentity`,
 * `AssumeRoleWithSAML`). CloudTrail "logs all authenticated API requests" and the two federated calls, and
 * "some non-authenticated AWS STS requests might not be logged because they do not meet the minimum expectation
 * of being sufficiently valid to be trusted as a legitimate request" [D: IAM-UG cloudtrail-integration]: so a
 * request refused for its signature, key or token, and one that failed before iamlab knew who sent it (its
 * parameters did not parse), has no CloudTrail event, though `iamlab events` shows it.
 */
import { createHash } from 'node:crypto';
import { DEFAULT_REGION } from '../../arn/arn.js';
import type { AuditEvent } from '../../audit/audit-event.js';
import { uuidV4 } from '../../lib/uuid.js';
import type { Json } from '../../store/port.js';
import type { IamState } from '../iam/iam-state.js';
import { isManagementCall, isReadOnlyCall, keepsResponse } from './event-kinds.js';
import type { EventResource } from './event-resources.js';
import { eventResource } from './event-resources.js';
import { isoSecond } from './java-date.js';
import { cloudTrailElements } from './request-parameters.js';
import type { Caller } from './user-identity.js';
import { callerOf, foreignCaller } from './user-identity.js';

/** The record format's version: the fields written here are all there by 1.08 [D: CT-UG record contents]. */
const EVENT_VERSION = '1.08';

const SERVICES: ReadonlySet<string> = new Set(['sts', 'iam', 'ec2', 's3', 'cloudtrail']);

export interface LookupView {
  readonly eventId: string;
  readonly eventName: string;
  readonly readOnly: boolean;
  readonly accessKeyId: string | undefined;
  readonly eventTimeMs: number;
  readonly eventSource: string;
  readonly username: string | undefined;
  readonly resources: readonly EventResource[];
  readonly region: string;
  /** The accounts that receive the event: the caller's, and that of every resource it names. */
  readonly recipients: readonly string[];
  /** The CloudTrail record as the account `viewer` receives it. */
  record(viewer: string): Json;
}

/** CloudTrail's eventID: a UUID drawn from the request id, so the same event always has the same id. */
export function eventIdOf(requestId: string): string {
  return uuidV4(createHash('sha256').update(requestId).digest());
}

export function lookupView(event: AuditEvent, iam: IamState): LookupView | undefined {
  const listed = listedCall(event);
  if (listed === undefined) return undefined;
  const caller = callerOf(event, iam);
  if (caller === undefined) return undefined;
  const { service, eventName } = listed;
  const eventSource = `${service}.amazonaws.com`;
  const resources = event.resources.flatMap((arn) => eventResource(arn, eventSource) ?? []);
  const recipients = [...new Set([caller.account, ...resources.map((r) => r.accountId)].filter((a): a is string => a !== undefined && a !== ''))];
  const readOnly = isReadOnlyCall(service, eventName);
  // IAM is a global service whose events CloudTrail records in us-east-1 [D: IAM-UG cloudtrail-integration].
  const region = service === 'iam' ? DEFAULT_REGION : (event.region ?? DEFAULT_REGION);
  const eventId = eventIdOf(event.requestId);
  return {
    eventId,
    eventName,
    readOnly,
    accessKeyId: event.accessKeyId ?? undefined,
    eventTimeMs: event.timeMs,
    eventSource,
    username: caller.username,
    resources,
    region,
    recipients,
    record: (viewer) => record({ event, caller, service, eventName, eventSource, eventId, readOnly, region, resources, viewer }),
  };
}

/** The service and operation an event is listed under, or undefined when CloudTrail would not list it. */
function listedCall(event: AuditEvent): { readonly service: string; readonly eventName: string } | undefined {
  const { service, operation } = event;
  if (service === null || operation === null) return undefined;
  // The container agents' role assumptions are STS's AssumeRole, made by the ECS or EKS service.
  if (service === 'ecs' || service === 'eks-auth') return event.action === 'sts:AssumeRole' ? { service: 'sts', eventName: 'AssumeRole' } : undefined;
  if (!SERVICES.has(service) || !isManagementCall(service, operation)) return undefined;
  if (event.accessKeyId === null && event.federatedCaller === undefined) return undefined;
  return { service, eventName: operation };
}

interface RecordParts {
  readonly event: AuditEvent;
  readonly caller: Caller;
  readonly service: string;
  readonly eventName: string;
  readonly eventSource: string;
  readonly eventId: string;
  readonly readOnly: boolean;
  readonly region: string;
  readonly resources: readonly EventResource[];
  readonly viewer: string;
}

/** The record, its members in the order CloudTrail writes them. */
function record(parts: RecordParts): Json {
  const { event, caller, service, eventName, eventSource, eventId, readOnly, region, resources, viewer } = parts;
  const invokedBy = (caller.userIdentity as { readonly invokedBy?: string }).invokedBy;
  const foreign = caller.account !== undefined && caller.account !== viewer;
  const errorCode = event.errorCode === null ? undefined : wireErrorCode(service, event.errorCode, event.status);
  const withResources = service === 'sts' || service === 's3';
  return {
    eventVersion: EVENT_VERSION,
    userIdentity: foreign ? foreignCaller(caller, event) : caller.userIdentity,
    eventTime: isoSecond(event.timeMs),
    eventSource,
    eventName,
    awsRegion: region,
    sourceIPAddress: invokedBy ?? sourceIp(event.sourceIp),
    userAgent: invokedBy ?? event.userAgent,
    ...(errorCode === undefined ? {} : { errorCode, errorMessage: event.errorMessage ?? '' }),
    requestParameters: requestParameters(event, service, eventName),
    responseElements:
      event.errorCode === null && keepsResponse(service, eventName) ? cloudTrailElements(service, eventName, 'output', event.response) : null,
    requestID: event.requestId,
    eventID: eventId,
    readOnly,
    ...(withResources && resources.length > 0
      ? { resources: resources.map((r) => ({ ...(r.accountId === '' ? {} : { accountId: r.accountId }), type: r.type, ARN: r.arn })) }
      : {}),
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: viewer,
    eventCategory: 'Management',
    // The lab's own explanation of its decision (aws-behaviour.md §13.6): not a field of AWS's records.
    // A request let in by --accept-any-key says so here too: AWS would have refused it.
    iamlab: {
      decision: event.decision,
      decidedBy: event.decidedBy,
      explanation: event.explanation,
      ...(event.acceptedAnyKey === undefined ? {} : { acceptedAnyKey: { ...event.acceptedAnyKey } }),
    },
  };
}

/** The container agents' calls carry the role they assumed, and nothing else of their request. */
function requestParameters(event: AuditEvent, service: string, eventName: string): Json {
  if (event.service === 'ecs' || event.service === 'eks-auth') return event.resources[0] === undefined ? null : { roleArn: event.resources[0] };
  return cloudTrailElements(service, eventName, 'input', event.parameters);
}

/** EC2 records its codes as `Client.<Code>` or `Server.<Code>` [O: `"errorCode": "Client.UnauthorizedOperation"`]. */
function wireErrorCode(service: string, code: string, status: number): string {
  return service === 'ec2' ? `${status >= 500 ? 'Server' : 'Client'}.${code}` : code;
}

/** An IPv4 client reached over an IPv6 socket is logged by its IPv4 address. */
const sourceIp = (address: string): string => (address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address);
