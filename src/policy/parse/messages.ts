/**
 * AWS's own texts for policy-document errors. Do not "improve" them: clients and tests match them exactly.
 * Sources: the 78 IAM cases in test/vectors/policy-validation as AWS answered them to CreatePolicy
 * (localstack-recorded.json, February 2026; aws-behaviour.md §10.11), which correct moto's texts for two;
 * aws-behaviour.md §2.1 (trust policies), §2.2 (quotas); observed AWS output cited per entry.
 */
export const messages = {
  syntax: 'Syntax errors in policy.',
  version: 'Policy document must be version 2012-10-17 or greater.',
  legacy: 'The policy failed legacy parsing',
  duplicateSid: 'Statement IDs (SID) in a single policy must be unique.',
  noActions: 'Policy statement must contain actions.',
  noResources: 'Policy statement must contain resources.',
  actionVendorMissing: 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
  actionOneColon: 'Actions/Condition can contain only one colon.',
  actionVendorInvalid: (vendor: string): string => `Vendor ${vendor} is not valid`,
  resourceNotArn: (resource: string): string => `Resource ${resource} must be in ARN format or "*".`,
  resourcePartition: (partition: string, padded: string): string => `Partition "${partition}" is not valid for resource "${padded}".`,
  resourceVendor: 'Resource vendor must be fully qualified and cannot contain regexes.',
  resourceRegion: (resource: string): string => `Resource ${resource} can not contain region information.`,
  iamResourceRegion: (resource: string): string => `IAM resource ${resource} cannot contain region information.`,
  iamResourcePath:
    'IAM resource path must either be "*", root, or start with user/, federated-user/, role/, group/, instance-profile/, mfa/, server-certificate/, policy/, sms-mfa/, saml-provider/, oidc-provider/, report/, access-report/.',
  /** Permission policies (identity, boundary, session) — terraform#13449, terraform-provider-aws#10419. */
  principalNotAllowed: 'Policy document should not specify a principal.',
  /** Trust and bucket policies given text that is not JSON (localstack AWS-recorded snapshot; S3 likewise). */
  invalidJson: 'This policy contains invalid Json',
  /** Trust policy statement without Principal/NotPrincipal — terraform-provider-aws#7756 (verbatim). */
  trustNoPrincipals:
    'Invalid principal in policy: com.amazon.balsa.error.InvalidPolicyException: The passed in policy has a statement with no principals!',
  /** Trust/resource policy naming a principal IAM cannot accept (§2.1: `"AWS":"arn:…"`). */
  invalidPrincipal: (type: string, value: string): string => `Invalid principal in policy: "${type}":"${value}"`,
  /** Trust policy with a non-assume action (localstack AWS-recorded snapshot, UpdateAssumeRolePolicy). */
  trustActions: 'AssumeRole policy may only specify STS AssumeRole actions.',
  /** Trust policy with a Resource element (observed on CreateRole; the NotResource form is by analogy). */
  trustProhibited: (field: 'Resource' | 'NotResource'): string => `Has prohibited field ${field}`,
  /** S3 bucket policies (S3 reports code MalformedPolicy with these texts). */
  bucketMissingPrincipal: 'Missing required field Principal',
  bucketInvalidPrincipal: 'Invalid principal in policy',
  bucketInvalidResource: 'Policy has invalid resource',
  bucketInvalidAction: 'Policy has invalid action',
} as const;
