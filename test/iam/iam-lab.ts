/** A lab plus an IAM client signed as its root, and the helpers the IAM end-to-end tests share. */
import { IAMClient } from '@aws-sdk/client-iam';
import { startTestLab } from '../support/test-lab.js';
import type { TestLab, TestLabOptions } from '../support/test-lab.js';
export { failure } from '../support/failure.js';

export const TRUST_EC2 = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

export const ALLOW_S3_READ = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Sid: 'Read', Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: '*' }],
});

export interface IamLab {
  readonly lab: TestLab;
  readonly iam: IAMClient;
  readonly root: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly dataDir: string;
  /** An IAM client signed with other credentials, against the same lab. */
  client(credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }): IAMClient;
  dispose(): Promise<void>;
}

export async function startIamLab(options: TestLabOptions = {}): Promise<IamLab> {
  const lab = await startTestLab(options);
  const root = { accessKeyId: lab.rootAccessKeyId, secretAccessKey: lab.rootSecretAccessKey };
  const iam = new IAMClient({ endpoint: lab.endpoint, region: 'us-east-1', credentials: root, maxAttempts: 1 });
  return {
    lab,
    iam,
    root,
    dataDir: lab.dataDir,
    client: (credentials) => new IAMClient({ endpoint: lab.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 }),
    dispose: async () => {
      iam.destroy();
      await lab.dispose();
    },
  };
}
