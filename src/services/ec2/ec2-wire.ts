/**
 * Records → EC2 output shapes (AWS member names; the ec2 codec writes the lower-camel wire names,
 * aws-behaviour.md §0.4, §3.3). Timestamps stay virtual epoch ms: the codec maps them to the client's frame.
 */
import type * as Ec2 from '../../protocol/models/ec2.js';
import type { AssociationRecord, InstanceRecord } from './ec2-records.js';
import type { Ec2Timing } from './ec2-timing.js';
import { instanceStateAt, metadataStateAt, STATE_CODES } from './instance-status.js';
import type { InstanceStateName } from './instance-status.js';

function stateOut(name: InstanceStateName): Ec2.InstanceState {
  return { Code: STATE_CODES[name], Name: name };
}

/** `ip-10-0-1-23.ec2.internal` in us-east-1, `ip-10-0-1-23.<region>.compute.internal` elsewhere. */
export function privateDnsName(instance: InstanceRecord): string {
  const host = `ip-${instance.privateIp.replace(/\./g, '-')}`;
  return instance.region === 'us-east-1' ? `${host}.ec2.internal` : `${host}.${instance.region}.compute.internal`;
}

export function metadataOptionsOut(instance: InstanceRecord, nowMs: number, timing: Ec2Timing): Ec2.InstanceMetadataOptionsResponse {
  const m = instance.metadataOptions;
  return {
    State: metadataStateAt(instance, nowMs, timing),
    HttpTokens: m.httpTokens,
    HttpPutResponseHopLimit: m.httpPutResponseHopLimit,
    HttpEndpoint: m.httpEndpoint,
    HttpProtocolIpv6: m.httpProtocolIpv6,
    InstanceMetadataTags: m.instanceMetadataTags,
  };
}

function userInitiated(ms: number): string {
  // EC2's StateTransitionReason: `User initiated (2024-05-01 10:00:00 GMT)`.
  return `User initiated (${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} GMT)`;
}

export function instanceOut(
  instance: InstanceRecord,
  association: AssociationRecord | undefined,
  nowMs: number,
  timing: Ec2Timing,
  toWire: (virtualMs: number) => number = (ms) => ms,
): Ec2.Instance {
  const state = instanceStateAt(instance, nowMs, timing);
  const down = state === 'stopped' || state === 'terminated';
  return {
    InstanceId: instance.id,
    ImageId: instance.imageId,
    State: stateOut(state),
    PrivateDnsName: state === 'terminated' ? '' : privateDnsName(instance),
    PublicDnsName: '',
    StateTransitionReason: down ? userInitiated(toWire(instance.lastActionMs)) : '',
    AmiLaunchIndex: instance.amiLaunchIndex,
    ProductCodes: [],
    InstanceType: instance.instanceType,
    LaunchTime: instance.launchMs,
    Placement: { AvailabilityZone: instance.availabilityZone, GroupName: '', Tenancy: 'default' },
    Monitoring: { State: 'disabled' },
    ...(state === 'terminated' ? {} : { PrivateIpAddress: instance.privateIp }),
    Architecture: 'x86_64',
    RootDeviceType: 'ebs',
    RootDeviceName: '/dev/xvda',
    BlockDeviceMappings: [],
    VirtualizationType: 'hvm',
    Hypervisor: 'xen',
    SecurityGroups: [],
    SourceDestCheck: true,
    EbsOptimized: false,
    EnaSupport: true,
    ...(down ? { StateReason: { Code: 'Client.UserInitiatedShutdown', Message: 'Client.UserInitiatedShutdown: User initiated shutdown' } } : {}),
    ...(instance.tags.length === 0 ? {} : { Tags: instance.tags.map((t) => ({ Key: t.Key, Value: t.Value })) }),
    ...(association === undefined ? {} : { IamInstanceProfile: { Arn: association.profileArn, Id: association.profileId } }),
    MetadataOptions: metadataOptionsOut(instance, nowMs, timing),
  };
}

export function associationOut(association: AssociationRecord, state: Ec2.IamInstanceProfileAssociationState): Ec2.IamInstanceProfileAssociation {
  return {
    AssociationId: association.id,
    InstanceId: association.instanceId,
    IamInstanceProfile: { Arn: association.profileArn, Id: association.profileId },
    State: state,
    Timestamp: association.createdMs,
  };
}

export function stateChangeOut(instanceId: string, previous: InstanceStateName, current: InstanceStateName): Ec2.InstanceStateChange {
  return { InstanceId: instanceId, CurrentState: stateOut(current), PreviousState: stateOut(previous) };
}
