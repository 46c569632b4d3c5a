/**
 * ARN parsing and building: `arn:partition:service:region:account-id:resource` (the resource part keeps any
 * further colons).
 */
export interface Arn {
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

export function formatArn(arn: Arn): string {
  return `arn:${arn.partition}:${arn.service}:${arn.region}:${arn.account}:${arn.resource}`;
}

export const PARTITION = 'aws';

export const iamArn = (account: string, resource: string): string => `arn:${PARTITION}:iam::${account}:${resource}`;

export const rootArn = (account: string): string => iamArn(account, 'root');
export const userArn = (account: string, path: string, name: string): string => iamArn(account, `user${path}${name}`);
export const roleArn = (account: string, path: string, name: string): string => iamArn(account, `role${path}${name}`);
export const groupArn = (account: string, path: string, name: string): string => iamArn(account, `group${path}${name}`);
export const policyArn = (account: string, path: string, name: string): string => iamArn(account, `policy${path}${name}`);
export const instanceProfileArn = (account: string, path: string, name: string): string =>
  iamArn(account, `instance-profile${path}${name}`);
export const mfaArn = (account: string, path: string, name: string): string => iamArn(account, `mfa${path}${name}`);

/** Assumed-role session ARN: the role's path is dropped (aws-behaviour.md §1.5). */
export const assumedRoleArn = (account: string, roleName: string, sessionName: string): string =>
  `arn:${PARTITION}:sts::${account}:assumed-role/${roleName}/${sessionName}`;

export const instanceArn = (region: string, account: string, instanceId: string): string =>
  `arn:${PARTITION}:ec2:${region}:${account}:instance/${instanceId}`;

export const s3Arn = (bucket: string, key?: string): string =>
  key === undefined ? `arn:${PARTITION}:s3:::${bucket}` : `arn:${PARTITION}:s3:::${bucket}/${key}`;
