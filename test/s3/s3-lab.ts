/**
 * A lab for the S3 end-to-end tests: root IAM/STS/S3 clients, users with long-term keys and inline policies,
 * roles and their sessions, a second account through the admin API, the virtual clock moved through the
 * admin API (never by sleeping), and the real clients (AWS CLI, boto3) from test/support/clients.ts.
 * The wall clock is the real one unless a test injects its own (`wallNow`): the CLI and boto3 sign with it.
 */
import { createHash, createHmac } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  IAMClient,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { S3Client } from '@aws-sdk/client-s3';
import type { S3ClientConfig } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AssumeRoleCommandInput } from '@aws-sdk/client-sts';
import { SignatureV4 } from '@smithy/signature-v4';
import { awsCli, boto3, boto3Python } from '../support/clients.js';
import type { RunResult } from '../support/clients.js';
import { startTestLab } from '../support/test-lab.js';
import type { TestLab, TestLabOptions } from '../support/test-lab.js';
export { allow, deny, policy, trust } from '../sts/sts-lab.js';
export { failure } from '../support/failure.js';

export interface Keys {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** An S3 error envelope (aws-behaviour.md §0.5) read from a raw response. */
interface S3ErrorBody {
  readonly status: number;
  readonly code: string | undefined;
  readonly message: string | undefined;
  readonly body: string;
  /** The text of one extra element of `<Error>`. */
  field(name: string): string | undefined;
}

function xmlField(xml: string, element: string): string | undefined {
  const escaped = element.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`<${escaped}>([\\s\\S]*?)</${escaped}>`).exec(xml);
  return match?.[1];
}

export async function readError(response: Response): Promise<S3ErrorBody> {
  const body = await response.text();
  return {
    status: response.status,
    code: unescaped(xmlField(body, 'Code')),
    message: unescaped(xmlField(body, 'Message')),
    body,
    field: (name) => unescaped(xmlField(body, name)),
  };
}

const unescaped = (text: string | undefined): string | undefined => (text === undefined ? undefined : unescapeXml(text));

/** Undoes XML character escaping in an element's text. */
function unescapeXml(text: string): string {
  return text.replace(/&(lt|gt|quot|apos|amp|#(\d+)|#x([0-9a-fA-F]+));/g, (_m, name: string, dec?: string, hex?: string) => {
    if (dec !== undefined) return String.fromCodePoint(Number(dec));
    if (hex !== undefined) return String.fromCodePoint(parseInt(hex, 16));
    return ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' } as Record<string, string>)[name] ?? '';
  });
}

export const ACCOUNT = '123456789012';

export class S3Lab {
  readonly lab: TestLab;
  readonly root: Keys;
  readonly iam: IAMClient;
  readonly s3: S3Client;
  readonly #clients: { destroy(): void }[] = [];

  private constructor(lab: TestLab) {
    this.lab = lab;
    this.root = { accessKeyId: lab.rootAccessKeyId, secretAccessKey: lab.rootSecretAccessKey };
    this.iam = this.iamAs(this.root);
    this.s3 = this.s3As(this.root);
  }

  static async start(options: TestLabOptions = {}): Promise<S3Lab> {
    return new S3Lab(await startTestLab(options));
  }

  get endpoint(): string {
    return this.lab.endpoint;
  }

  #track<T extends { destroy(): void }>(client: T): T {
    this.#clients.push(client);
    return client;
  }

  iamAs(keys: Keys): IAMClient {
    return this.#track(new IAMClient({ endpoint: this.endpoint, region: 'us-east-1', credentials: keys, maxAttempts: 1 }));
  }

  stsAs(keys: Keys): STSClient {
    return this.#track(new STSClient({ endpoint: this.endpoint, region: 'us-east-1', credentials: keys, maxAttempts: 1 }));
  }

  /** A path-style S3 client (unless `extra` says otherwise) that does not retry. */
  s3As(keys: Keys, extra: Partial<S3ClientConfig> = {}): S3Client {
    return this.#track(
      new S3Client({ endpoint: this.endpoint, region: 'us-east-1', credentials: keys, forcePathStyle: true, maxAttempts: 1, ...extra }),
    );
  }

  /** A user with long-term keys and, optionally, one inline policy; `iam` picks the account. */
  async user(name: string, inline?: string, iam: IAMClient = this.iam): Promise<Keys & { readonly arn: string }> {
    const created = await iam.send(new CreateUserCommand({ UserName: name }));
    if (inline !== undefined) await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'inline', PolicyDocument: inline }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
    return { accessKeyId: AccessKey?.AccessKeyId ?? '', secretAccessKey: AccessKey?.SecretAccessKey ?? '', arn: created.User?.Arn ?? '' };
  }

  async role(name: string, trustPolicy: string, inline?: string): Promise<string> {
    const { Role } = await this.iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trustPolicy }));
    if (inline !== undefined) await this.iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'inline', PolicyDocument: inline }));
    return Role?.Arn ?? '';
  }

  async assume(keys: Keys, input: AssumeRoleCommandInput): Promise<Keys & { readonly expiration: Date | undefined }> {
    const out = await this.stsAs(keys).send(new AssumeRoleCommand(input));
    const c = out.Credentials;
    return {
      accessKeyId: c?.AccessKeyId ?? '',
      secretAccessKey: c?.SecretAccessKey ?? '',
      sessionToken: c?.SessionToken ?? '',
      expiration: c?.Expiration,
    };
  }

  /** Moves the virtual clock forward through the admin API (`POST /_iamlab/clock`), e.g. `16m`. */
  async advance(by: string): Promise<void> {
    const response = await fetch(`${this.endpoint}/_iamlab/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'advance', by }),
    });
    if (response.status !== 200) throw new Error(`clock advance failed: ${response.status} ${await response.text()}`);
  }

  /** Another account through the admin API (`POST /_iamlab/accounts`): its root keys. */
  async createAccount(account: string): Promise<Keys> {
    const response = await fetch(`${this.endpoint}/_iamlab/accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ account }),
    });
    if (response.status !== 201) throw new Error(`account creation failed: ${response.status} ${await response.text()}`);
    const created = (await response.json()) as { accessKeyId: string; secretAccessKey: string };
    return { accessKeyId: created.accessKeyId, secretAccessKey: created.secretAccessKey };
  }

  cli(keys: Keys, args: readonly string[]): Promise<RunResult> {
    return awsCli(this.endpoint, keys, args);
  }

  /** Runs boto3 (the caller checks `boto3Python()` first); `ENDPOINT` is defined for the script. */
  boto3(keys: Keys, script: string): Promise<RunResult> {
    const python = boto3Python();
    if (python === false) throw new Error('no boto3');
    return boto3(python, this.endpoint, keys, script);
  }

  async dispose(): Promise<void> {
    for (const client of this.#clients) client.destroy();
    await this.lab.dispose();
  }
}

/** RFC 3986 escaping as SigV4 wants it (`encodeURIComponent` plus `!'()*`). */
function uriEscape(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

interface PresignInput {
  readonly endpoint: string;
  readonly bucket: string;
  readonly key: string;
  readonly keys: Keys;
  readonly expiresSeconds: number;
  readonly method?: string;
  readonly signingDate?: Date;
  readonly region?: string;
}

/**
 * A path-style SigV4 presigned URL computed here (aws-behaviour.md §5.4, §6.2–§6.3), for what the SDKs refuse
 * to make: an X-Amz-Expires over a week, a signing date in the future.
 */
export function presignV4(input: PresignInput): string {
  const url = new URL(input.endpoint);
  const date = input.signingDate ?? new Date();
  const amzDate = date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const region = input.region ?? 'us-east-1';
  const scope = `${day}/${region}/s3/aws4_request`;
  const path = `/${input.bucket}/${input.key.split('/').map(uriEscape).join('/')}`;
  const params: [string, string][] = [
    ['X-Amz-Algorithm', 'AWS4-HMAC-SHA256'],
    ['X-Amz-Credential', `${input.keys.accessKeyId}/${scope}`],
    ['X-Amz-Date', amzDate],
    ['X-Amz-Expires', String(input.expiresSeconds)],
    ['X-Amz-SignedHeaders', 'host'],
  ];
  if (input.keys.sessionToken !== undefined) params.push(['X-Amz-Security-Token', input.keys.sessionToken]);
  const query = params
    .map(([name, value]) => `${uriEscape(name)}=${uriEscape(value)}`)
    .sort()
    .join('&');
  const canonical = [input.method ?? 'GET', path, query, `host:${url.host}\n`, 'host', 'UNSIGNED-PAYLOAD'].join('\n');
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, createHash('sha256').update(canonical).digest('hex')].join('\n');
  const hmac = (key: Buffer | string, data: string): Buffer => createHmac('sha256', key).update(data).digest();
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${input.keys.secretAccessKey}`, day), region), 's3'), 'aws4_request');
  const signature = createHmac('sha256', signingKey).update(stringToSign).digest('hex');
  return `${url.origin}${path}?${query}&X-Amz-Signature=${signature}`;
}

/**
 * A path-style SigV2 presigned GET URL (aws-behaviour.md §5.4), as boto3 and the CLI v1 make them:
 * base64(HMAC-SHA1(secret, "GET\n\n\n<Expires>\n<x-amz-security-token line>/<bucket>/<key>")).
 */
export function presignV2(input: {
  readonly endpoint: string;
  readonly bucket: string;
  readonly key: string;
  readonly keys: Keys;
  readonly expiresEpochSeconds: number;
}): string {
  const path = `/${input.bucket}/${input.key.split('/').map(uriEscape).join('/')}`;
  const token = input.keys.sessionToken === undefined ? '' : `x-amz-security-token:${input.keys.sessionToken}\n`;
  const stringToSign = `GET\n\n\n${input.expiresEpochSeconds}\n${token}${path}`;
  const signature = createHmac('sha1', input.keys.secretAccessKey).update(stringToSign).digest('base64');
  const query = [`AWSAccessKeyId=${uriEscape(input.keys.accessKeyId)}`, `Signature=${uriEscape(signature)}`];
  if (input.keys.sessionToken !== undefined) query.push(`x-amz-security-token=${uriEscape(input.keys.sessionToken)}`);
  query.push(`Expires=${input.expiresEpochSeconds}`);
  return `${new URL(input.endpoint).origin}${path}?${query.join('&')}`;
}

interface SignedS3Input {
  readonly endpoint: string;
  readonly keys: Keys;
  readonly method: string;
  /** The path as sent, already escaped: `/bucket/key`. */
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer;
}

/**
 * One header-signed S3 request, signed with the AWS SDK's own signer (@smithy/signature-v4, as
 * test/support/sign.ts does for POSTs), sending exactly the headers given: a stated `x-amz-content-sha256`
 * is what gets signed, whatever the body is.
 */
export async function signedS3(input: SignedS3Input): Promise<Response> {
  const url = new URL(input.endpoint);
  const body = input.body ?? '';
  const headers: Record<string, string> = {
    host: url.host,
    'x-amz-content-sha256': createHash('sha256').update(body).digest('hex'),
    ...input.headers,
  };
  const signer = new SignatureV4({
    service: 's3',
    region: 'us-east-1',
    sha256: Sha256,
    uriEscapePath: false,
    applyChecksum: false,
    credentials: input.keys,
  });
  const signed = await signer.sign({
    method: input.method,
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: input.path,
    headers,
    query: {},
    body,
  });
  const sent = Object.fromEntries(Object.entries(signed.headers).filter(([name]) => name !== 'host'));
  return fetch(`${url.origin}${input.path}`, {
    method: input.method,
    headers: sent,
    ...(input.method === 'GET' || input.method === 'HEAD' ? {} : { body }),
  });
}
