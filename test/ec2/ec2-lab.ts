/**
 * A lab for the EC2 and metadata-service tests: the real lab (`startTestLab`) plus EC2, IAM and STS clients
 * signed as root, and direct access to the EC2 state and the metadata listeners. The wall clock is real (the
 * SDKs sign with it); tests move the virtual clock with `lab.clock.advance`.
 */
import { rmSync } from 'node:fs';
import { EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import type { Clock } from '../../src/clock/clock.js';
import type { ImdsConfig, ImdsManager } from '../../src/imds/index.js';
import type { Ec2State, Ec2Timing } from '../../src/services/ec2/index.js';
import type { IamState } from '../../src/services/iam/iam-state.js';
import type { Store } from '../../src/store/port.js';
import { startTestLab } from '../support/test-lab.js';
export { failure } from '../support/failure.js';

export const TRUST_EC2 = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

export const TRUST_LAMBDA = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface Ec2Lab {
  readonly endpoint: string;
  readonly clock: Clock;
  readonly store: Store;
  readonly ec2State: Ec2State;
  readonly iamState: IamState;
  readonly imds: ImdsManager;
  readonly dataDir: string;
  readonly root: Credentials;
  readonly ec2: EC2Client;
  readonly iam: IAMClient;
  ec2Client(credentials: Credentials, region?: string): EC2Client;
  stsClient(credentials: Credentials): STSClient;
  iamClient(credentials: Credentials): IAMClient;
  /** Stops everything; removes the data directory unless `keepData`. */
  dispose(options?: { readonly keepData?: boolean }): Promise<void>;
}

interface Ec2LabOptions {
  readonly dataDir?: string;
  readonly imds?: Partial<ImdsConfig>;
  readonly timing?: Partial<Ec2Timing>;
}

export async function startEc2Lab(options: Ec2LabOptions = {}): Promise<Ec2Lab> {
  const lab = await startTestLab({
    keepData: true,
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    ...(options.imds === undefined ? {} : { imds: options.imds }),
    ...(options.timing === undefined ? {} : { ec2Timing: options.timing }),
  });
  const { endpoint } = lab;
  const rootCredentials = { accessKeyId: lab.rootAccessKeyId, secretAccessKey: lab.rootSecretAccessKey };
  const clients: { destroy(): void }[] = [];
  const track = <T extends { destroy(): void }>(client: T): T => {
    clients.push(client);
    return client;
  };
  const ec2Client = (c: Credentials, region = 'us-east-1'): EC2Client => track(new EC2Client({ endpoint, region, credentials: c, maxAttempts: 1 }));
  const iamClient = (c: Credentials): IAMClient => track(new IAMClient({ endpoint, region: 'us-east-1', credentials: c, maxAttempts: 1 }));
  const stsClient = (c: Credentials): STSClient => track(new STSClient({ endpoint, region: 'us-east-1', credentials: c, maxAttempts: 1 }));
  return {
    endpoint,
    clock: lab.clock,
    store: lab.store,
    ec2State: lab.parts.ec2,
    iamState: lab.parts.iam,
    imds: lab.parts.imds,
    dataDir: lab.dataDir,
    root: rootCredentials,
    ec2: ec2Client(rootCredentials),
    iam: iamClient(rootCredentials),
    ec2Client,
    stsClient,
    iamClient,
    dispose: async (disposeOptions = {}) => {
      for (const client of clients) client.destroy();
      await lab.close();
      if (disposeOptions.keepData !== true) rmSync(lab.dataDir, { recursive: true, force: true });
    },
  };
}

/** Creates a role (trusting EC2 by default) inside a same-named profile; returns the profile's ARN and id. */
export async function roleInProfile(
  lab: Ec2Lab,
  name: string,
  trust = TRUST_EC2,
): Promise<{ profileArn: string; profileId: string; roleArn: string }> {
  const { CreateRoleCommand, CreateInstanceProfileCommand, AddRoleToInstanceProfileCommand } = await import('@aws-sdk/client-iam');
  const role = await lab.iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust }));
  const profile = await lab.iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: name }));
  await lab.iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: name, RoleName: name }));
  return {
    profileArn: profile.InstanceProfile?.Arn ?? '',
    profileId: profile.InstanceProfile?.InstanceProfileId ?? '',
    roleArn: role.Role?.Arn ?? '',
  };
}
