/**
 * EC2 state as stored: one JSON document per instance and per IAM instance-profile association, in
 * collections of their own, keyed by their ids (globally unique, aws-behaviour.md §0.8). Records are
 * immutable values; a change writes a new record, in the store and then in memory (like IAM's records).
 *
 * Lifecycle states are not stored: a record keeps *what was asked and when* (launch, stop, start,
 * terminate; associate, disassociate), and the state a reader sees is derived from those instants and the
 * virtual clock (`instance-status.ts`), so nothing needs a timer.
 */
import type { TagRecord } from '../iam/records.js';

export const EC2_COLLECTIONS = {
  instances: 'ec2-instances',
  associations: 'ec2-iip-associations',
} as const;

export type { TagRecord };

/** The instance metadata options (aws-behaviour.md §3.1, §4.2). */
export interface MetadataOptionsRecord {
  readonly httpTokens: 'optional' | 'required';
  readonly httpPutResponseHopLimit: number;
  readonly httpEndpoint: 'enabled' | 'disabled';
  readonly httpProtocolIpv6: 'enabled' | 'disabled';
  readonly instanceMetadataTags: 'enabled' | 'disabled';
  /** When the options were last changed: `state` is `pending` for a moment after. */
  readonly changedMs: number;
}

/** The last lifecycle request and its virtual instant; the current state follows from it. */
export type InstanceAction = 'launch' | 'start' | 'stop' | 'terminate';

export interface InstanceRecord {
  readonly kind: 'instance';
  readonly id: string;
  readonly account: string;
  readonly region: string;
  readonly reservationId: string;
  readonly amiLaunchIndex: number;
  readonly imageId: string;
  readonly instanceType: string;
  readonly availabilityZone: string;
  readonly privateIp: string;
  readonly mac: string;
  /** The last launch or start (EC2's LaunchTime moves on start). */
  readonly launchMs: number;
  /** The first launch (the identity document's pendingTime). */
  readonly firstLaunchMs: number;
  readonly lastAction: InstanceAction;
  readonly lastActionMs: number;
  /** Counts launches and starts: IMDS credentials are refreshed for every boot (aws-behaviour.md §4.4). */
  readonly boot: number;
  readonly tags: readonly TagRecord[];
  readonly metadataOptions: MetadataOptionsRecord;
  /** The loopback port of the instance's metadata listener, stable for its life (design.md "IMDS"). */
  readonly imdsPort: number | null;
}

/** Why an association ended: Disassociate leaves it `disassociating` for a moment; the others end at once. */
export type AssociationEnd = 'disassociate' | 'replace' | 'terminate';

export interface AssociationRecord {
  readonly kind: 'association';
  readonly id: string;
  readonly account: string;
  readonly region: string;
  readonly instanceId: string;
  /** The profile is bound by its unique id: a recreated same-named profile is another one (§4.3). */
  readonly profileId: string;
  readonly profileArn: string;
  readonly createdMs: number;
  readonly endedMs: number | null;
  readonly end: AssociationEnd | null;
}

export type Ec2Record = InstanceRecord | AssociationRecord;
