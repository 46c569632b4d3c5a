/**
 * Which services and operations the emulator models, and the file each becomes. `scripts/generate-models.ts`
 * writes the result; a test regenerates it and compares it with the committed files.
 */
import { buildServiceModel } from './build-service-model.js';
import type { BotocoreModel } from './build-service-model.js';
import { emitModelFile } from './emit-model-file.js';

/** EC2: only the instance-profile subset (aws-behaviour.md §3.1) and the calls SDKs and tools make around it. */
export const EC2_OPERATIONS = [
  'RunInstances',
  'DescribeInstances',
  'StopInstances',
  'StartInstances',
  'RebootInstances',
  'TerminateInstances',
  'ModifyInstanceMetadataOptions',
  'AssociateIamInstanceProfile',
  'DisassociateIamInstanceProfile',
  'ReplaceIamInstanceProfileAssociation',
  'DescribeIamInstanceProfileAssociations',
  'DescribeRegions',
  'DescribeAvailabilityZones',
] as const;

interface ServiceSpec {
  readonly service: 'sts' | 'iam' | 'ec2';
  readonly constName: string;
  readonly typePrefix: string;
  readonly operations?: readonly string[];
}

const SERVICES: readonly ServiceSpec[] = [
  { service: 'sts', constName: 'stsModel', typePrefix: 'Sts' },
  { service: 'iam', constName: 'iamModel', typePrefix: 'Iam' },
  { service: 'ec2', constName: 'ec2Model', typePrefix: 'Ec2', operations: EC2_OPERATIONS },
];

/** The botocore release the shared models were taken from (../shared/aws-models/SOURCES.md). */
const BOTOCORE = 'botocore 1.43.11';

/** File name (`sts.ts`) → contents, given a reader for `<service>.json`. */
export function generateModelFiles(readModel: (service: string) => BotocoreModel): Record<string, string> {
  const files: Record<string, string> = {};
  for (const spec of SERVICES) {
    const model = buildServiceModel(readModel(spec.service), spec.operations ? { operations: spec.operations } : {});
    files[`${spec.service}.ts`] = emitModelFile(model, {
      constName: spec.constName,
      typePrefix: spec.typePrefix,
      source: `${BOTOCORE} ${spec.service}.json (Apache-2.0)`,
    });
  }
  return files;
}
