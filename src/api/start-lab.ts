/**
 * A lab inside a test process: `const lab = await startLab()` starts one on a free loopback port with an
 * in-memory store (nothing on disk), and `await lab.stop()` leaves nothing behind — no file, no listener, no
 * timer — so a `node --test` or vitest run exits on its own. Labs share nothing: several run side by side in
 * one process, each with its own clock, account state and port.
 */
import { devNull } from 'node:os';
import { DEFAULT_REGION } from '../arn/arn.js';
import { resolveConfig } from '../app/config.js';
import { startLab as startLabProcess } from '../app/lab.js';
import type { RunningLab } from '../app/lab.js';
import { isolatedEnvironment } from '../cli/exec-environment.js';
import type { StoredEvent } from '../store/port.js';
import { instantMs, labClock } from './lab-clock.js';
import type { Instant, LabClock } from './lab-clock.js';
import { assumeRole, createRole, createUser, labCaller } from './lab-helpers.js';
import type {
  AssumeRoleOptions,
  CallService,
  CreateRoleOptions,
  CreateUserOptions,
  Credentials,
  LabRole,
  LabUser,
  RoleSession,
} from './lab-helpers.js';

export interface StartLabOptions {
  /** `memory` (default): nothing on disk; a directory: the embedded SQLite store there; or a `postgres://` URL. */
  readonly store?: string;
  /** 0 (default): a free port. */
  readonly port?: number;
  /** 127.0.0.1 by default. */
  readonly host?: string;
  /** The lab's account (default 123456789012). */
  readonly accountId?: string;
  /**
   * Where the virtual clock starts — past or future — and whether it stands still (default: the wall clock's now,
   * running). Only for a new lab: a store that has run keeps its clock, which moves only forward.
   */
  readonly clock?: { readonly at?: Instant; readonly frozen?: boolean };
  /**
   * A relaxation for suites written for LocalStack or moto (README "Moving a LocalStack or moto suite"): an access
   * key the lab does not know acts as this account's root, its signature unchecked, and the audit trail says so.
   */
  readonly acceptAnyKey?: string;
  /** Further settings by their environment variable names (`IAMLAB_IMDS_CREDENTIAL_LIFETIME`…), as `iamlab serve` reads them. */
  readonly settings?: Readonly<Record<string, string>>;
  /** Where the lab's log lines go (default: errors to stderr, nothing else). */
  readonly log?: { readonly info?: (message: string) => void; readonly error?: (message: string, error?: unknown) => void };
}

/** An audit event as `iamlab events` shows it: who, what, the decision and why, the error the client saw. */
export type LabEvent = { readonly seq: number } & Readonly<Record<string, unknown>>;

export interface EventFilter {
  readonly principalArn?: string;
  readonly requestId?: string;
  /** Only denied or failed requests. */
  readonly deniedOnly?: boolean;
  readonly limit?: number;
}

export interface Lab {
  /** `http://127.0.0.1:<port>`: the endpoint of every service (STS, IAM, EC2, S3). */
  readonly endpoint: string;
  readonly region: string;
  readonly accountId: string;
  /** The account root's long-term keys. */
  readonly credentials: Credentials;
  readonly clock: LabClock;
  /**
   * The environment a child process (the AWS CLI, boto3, a script) needs to act as the account root against
   * this lab: `base` (default process.env) with every other credential source removed.
   */
  env(base?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
  /**
   * The environment of a process running on an EC2 instance of the lab: no keys, the instance's metadata
   * endpoint, so the default credential chain gets the instance profile's credentials from IMDS.
   */
  instanceEnv(instanceId: string, base?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
  /** One signed STS or IAM call (as the root unless `credentials` say otherwise); resolves to the answer's XML. */
  call(service: CallService, action: string, params?: Readonly<Record<string, string>>, credentials?: Credentials): Promise<string>;
  /** Creates a user with an access key, its inline and attached policies. */
  createUser(userName: string, options?: CreateUserOptions): Promise<LabUser>;
  /** Creates a role with its trust policy (default: the account) and permission policies. */
  createRole(roleName: string, options?: CreateRoleOptions): Promise<LabRole>;
  /** AssumeRole as `options.credentials`; `role` is a role's ARN or a name in the lab's account. */
  assumeRole(role: string, options: AssumeRoleOptions): Promise<RoleSession>;
  /** The audit trail, oldest first. */
  events(filter?: EventFilter): Promise<LabEvent[]>;
  /** Stops the lab; a memory store's state is gone. */
  stop(): Promise<void>;
}

function configFor(options: StartLabOptions): ReturnType<typeof resolveConfig> {
  const store = options.store ?? 'memory';
  const isDirectory = store !== 'memory' && !/^postgres(ql)?:\/\//.test(store);
  const env: NodeJS.ProcessEnv = { ...options.settings, ...(options.accountId === undefined ? {} : { IAMLAB_ACCOUNT_ID: options.accountId }) };
  return resolveConfig(
    {
      port: String(options.port ?? 0),
      host: options.host ?? '127.0.0.1',
      quiet: true,
      ...(options.acceptAnyKey === undefined ? {} : { acceptAnyKey: options.acceptAnyKey }),
      ...(isDirectory ? { store: 'sqlite', dataDir: store } : { store }),
    },
    env,
    process.cwd(),
  );
}

export async function startLab(options: StartLabOptions = {}): Promise<Lab> {
  const resolved = configFor(options);
  if (resolved.kind === 'error') throw new RangeError(resolved.message);
  const clockStart =
    options.clock === undefined
      ? undefined
      : { ...(options.clock.at === undefined ? {} : { atMs: instantMs(options.clock.at) }), frozen: options.clock.frozen === true };
  const running = await startLabProcess({
    config: resolved.config,
    ...(clockStart === undefined ? {} : { clockStart }),
    logger: {
      info: (message) => options.log?.info?.(message),
      error:
        options.log?.error ?? ((message, error) => process.stderr.write(`iamlab: ${message}${error === undefined ? '' : `: ${describe(error)}`}\n`)),
    },
  });
  return wrap(running);
}

function wrap(running: RunningLab): Lab {
  const { admin } = running.parts;
  const region = DEFAULT_REGION;
  const clock = labClock(admin);
  const rootCredentials = (): Credentials => ({ accessKeyId: running.rootAccessKeyId, secretAccessKey: running.rootSecretAccessKey });
  const caller = labCaller({ endpoint: running.endpoint, region, rootCredentials });
  const roleArnOf = (role: string): string => (role.startsWith('arn:') ? role : `arn:aws:iam::${running.accountId}:role/${role}`);
  let stopped: Promise<void> | undefined;
  return {
    endpoint: running.endpoint,
    region,
    accountId: running.accountId,
    get credentials() {
      return rootCredentials();
    },
    clock,
    env: (base = process.env) =>
      isolatedEnvironment(base, {
        labEndpoint: running.endpoint,
        region,
        emptyFile: devNull,
        source: { AWS_ACCESS_KEY_ID: running.rootAccessKeyId, AWS_SECRET_ACCESS_KEY: running.rootSecretAccessKey, IAMLAB_ENDPOINT: running.endpoint },
      }),
    instanceEnv: (instanceId, base = process.env) => {
      const imdsEndpoint = running.parts.imds.endpointOf(instanceId);
      if (imdsEndpoint === undefined) throw new RangeError(`no metadata service for \`${instanceId}\`: the instance is unknown or not running`);
      return isolatedEnvironment(base, {
        labEndpoint: running.endpoint,
        region,
        emptyFile: devNull,
        source: { AWS_EC2_METADATA_SERVICE_ENDPOINT: imdsEndpoint, IAMLAB_ENDPOINT: running.endpoint },
      });
    },
    call: (service, action, params, credentials) => caller.call(service, action, params, credentials),
    createUser: (userName, userOptions) => createUser(caller, userName, userOptions),
    createRole: (roleName, roleOptions) => createRole(caller, running.accountId, roleName, roleOptions),
    assumeRole: (role, assumeOptions) => assumeRole(caller, roleArnOf(role), assumeOptions, (id, token) => running.parts.sessionExpiresMs(id, token)),
    events: async (filter = {}) =>
      (
        await admin.queryEvents({
          limit: filter.limit ?? 10_000,
          ...(filter.principalArn === undefined ? {} : { principalArn: filter.principalArn }),
          ...(filter.requestId === undefined ? {} : { requestId: filter.requestId }),
          ...(filter.deniedOnly === undefined ? {} : { deniedOnly: filter.deniedOnly }),
        })
      ).map(eventOf),
    // Stopping twice is stopping once (a test's `after` hook and its own cleanup may both call it).
    stop: () => (stopped ??= running.close()),
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : JSON.stringify(error);
}

function eventOf(event: StoredEvent): LabEvent {
  const body = event.body !== null && typeof event.body === 'object' && !Array.isArray(event.body) ? event.body : {};
  return { seq: event.seq, ...body };
}
