/**
 * EC2's client errors (aws-behaviour.md §3.4; envelope §0.4). Texts are AWS's where known; entries marked
 * [U] are AWS-like wording where no real transcript was found. `UnauthorizedOperation` comes from the
 * gateway (errors/access-denied.ts), not from here.
 */
import { AwsError } from '../../errors/aws-error.js';

const bad = (code: string, message: string): AwsError => new AwsError({ code, status: 400, message });

/** `'i-a, i-b'` as EC2 lists several ids in one message. */
const idList = (ids: readonly string[]): string => ids.join(', ');

export const ec2Errors = {
  /** §3.4: a permitted request with DryRun=true. */
  dryRun: (): AwsError => new AwsError({ code: 'DryRunOperation', status: 412, message: 'Request would have succeeded, but DryRun flag is set.' }),
  instanceNotFound: (ids: readonly string[]): AwsError =>
    ids.length === 1
      ? bad('InvalidInstanceID.NotFound', `The instance ID '${ids[0] ?? ''}' does not exist`)
      : bad('InvalidInstanceID.NotFound', `The instance IDs '${idList(ids)}' do not exist`),
  /** [U wording] */
  instanceMalformed: (id: string): AwsError => bad('InvalidInstanceID.Malformed', `Invalid id: "${id}" (expecting "i-...")`),
  /** §3.4: a profile that does not exist, named by Name or by Arn. */
  invalidProfile: (how: 'name' | 'arn', value: string): AwsError =>
    bad(
      'InvalidParameterValue',
      `Value (${value}) for parameter iamInstanceProfile.${how} is invalid. Invalid IAM Instance Profile ${how === 'name' ? 'name' : 'ARN'}`,
    ),
  existingAssociation: (instanceId: string): AwsError => bad('IncorrectState', `There is an existing association for instance ${instanceId}`),
  notActiveAssociation: (associationId: string): AwsError => bad('IncorrectState', `The association ${associationId} is not the active association`),
  /** [U wording] */
  malformedAssociationId: (): AwsError => bad('InvalidParameterValue', 'Invalid value for associationId.'),
  /** [U wording: moto's] */
  associationNotFound: (associationId: string): AwsError =>
    bad('InvalidAssociationID.NotFound', `An invalid association-id of '${associationId}' was given`),
  /** Observed: stopping an instance that never reached `running`. */
  neverRunning: (instanceId: string): AwsError =>
    bad('IncorrectInstanceState', `Instance '${instanceId}' cannot be stopped as it has never reached the 'running' state.`),
  cannotStop: (instanceId: string): AwsError =>
    bad('IncorrectInstanceState', `This instance '${instanceId}' is not in a state from which it can be stopped.`),
  cannotStart: (instanceId: string): AwsError =>
    bad('IncorrectInstanceState', `The instance '${instanceId}' is not in a state from which it can be started.`),
  /** [U wording] */
  cannotReboot: (instanceId: string): AwsError =>
    bad('IncorrectInstanceState', `The instance '${instanceId}' is not in a state from which it can be rebooted.`),
  /** [U wording] Associate/Disassociate need a running or stopped instance (§3.2). */
  notRunningOrStopped: (instanceId: string): AwsError =>
    bad('IncorrectInstanceState', `The instance '${instanceId}' is not in the 'running' or 'stopped' state.`),
  /** [U wording] */
  terminatedInstance: (instanceId: string): AwsError =>
    bad('IncorrectInstanceState', `The instance '${instanceId}' is not in a valid state for this operation.`),
  missingParameter: (name: string): AwsError => bad('MissingParameter', `The request must contain the parameter ${name}`),
  invalidParameterValue: (message: string): AwsError => bad('InvalidParameterValue', message),
  invalidParameterCombination: (message: string): AwsError => bad('InvalidParameterCombination', message),
  invalidFilter: (name: string): AwsError => bad('InvalidParameterValue', `The filter '${name}' is invalid`),
  /** [U wording] */
  invalidNextToken: (token: string): AwsError => bad('InvalidParameterValue', `Invalid value '${token}' for nextToken.`),
  instanceLimit: (requested: number, limit: number): AwsError =>
    bad(
      'InstanceLimitExceeded',
      `You have requested more instances (${requested}) than your current instance limit of ${limit} allows for the specified instance type. Please visit http://aws.amazon.com/contact-us/ec2-request to request an adjustment to this limit.`,
    ),
  invalidRegion: (name: string): AwsError => bad('InvalidParameterValue', `Invalid region name: ${name}`),
  invalidZone: (name: string): AwsError => bad('InvalidParameterValue', `The zone '${name}' does not exist.`),
  /** EC2 API reference, common errors: a failure of the lab's own (a bug), 500. */
  internalError: (): AwsError => new AwsError({ code: 'InternalError', status: 500, message: 'An internal error has occurred' }),
  /** EC2 API reference, common errors: the store unavailable for now, 503. */
  serviceUnavailable: (): AwsError =>
    new AwsError({ code: 'ServiceUnavailable', status: 503, message: 'The request has failed due to a temporary failure of the server.' }),
};

export const INSTANCE_ID = /^i-[0-9a-f]{8}([0-9a-f]{9})?$/;
export const ASSOCIATION_ID = /^iip-assoc-[0-9a-f]{8}([0-9a-f]{9})?$/;
