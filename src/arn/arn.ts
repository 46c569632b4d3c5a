/**
 * ARN parsing and building: `arn:partition:service:region:account-id:resource` (the resource part keeps any
 * further colons).
 */
interface Arn {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  readonly resource: string;
}

export function parseArn(text: string): Arn | undefined {
  const parts = text.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const [, partition = '', service = '', region = '', account = ''] = parts;
  if (partition === '' || service === '') return undefined;
  return { partition, service, region, account, resource: parts.slice(5).join(':') };
}

const PARTITION = 'aws';

/** The region a request is taken to be in when nothing names one (an unsigned or SigV2 request), as the SDKs default. */
export const DEFAULT_REGION = 'us-east-1';

export const iamArn = (account: string, resource: string): string => `arn:${PARTITION}:iam::${account}:${resource}`;

export const rootArn = (account: string): string => iamArn(account, 'root');
export const userArn = (account: string, path: string, name: string): string => iamArn(account, `user${path}${name}`);
export const roleArn = (account: string, path: string, name: string): string => iamArn(account, `role${path}${name}`);
export const groupArn = (account: string, path: string, name: string): string => iamArn(account, `group${path}${name}`);
export const policyArn = (account: string, path: string, name: string): string => iamArn(account, `policy${path}${name}`);
export const instanceProfileArn = (account: string, path: string, name: string): string => iamArn(account, `instance-profile${path}${name}`);
export const serverCertificateArn = (account: string, path: string, name: string): string => iamArn(account, `server-certificate${path}${name}`);
export const mfaArn = (account: string, path: string, name: string): string => iamArn(account, `mfa${path}${name}`);
/** `oidc-provider/<url without https://>`, the URL's path kept (aws-federation.md §1.2). */
export const oidcProviderArn = (account: string, urlWithoutScheme: string): string => iamArn(account, `oidc-provider/${urlWithoutScheme}`);
export const samlProviderArn = (account: string, name: string): string => iamArn(account, `saml-provider/${name}`);

/** Assumed-role session ARN: the role's path is dropped (aws-behaviour.md §1.5). */
export const assumedRoleArn = (account: string, roleName: string, sessionName: string): string =>
  `arn:${PARTITION}:sts::${account}:assumed-role/${roleName}/${sessionName}`;

/** A GetFederationToken session (aws-behaviour.md §10.5): `arn:aws:sts::<account>:federated-user/<name>`. */
export const federatedUserArn = (account: string, name: string): string => `arn:${PARTITION}:sts::${account}:federated-user/${name}`;

export const ec2Arn = (region: string, account: string, resource: string): string => `arn:${PARTITION}:ec2:${region}:${account}:${resource}`;

export const instanceArn = (region: string, account: string, instanceId: string): string => ec2Arn(region, account, `instance/${instanceId}`);

/** AWS managed policies live under the pseudo-account `aws` (aws-behaviour.md §2.2). */
export const AWS_MANAGED_POLICY_PREFIX = `arn:${PARTITION}:iam::aws:policy/`;

/** Bucket and object ARNs carry neither region nor account (aws-behaviour.md §5.6). */
export const S3_ARN_PREFIX = `arn:${PARTITION}:s3:::`;

export const bucketArn = (bucket: string): string => `${S3_ARN_PREFIX}${bucket}`;
export const objectArn = (bucket: string, key: string): string => `${S3_ARN_PREFIX}${bucket}/${key}`;
