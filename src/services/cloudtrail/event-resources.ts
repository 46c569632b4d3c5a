/**
 * The resources an event names, from the ARNs its authorization checked (aws-behaviour.md §13.6): LookupEvents'
 * `Resources` (`ResourceType` as `AWS::<Service>::<Type>`, and `ResourceName`) and the record's own `resources`
 * (`{accountId, type, ARN}`, which CloudTrail writes for STS's role assumptions and S3's buckets
 * [D: IAM-UG cloudtrail-integration; CT-UG cloudtrail-event-reference-record-contents]).
 * `ResourceName` is what the event's service calls the resource: the role's ARN for an AssumeRole
 * [O: an AssumeRole event's lookup `Resources`], a managed policy's ARN, other IAM entities' names, an instance's
 * id, a bucket's name.
 */
import { parseArn } from '../../arn/arn.js';

export interface EventResource {
  readonly type: string;
  readonly name: string;
  readonly arn: string;
  /** The account in the ARN; empty for S3 buckets, whose ARNs carry none. */
  readonly accountId: string;
}

const IAM_TYPES: Readonly<Record<string, string>> = {
  role: 'AWS::IAM::Role',
  user: 'AWS::IAM::User',
  group: 'AWS::IAM::Group',
  policy: 'AWS::IAM::Policy',
  'instance-profile': 'AWS::IAM::InstanceProfile',
  'oidc-provider': 'AWS::IAM::OIDCProvider',
  'saml-provider': 'AWS::IAM::SAMLProvider',
  mfa: 'AWS::IAM::MFADevice',
  'server-certificate': 'AWS::IAM::ServerCertificate',
};

const EC2_TYPES: Readonly<Record<string, string>> = { instance: 'AWS::EC2::Instance' };

export function eventResource(arn: string, eventSource: string): EventResource | undefined {
  const parsed = parseArn(arn);
  if (parsed === undefined) return undefined;
  const slash = parsed.resource.indexOf('/');
  const kind = slash < 0 ? parsed.resource : parsed.resource.slice(0, slash);
  const rest = slash < 0 ? '' : parsed.resource.slice(slash + 1);
  const last = rest.slice(rest.lastIndexOf('/') + 1);
  const base = { arn, accountId: parsed.account };
  switch (parsed.service) {
    case 'iam': {
      const type = IAM_TYPES[kind];
      if (type === undefined || last === '') return undefined;
      const byArn = eventSource === 'sts.amazonaws.com' || kind === 'policy' || kind.endsWith('-provider');
      return { ...base, type, name: byArn ? arn : last };
    }
    case 'ec2': {
      const type = EC2_TYPES[kind];
      return type === undefined || last === '' ? undefined : { ...base, type, name: last };
    }
    case 's3':
      return slash < 0 && parsed.resource !== '' && parsed.resource !== '*' ? { ...base, type: 'AWS::S3::Bucket', name: parsed.resource } : undefined;
    default:
      return undefined;
  }
}
