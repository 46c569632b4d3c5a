/**
 * A lab for the container-credential tests: the real lab (`startTestLab`) with IAM and STS clients signed as
 * root, roles for ECS tasks and Pod Identity, and small helpers for the admin API and the agents. The wall
 * clock is real (the SDKs sign with it); tests move the virtual clock with `lab.clock.advance`.
 */
import { rmSync } from 'node:fs';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import type { Clock } from '../../src/clock/clock.js';
import type { TestLabOptions } from '../support/test-lab.js';
import { startTestLab } from '../support/test-lab.js';

export const ACCOUNT = '123456789012';

export const trust = (service: string, actions: string | readonly string[], condition?: object): string =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: actions, ...(condition === undefined ? {} : { Condition: condition }) }],
  });

export const TRUST_ECS = trust('ecs-tasks.amazonaws.com', 'sts:AssumeRole');
export const TRUST_PODS = trust('pods.eks.amazonaws.com', ['sts:AssumeRole', 'sts:TagSession']);

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** What the admin API answers for a task or an association (containers-route.ts). */
export interface ContainerView {
  readonly taskId?: string;
  readonly taskArn?: string;
  readonly associationId?: string;
  readonly podName?: string;
  readonly podUid?: string;
  readonly clusterName?: string;
  readonly account: string;
  readonly region: string;
  readonly roleArn: string;
  readonly relativeUri: string;
  readonly credentialsUri: string;
  readonly authorizationToken: string;
  readonly session: { readonly accessKeyId: string; readonly sessionName: string } | null;
}

export interface AgentReply {
  readonly status: number;
  readonly contentType: string | null;
  readonly text: string;
}

export interface ContainerLab {
  readonly endpoint: string;
  readonly clock: Clock;
  readonly dataDir: string;
  readonly root: Credentials;
  readonly iam: IAMClient;
  sts(credentials: Credentials): STSClient;
  /** Creates a role with that trust policy; returns its ARN. */
  role(name: string, trustPolicy: string): Promise<string>;
  admin(method: string, path: string, body?: unknown): Promise<{ readonly status: number; readonly json: Record<string, unknown> }>;
  createTask(body: Record<string, string>): Promise<ContainerView>;
  createPod(body: Record<string, string>): Promise<ContainerView>;
  /** GET on an agent URL with that Authorization header (none when undefined). */
  agent(url: string, authorization: string | undefined): Promise<AgentReply>;
  dispose(options?: { readonly keepData?: boolean }): Promise<void>;
}

export async function startContainerLab(options: TestLabOptions = {}): Promise<ContainerLab> {
  const lab = await startTestLab({ ...options, keepData: true });
  const root = { accessKeyId: lab.rootAccessKeyId, secretAccessKey: lab.rootSecretAccessKey };
  const clients: { destroy(): void }[] = [];
  const iam = new IAMClient({ endpoint: lab.endpoint, region: 'us-east-1', credentials: root, maxAttempts: 1 });
  clients.push(iam);
  const admin = async (method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> => {
    const response = await fetch(`${lab.endpoint}/_iamlab/${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  };
  const create = async (path: string, body: Record<string, string>): Promise<ContainerView> => {
    const { status, json } = await admin('POST', path, body);
    if (status !== 201) throw new Error(`POST ${path}: ${status} ${JSON.stringify(json)}`);
    return json as unknown as ContainerView;
  };
  return {
    endpoint: lab.endpoint,
    clock: lab.clock,
    dataDir: lab.dataDir,
    root,
    iam,
    sts: (credentials) => {
      const client = new STSClient({ endpoint: lab.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
      clients.push(client);
      return client;
    },
    role: async (name, trustPolicy) =>
      (await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trustPolicy }))).Role?.Arn ?? '',
    admin,
    createTask: (body) => create('tasks', body),
    createPod: (body) => create('pod-identity-associations', body),
    agent: async (url, authorization) => {
      const response = await fetch(url, authorization === undefined ? {} : { headers: { authorization } });
      return { status: response.status, contentType: response.headers.get('content-type'), text: await response.text() };
    },
    dispose: async (disposeOptions = {}) => {
      for (const client of clients) client.destroy();
      await lab.close();
      if (disposeOptions.keepData !== true) rmSync(lab.dataDir, { recursive: true, force: true });
    },
  };
}
