/**
 * A lab for the STS and enforcement tests: root IAM/STS clients, users with keys and inline policies, roles,
 * virtual MFA devices with real TOTP codes, and a wall clock the test moves (MFA codes count wall-clock
 * steps; session lifetimes follow `lab.clock.advance`). Nothing sleeps.
 */
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  IAMClient,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import type { CreateRoleCommandInput } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AssumeRoleCommandInput } from '@aws-sdk/client-sts';
import { base32Decode } from '../../src/lib/base32.js';
import { TOTP_STEP_MS, totpCode } from '../../src/lib/totp.js';
import { startTestLab } from '../support/test-lab.js';
import type { TestLab, TestLabOptions } from '../support/test-lab.js';
export { failure } from '../support/failure.js';

export const ACCOUNT = '123456789012';
export const OTHER_ACCOUNT = '210987654321';

export interface Keys {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface MfaDevice {
  readonly serialNumber: string;
  /** The code an authenticator shows at the lab's current wall time. */
  code(): string;
}

export const policy = (...statements: readonly Record<string, unknown>[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statements });
export const allow = (
  action: string | readonly string[],
  resource: string | readonly string[] = '*',
  extra: Record<string, unknown> = {},
): Record<string, unknown> => ({
  Effect: 'Allow',
  Action: action,
  Resource: resource,
  ...extra,
});
export const deny = (
  action: string | readonly string[],
  resource: string | readonly string[] = '*',
  extra: Record<string, unknown> = {},
): Record<string, unknown> => ({
  Effect: 'Deny',
  Action: action,
  Resource: resource,
  ...extra,
});
export const trust = (principal: Record<string, unknown> | '*', extra: Record<string, unknown> = {}): string =>
  policy({ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...extra });

export class StsLab {
  readonly lab: TestLab;
  readonly root: Keys;
  readonly iam: IAMClient;
  readonly sts: STSClient;
  readonly #wall: { ms: number };

  private constructor(lab: TestLab, wall: { ms: number }) {
    this.lab = lab;
    this.#wall = wall;
    this.root = { accessKeyId: lab.rootAccessKeyId, secretAccessKey: lab.rootSecretAccessKey };
    this.iam = this.iamAs(this.root);
    this.sts = this.stsAs(this.root);
  }

  /** The lab's wall clock (ms); `tick` moves it by whole TOTP steps. */
  get wallMs(): number {
    return this.#wall.ms;
  }

  static async start(options: TestLabOptions = {}): Promise<StsLab> {
    const wall = { ms: Date.now() };
    const lab = await startTestLab({ ...options, wallNow: () => wall.ms });
    return new StsLab(lab, wall);
  }

  iamAs(keys: Keys): IAMClient {
    return new IAMClient({ endpoint: this.lab.endpoint, region: 'us-east-1', credentials: keys, maxAttempts: 1 });
  }

  stsAs(keys: Keys): STSClient {
    return new STSClient({ endpoint: this.lab.endpoint, region: 'us-east-1', credentials: keys, maxAttempts: 1 });
  }

  /** A user with long-term keys and, optionally, one inline policy. */
  async user(name: string, inline?: string, path?: string): Promise<Keys & { readonly arn: string }> {
    const created = await this.iam.send(new CreateUserCommand({ UserName: name, ...(path === undefined ? {} : { Path: path }) }));
    if (inline !== undefined) await this.iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'inline', PolicyDocument: inline }));
    const { AccessKey } = await this.iam.send(new CreateAccessKeyCommand({ UserName: name }));
    return { accessKeyId: AccessKey?.AccessKeyId ?? '', secretAccessKey: AccessKey?.SecretAccessKey ?? '', arn: created.User?.Arn ?? '' };
  }

  async role(name: string, trustPolicy: string, extra: Partial<CreateRoleCommandInput> = {}): Promise<{ readonly arn: string; readonly id: string }> {
    const { Role } = await this.iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trustPolicy, ...extra }));
    return { arn: Role?.Arn ?? '', id: Role?.RoleId ?? '' };
  }

  async assume(keys: Keys, input: AssumeRoleCommandInput): Promise<Keys & { readonly expiration: Date | undefined; readonly arn: string }> {
    const client = this.stsAs(keys);
    try {
      const out = await client.send(new AssumeRoleCommand(input));
      const c = out.Credentials;
      return {
        accessKeyId: c?.AccessKeyId ?? '',
        secretAccessKey: c?.SecretAccessKey ?? '',
        sessionToken: c?.SessionToken ?? '',
        expiration: c?.Expiration,
        arn: out.AssumedRoleUser?.Arn ?? '',
      };
    } finally {
      client.destroy();
    }
  }

  /** Creates a virtual device and enables it for `userName` with two consecutive real codes. */
  async mfa(userName: string): Promise<MfaDevice> {
    const { VirtualMFADevice } = await this.iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: `${userName}-device` }));
    const seed = base32Decode(Buffer.from(VirtualMFADevice?.Base32StringSeed ?? new Uint8Array()).toString('ascii'));
    if (seed === undefined) throw new Error('the device seed did not decode');
    const serialNumber = VirtualMFADevice?.SerialNumber ?? '';
    await this.iam.send(
      new EnableMFADeviceCommand({
        UserName: userName,
        SerialNumber: serialNumber,
        AuthenticationCode1: totpCode(seed, this.wallMs - TOTP_STEP_MS),
        AuthenticationCode2: totpCode(seed, this.wallMs),
      }),
    );
    // The enabling codes are spent: the next usable code is a step later.
    this.tick();
    return { serialNumber, code: () => totpCode(seed, this.wallMs) };
  }

  /** Moves the wall clock one TOTP step (the virtual clock follows, as it tracks the wall). */
  tick(steps = 1): void {
    this.#wall.ms += steps * TOTP_STEP_MS;
  }

  async dispose(): Promise<void> {
    this.iam.destroy();
    this.sts.destroy();
    await this.lab.dispose();
  }
}
