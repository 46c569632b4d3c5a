/**
 * Starts a real lab in-process on a free loopback port with a fresh data directory, for end-to-end tests.
 * The wall clock can be injected so tests move time without sleeping.
 */
import { createDatabase, type TestDatabase } from './postgres-database.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from '../../src/app/config.js';
import { startLab } from '../../src/app/lab.js';
import type { RunningLab } from '../../src/app/lab.js';
import type { ImdsConfig } from '../../src/imds/index.js';
import type { Ec2Timing } from '../../src/services/ec2/index.js';

export interface TestLab extends RunningLab {
  readonly dataDir: string;
  readonly logs: string[];
  /** Stops the lab and removes its data directory. */
  dispose(): Promise<void>;
}

export interface TestLabOptions {
  readonly dataDir?: string;
  readonly store?: string;
  readonly wallNow?: () => number;
  readonly env?: NodeJS.ProcessEnv;
  /** Keep the data directory on dispose (for restart tests). */
  readonly keepData?: boolean;
  /** Overrides of the metadata service's settings (lifetimes, the disassociate behaviour). */
  readonly imds?: Partial<ImdsConfig>;
  readonly ec2Timing?: Partial<Ec2Timing>;
  /** How long a credential report takes to generate on the virtual clock (default 0: at once). */
  readonly credentialReportMs?: number;
}

/**
 * IAMLAB_TEST_LAB_STORE=postgres (with IAMLAB_TEST_POSTGRES_URL) runs every lab that names no store of its own on
 * PostgreSQL, in a database of its own dropped at dispose: the suites then exercise the shared-store path (every
 * mutation through the change feed, design.md "One lab on many nodes"). A restart test that expects its state
 * back from the data directory does not hold there.
 */
async function defaultStore(): Promise<TestDatabase | undefined> {
  const adminUrl = process.env['IAMLAB_TEST_POSTGRES_URL'];
  if (process.env['IAMLAB_TEST_LAB_STORE'] !== 'postgres' || adminUrl === undefined) return undefined;
  return createDatabase(adminUrl, 'lab');
}

export async function startTestLab(options: TestLabOptions = {}): Promise<TestLab> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'iamlab-test-'));
  const database = options.store === undefined ? await defaultStore() : undefined;
  const store = options.store ?? database?.url;
  const resolved = resolveConfig({ port: '0', dataDir, store, quiet: true }, options.env ?? {}, process.cwd());
  if (resolved.kind !== 'ok') throw new Error(resolved.message);
  const logs: string[] = [];
  const config = options.imds === undefined ? resolved.config : { ...resolved.config, imds: { ...resolved.config.imds, ...options.imds } };
  const lab = await startLab({
    config,
    ...(options.ec2Timing === undefined ? {} : { ec2Timing: options.ec2Timing }),
    ...(options.credentialReportMs === undefined ? {} : { credentialReportMs: options.credentialReportMs }),
    logger: { info: (message) => void logs.push(message), error: (message, error) => void logs.push(`${message} ${String(error)}`) },
    ...(options.wallNow === undefined ? {} : { wallNow: options.wallNow }),
  });
  return {
    endpoint: lab.endpoint,
    server: lab.server,
    store: lab.store,
    clock: lab.clock,
    accountId: lab.accountId,
    parts: lab.parts,
    get rootAccessKeyId() {
      return lab.rootAccessKeyId;
    },
    get rootSecretAccessKey() {
      return lab.rootSecretAccessKey;
    },
    close: () => lab.close(),
    dataDir,
    logs,
    dispose: async () => {
      await lab.close();
      if (options.keepData !== true) rmSync(dataDir, { recursive: true, force: true });
      await database?.drop();
    },
  };
}
