/** The EC2 operation table (aws-behaviour.md §3), built from its dependencies. */
import type { OperationTable } from '../operation.js';
import { operationTable } from '../operation.js';
import type { Ec2Deps } from './ec2-deps.js';
import { associateIamInstanceProfile, disassociateIamInstanceProfile, replaceIamInstanceProfileAssociation } from './ops/associations.js';
import { describeIamInstanceProfileAssociations } from './ops/describe-associations.js';
import { describeInstances } from './ops/describe-instances.js';
import { rebootInstances, startInstances, stopInstances, terminateInstances } from './ops/instance-actions.js';
import { modifyInstanceMetadataOptions } from './ops/modify-metadata-options.js';
import { describeAvailabilityZones, describeRegions } from './ops/regions.js';
import { runInstances } from './ops/run-instances.js';

export type { Ec2Timing } from './ec2-timing.js';

export { Ec2State } from './ec2-state.js';

export function createEc2Operations(deps: Ec2Deps): OperationTable {
  return operationTable([
    runInstances(deps),
    describeInstances(deps),
    stopInstances(deps),
    startInstances(deps),
    rebootInstances(deps),
    terminateInstances(deps),
    modifyInstanceMetadataOptions(deps),
    associateIamInstanceProfile(deps),
    disassociateIamInstanceProfile(deps),
    replaceIamInstanceProfileAssociation(deps),
    describeIamInstanceProfileAssociations(deps),
    describeRegions(deps),
    describeAvailabilityZones(),
  ]);
}
