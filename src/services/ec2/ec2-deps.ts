/** What the EC2 operations are built from (wired by the app: see the report for `app/lab.ts`). */
import type { Ec2State } from './ec2-state.js';

export interface Ec2Deps {
  readonly state: Ec2State;
  /** At most this many instances per RunInstances (AWS's vCPU quota, simplified). Default 20. */
  readonly maxInstancesPerLaunch?: number;
  /** The regions DescribeRegions lists. Default: the commercial regions enabled by default. */
  readonly regions?: readonly string[];
}

export const DEFAULT_MAX_INSTANCES_PER_LAUNCH = 20;

/** Regions enabled by default in a new account (opt-in regions left out). */
export const DEFAULT_REGIONS: readonly string[] = [
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ca-central-1',
  'eu-central-1',
  'eu-north-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
];
