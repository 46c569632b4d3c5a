/**
 * The parameters and answer the audit trail kept (AWS's member names, epoch-ms times, secrets already left out:
 * protocol/loggable-value.ts) → CloudTrail's `requestParameters` and `responseElements` (aws-behaviour.md §13.6):
 * member names with their first letter in lower case (`RoleArn` → `roleArn`, `SAMLAssertion` → `sAMLAssertion`)
 * and times in Java's medium format [D: IAM-UG cloudtrail-integration, the AssumeRole examples]. S3 names the
 * bucket `bucketName` [D: the same page's DeleteBucket example]. EC2's own nesting (`instancesSet.items`) is not
 * reproduced: its members are written like every other service's.
 */
import { cloudtrailModel } from '../../protocol/models/cloudtrail.js';
import { ec2Model } from '../../protocol/models/ec2.js';
import { iamModel } from '../../protocol/models/iam.js';
import { s3Model } from '../../protocol/models/s3.js';
import { stsModel } from '../../protocol/models/sts.js';
import type { Json } from '../../store/port.js';
import { javaDate } from './java-date.js';

/** The models of the services whose calls the trail records (services see the generated models only). */
type AnyModel = typeof stsModel | typeof s3Model | typeof cloudtrailModel;

const MODELS: Readonly<Record<string, AnyModel | undefined>> = {
  sts: stsModel,
  iam: iamModel,
  ec2: ec2Model,
  s3: s3Model,
  cloudtrail: cloudtrailModel,
};

type Side = 'input' | 'output';

/** The CloudTrail form of what was kept, or null when nothing was (an operation without parameters). */
export function cloudTrailElements(service: string, operation: string, side: Side, kept: Json | undefined): Json {
  const model = MODELS[service];
  const shapeName = model?.operations[operation]?.[side];
  if (model === undefined || shapeName === undefined || kept === undefined || kept === null) return null;
  const converted = convert(model, shapeName, kept, service === 's3');
  return typeof converted === 'object' && converted !== null && !Array.isArray(converted) && Object.keys(converted).length === 0 ? null : converted;
}

const lowerFirst = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);

function convert(model: AnyModel, shapeName: string, value: Json, s3: boolean): Json {
  const shape = model.shapes[shapeName];
  if (shape === undefined || value === null) return value;
  switch (shape.type) {
    case 'structure': {
      if (typeof value !== 'object' || Array.isArray(value)) return value;
      const record = value as { readonly [key: string]: Json };
      const out: Record<string, Json> = {};
      for (const [name, ref] of Object.entries(shape.members)) {
        const member = record[name];
        if (member === undefined) continue;
        out[s3 && name === 'Bucket' ? 'bucketName' : lowerFirst(name)] = convert(model, ref.shape, member, s3);
      }
      return out;
    }
    case 'list':
      return Array.isArray(value) ? value.map((item: Json) => convert(model, shape.member.shape, item, s3)) : value;
    case 'map':
      return typeof value === 'object' && !Array.isArray(value)
        ? Object.fromEntries(Object.entries(value as { readonly [key: string]: Json }).map(([k, v]) => [k, convert(model, shape.value.shape, v, s3)]))
        : value;
    case 'timestamp':
      return typeof value === 'number' ? javaDate(value) : value;
    default:
      return value;
  }
}
