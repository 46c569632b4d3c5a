/**
 * How long EC2's transitional states last on the virtual clock (aws-behaviour.md §3.2: "a short delay
 * (seconds)"). Configurable so tests and demos can make them longer or zero.
 */
export interface Ec2Timing {
  /** pending → running after launch or start. */
  readonly pendingMs: number;
  /** stopping → stopped. */
  readonly stoppingMs: number;
  /** shutting-down → terminated. */
  readonly shuttingDownMs: number;
  /** A terminated instance stays visible to DescribeInstances for about an hour, as on AWS. */
  readonly terminatedVisibleMs: number;
  /** associating → associated. */
  readonly associatingMs: number;
  /** disassociating → gone. */
  readonly disassociatingMs: number;
  /** metadataOptions.state pending → applied. */
  readonly metadataApplyMs: number;
}

export const DEFAULT_EC2_TIMING: Ec2Timing = {
  pendingMs: 5_000,
  stoppingMs: 5_000,
  shuttingDownMs: 5_000,
  terminatedVisibleMs: 3_600_000,
  associatingMs: 3_000,
  disassociatingMs: 3_000,
  metadataApplyMs: 2_000,
};
