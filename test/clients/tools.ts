/**
 * s3cmd, rclone and restic — Debian's packages, which CI installs (.ci/run) — run as child processes against a
 * lab, with the clean environment of test/support/clients.ts (no profile, no CA bundle, no config of the
 * machine's). A test whose tool is missing is skipped with a loud reason.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanEnv, run } from '../support/clients.js';
import type { ClientCredentials, RunResult } from '../support/clients.js';
import type { Keys, S3Lab } from '../s3/s3-lab.js';
import { ACCOUNT, allow, policy, trust } from '../s3/s3-lab.js';

const versions = new Map<string, string | false>();
/** The first line a tool prints for its version, or false when it is not on the PATH. */
function toolVersion(command: 's3cmd' | 'rclone' | 'restic'): string | false {
  let version = versions.get(command);
  if (version === undefined) {
    try {
      const out = execFileSync(command, [command === 's3cmd' ? '--version' : 'version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      version = out.split('\n')[0]?.trim() || command;
    } catch {
      version = false;
    }
    versions.set(command, version);
  }
  return version;
}

export const skipUnless = (command: 's3cmd' | 'rclone' | 'restic'): string | false =>
  toolVersion(command) === false ? `SKIPPED: no ${command} on the PATH (CI installs Debian's ${command}: see .ci/run)` : false;

/**
 * An s3cmd configuration for the lab, path-style (`host_bucket` without `%(bucket)s`), plain HTTP. The keys go
 * in the file unless `keys` is omitted: s3cmd then reads AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and
 * AWS_SESSION_TOKEN, the one way it takes a session token without trying to refresh an instance role first.
 */
export function writeS3cmdConfig(dir: string, name: string, endpoint: string, signature: 'v2' | 'v4', keys?: Keys): string {
  const host = new URL(endpoint).host;
  const lines = [
    '[default]',
    `access_key = ${keys?.accessKeyId ?? ''}`,
    `secret_key = ${keys?.secretAccessKey ?? ''}`,
    `host_base = ${host}`,
    `host_bucket = ${host}`,
    'use_https = False',
    `signature_v2 = ${signature === 'v2' ? 'True' : 'False'}`,
    'bucket_location = us-east-1',
    'check_ssl_certificate = False',
    'progress_meter = False',
  ];
  const file = join(dir, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** s3cmd with a config file; `env` keys are read only when the file has none (writeS3cmdConfig). */
export function s3cmd(config: string, args: readonly string[], env: ClientCredentials = NO_KEYS): Promise<RunResult> {
  return run('s3cmd', ['-c', config, ...args], withoutEmptyKeys(cleanEnv(env)));
}

const NO_KEYS: ClientCredentials = { accessKeyId: '', secretAccessKey: '' };

function withoutEmptyKeys(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out = { ...env };
  for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']) if (out[name] === '') delete out[name];
  return out;
}

/**
 * rclone with a remote `lab:` declared through the environment (the S3 backend, provider Other, path-style,
 * keys from AWS_* by env_auth), its config and cache in `dir`; one attempt per call, so a refusal fails fast.
 */
export function rclone(dir: string, endpoint: string, keys: Keys, args: readonly string[]): Promise<RunResult> {
  const env = cleanEnv(keys, {
    RCLONE_CONFIG: join(dir, 'rclone.conf'),
    RCLONE_CACHE_DIR: join(dir, 'rclone-cache'),
    RCLONE_CONFIG_LAB_TYPE: 's3',
    RCLONE_CONFIG_LAB_PROVIDER: 'Other',
    RCLONE_CONFIG_LAB_ENV_AUTH: 'true',
    RCLONE_CONFIG_LAB_ENDPOINT: endpoint,
    RCLONE_CONFIG_LAB_REGION: 'us-east-1',
    RCLONE_CONFIG_LAB_FORCE_PATH_STYLE: 'true',
  });
  return run('rclone', ['--retries', '1', '--low-level-retries', '1', ...args], env);
}

/** restic on the repository `s3:<endpoint>/<bucket>/repo`, keys from AWS_*, password from RESTIC_PASSWORD. */
export function restic(dir: string, endpoint: string, bucket: string, keys: Keys, args: readonly string[]): Promise<RunResult> {
  const env = cleanEnv(keys, { RESTIC_PASSWORD: 'iamlab-restic-test', RESTIC_CACHE_DIR: join(dir, 'restic-cache') });
  return run('restic', ['-r', `s3:${endpoint}/${bucket}/repo`, ...args], env);
}

/**
 * A role session allowed everything on one bucket and nothing else: a user allowed sts:AssumeRole assumes a
 * role trusted by the account (the root user may not assume roles, aws-behaviour.md §1.3).
 */
export async function oneBucketSession(l: S3Lab, name: string, bucket: string): Promise<Keys> {
  const user = await l.user(`${name}-user`, policy(allow('sts:AssumeRole')));
  const roleArn = await l.role(
    name,
    trust({ AWS: `arn:aws:iam::${ACCOUNT}:root` }),
    policy(allow('s3:*', [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`])),
  );
  const session = await l.assume(user, { RoleArn: roleArn, RoleSessionName: `${name}-session` });
  return { accessKeyId: session.accessKeyId, secretAccessKey: session.secretAccessKey, sessionToken: session.sessionToken ?? '' };
}
