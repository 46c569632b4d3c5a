/**
 * The lab's configuration: command-line flags over environment variables over defaults. Pure: the CLI
 * hands in argv-derived values and the environment.
 */
import { INVALID_ARN_TEXTS, isInvalidArnText } from '../services/iam/arn-parameters.js';
import type { InvalidArnText } from '../services/iam/arn-parameters.js';
import type { OidcDeleteMissing } from '../services/iam/index.js';
import { join, resolve } from 'node:path';
import { hostname } from 'node:os';
import type { ImdsConfig } from '../imds/index.js';
import { imdsConfigFromEnv } from '../imds/index.js';
import type { AuthorizerSettings } from '../services/authorizer/authorizer-settings.js';
import { DEFAULT_AUTHORIZER_SETTINGS } from '../services/authorizer/authorizer-settings.js';
import { DEFAULT_HEADERS_TIMEOUT_MS, DEFAULT_IDLE_TIMEOUT_MS } from '../server/http-server.js';

export interface LabConfig {
  readonly host: string;
  readonly port: number;
  /** `sqlite` in `dataDir`, a PostgreSQL URL, or `memory`: nothing on disk, gone when the lab stops (a lab inside a test suite). */
  readonly store:
    { readonly kind: 'sqlite'; readonly dataDir: string } | { readonly kind: 'postgres'; readonly url: string } | { readonly kind: 'memory' };
  readonly accountId: string;
  /**
   * IAMLAB_NODE: this process's name among the nodes sharing a PostgreSQL store (design.md "One lab on many
   * nodes"); its metadata ports are kept under it. Default: the host name and the port.
   */
  readonly node: string;
  readonly rootAccessKeyId: string | undefined;
  readonly rootSecretAccessKey: string | undefined;
  readonly maxBodyBytes: number;
  /**
   * S3: where object bytes live (the data directory's `s3/` for SQLite and PostgreSQL, the process's memory for
   * the `memory` store) and the largest object or part.
   */
  readonly s3: { readonly blobDir: string; readonly maxObjectBytes: number };
  readonly maxAuditEvents: number;
  /** IAMLAB_MAX_AUDIT_BYTES: the audit trail's stored size, events beyond it pruned oldest first. */
  readonly maxAuditBytes: number;
  /** IAMLAB_MAX_SESSION_RECORDS: issued sessions kept on record, those expiring first removed beyond it. */
  readonly maxSessionRecords: number;
  /**
   * IAMLAB_HTTP_HEADERS_TIMEOUT_MS, IAMLAB_HTTP_IDLE_TIMEOUT_MS (server/http-server.ts); IAMLAB_HTTP_FAST_PATH=0
   * leaves every request to node:http (server/http-fast-path.ts).
   */
  readonly http: { readonly headersTimeoutMs: number; readonly idleTimeoutMs: number; readonly fastPath: boolean };
  /**
   * IAMLAB_STORE_CHECKS=1: stores refuse re-entrant calls instead of deadlocking (store/reentry-guard.ts) and values
   * that are not JSON (store/json-codec.ts). Debugging checks, on in the test suite.
   */
  readonly storeChecks: boolean;
  readonly adminToken: string | undefined;
  readonly quiet: boolean;
  /** IAMLAB_ACCESS_DENIED_STYLE and IAMLAB_ROLE_SESSION_MFA (services/authorizer/authorizer-settings.ts). */
  readonly authorizer: AuthorizerSettings;
  /** IAMLAB_IMDS_* (imds/imds-config.ts): credential lifetime, refresh, the disassociate behaviour. */
  readonly imds: ImdsConfig;
  /** IAMLAB_IAM_INVALID_ARN_TEXT: the text of a PolicyArn that is not an ARN (services/iam/arn-parameters.ts). */
  readonly iamInvalidArnText: InvalidArnText;
  /** IAMLAB_OIDC_DELETE_MISSING: DeleteOpenIDConnectProvider of a missing provider (services/iam/ops/oidc-providers.ts). */
  readonly iamOidcDeleteMissing: OidcDeleteMissing;
  /**
   * `--accept-any-key` / IAMLAB_ACCEPT_ANY_KEY: the account (12 digits) whose root an access key the lab does not
   * know acts as, its signature unverified — a relaxation for suites written for LocalStack or moto, never AWS
   * behaviour (design.md "Accepting any key"). The account is created at start when missing. Undefined: such keys
   * are refused as AWS refuses them.
   */
  readonly acceptAnyKey: string | undefined;
}

interface ConfigInput {
  readonly host?: string | undefined;
  readonly port?: string | undefined;
  readonly dataDir?: string | undefined;
  readonly store?: string | undefined;
  readonly quiet?: boolean | undefined;
  readonly acceptAnyKey?: string | undefined;
}

type ConfigResult = { readonly kind: 'ok'; readonly config: LabConfig } | { readonly kind: 'error'; readonly message: string };

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

export function resolveConfig(input: ConfigInput, env: NodeJS.ProcessEnv, cwd: string): ConfigResult {
  const host = input.host ?? env['IAMLAB_HOST'] ?? '127.0.0.1';
  const portText = input.port ?? env['IAMLAB_PORT'] ?? '4566';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) return { kind: 'error', message: `\`${portText}\` is not a port number` };
  const storeText = input.store ?? env['IAMLAB_STORE'];
  const dataDir = resolve(cwd, input.dataDir ?? env['IAMLAB_DATA_DIR'] ?? '.iamlab');
  let store: LabConfig['store'];
  if (storeText === undefined || storeText === 'sqlite') store = { kind: 'sqlite', dataDir };
  else if (storeText === 'memory') store = { kind: 'memory' };
  else if (/^postgres(ql)?:\/\//.test(storeText)) store = { kind: 'postgres', url: storeText };
  else return { kind: 'error', message: `\`--store\` takes \`sqlite\`, \`memory\` or a \`postgres://\` URL, not \`${storeText}\`` };
  const accountId = env['IAMLAB_ACCOUNT_ID'] ?? '123456789012';
  if (!/^\d{12}$/.test(accountId)) return { kind: 'error', message: `IAMLAB_ACCOUNT_ID must be 12 digits, not \`${accountId}\`` };
  const anyKeyText = input.acceptAnyKey ?? (env['IAMLAB_ACCEPT_ANY_KEY'] === '' ? undefined : env['IAMLAB_ACCEPT_ANY_KEY']);
  if (anyKeyText !== undefined && !/^\d{12}$/.test(anyKeyText)) {
    const name = input.acceptAnyKey === undefined ? 'IAMLAB_ACCEPT_ANY_KEY' : '`--accept-any-key`';
    return { kind: 'error', message: `${name} takes the 12-digit id of the account unknown keys act as, not \`${anyKeyText}\`` };
  }
  const adminToken = env['IAMLAB_ADMIN_TOKEN'];
  if (!LOOPBACK.has(host) && (adminToken === undefined || adminToken.length < 16)) {
    return {
      kind: 'error',
      message: `listening on \`${host}\` exposes the lab beyond this machine: set IAMLAB_ADMIN_TOKEN (16 characters or more) to protect the admin API`,
    };
  }
  const deniedStyle = env['IAMLAB_ACCESS_DENIED_STYLE'] ?? DEFAULT_AUTHORIZER_SETTINGS.accessDeniedStyle;
  if (deniedStyle !== 'classic' && deniedStyle !== 'contextual') {
    return { kind: 'error', message: `IAMLAB_ACCESS_DENIED_STYLE takes \`classic\` or \`contextual\`, not \`${deniedStyle}\`` };
  }
  const roleSessionMfa = env['IAMLAB_ROLE_SESSION_MFA'] ?? DEFAULT_AUTHORIZER_SETTINGS.roleSessionMfa;
  if (roleSessionMfa !== 'documented' && roleSessionMfa !== 'carried') {
    return { kind: 'error', message: `IAMLAB_ROLE_SESSION_MFA takes \`documented\` or \`carried\`, not \`${roleSessionMfa}\`` };
  }
  const invalidArnText = env['IAMLAB_IAM_INVALID_ARN_TEXT'] ?? 'could-not-be-parsed';
  if (!isInvalidArnText(invalidArnText)) {
    return { kind: 'error', message: `IAMLAB_IAM_INVALID_ARN_TEXT takes \`${INVALID_ARN_TEXTS.join('` or `')}\`, not \`${invalidArnText}\`` };
  }
  const oidcDeleteMissing = env['IAMLAB_OIDC_DELETE_MISSING'] ?? 'not-found';
  if (oidcDeleteMissing !== 'not-found' && oidcDeleteMissing !== 'succeed') {
    return { kind: 'error', message: `IAMLAB_OIDC_DELETE_MISSING takes \`not-found\` or \`succeed\`, not \`${oidcDeleteMissing}\`` };
  }
  const maxAuditEvents = wholeNumber(env, 'IAMLAB_MAX_AUDIT_EVENTS', 100_000, 1);
  if (typeof maxAuditEvents === 'string') return { kind: 'error', message: maxAuditEvents };
  const maxObjectBytes = Number(env['IAMLAB_S3_MAX_OBJECT_BYTES'] ?? 5 * 1024 ** 3);
  if (!Number.isSafeInteger(maxObjectBytes) || maxObjectBytes < 1) {
    return { kind: 'error', message: `IAMLAB_S3_MAX_OBJECT_BYTES takes a whole number of bytes, not \`${env['IAMLAB_S3_MAX_OBJECT_BYTES'] ?? ''}\`` };
  }
  const maxAuditBytes = wholeNumber(env, 'IAMLAB_MAX_AUDIT_BYTES', 256 * 1024 * 1024, 1024 * 1024);
  if (typeof maxAuditBytes === 'string') return { kind: 'error', message: maxAuditBytes };
  const maxSessionRecords = wholeNumber(env, 'IAMLAB_MAX_SESSION_RECORDS', 100_000, 100);
  if (typeof maxSessionRecords === 'string') return { kind: 'error', message: maxSessionRecords };
  const headersTimeoutMs = wholeNumber(env, 'IAMLAB_HTTP_HEADERS_TIMEOUT_MS', DEFAULT_HEADERS_TIMEOUT_MS, 100);
  if (typeof headersTimeoutMs === 'string') return { kind: 'error', message: headersTimeoutMs };
  const idleTimeoutMs = wholeNumber(env, 'IAMLAB_HTTP_IDLE_TIMEOUT_MS', DEFAULT_IDLE_TIMEOUT_MS, 100);
  if (typeof idleTimeoutMs === 'string') return { kind: 'error', message: idleTimeoutMs };
  const fastPath = env['IAMLAB_HTTP_FAST_PATH'] ?? '1';
  if (fastPath !== '0' && fastPath !== '1') return { kind: 'error', message: `IAMLAB_HTTP_FAST_PATH takes \`0\` or \`1\`, not \`${fastPath}\`` };
  const node = env['IAMLAB_NODE'] ?? `${hostname()}:${port === 0 ? `pid-${process.pid}` : port}`;
  if (!/^[\x21-\x7e]{1,100}$/.test(node))
    return { kind: 'error', message: `IAMLAB_NODE takes 1 to 100 printable characters without spaces, not \`${node}\`` };
  const imds = imdsConfigFromEnv(env);
  if (imds.kind !== 'ok') return { kind: 'error', message: imds.message };
  return {
    kind: 'ok',
    config: {
      authorizer: { accessDeniedStyle: deniedStyle, roleSessionMfa },
      imds: imds.config,
      iamInvalidArnText: invalidArnText,
      iamOidcDeleteMissing: oidcDeleteMissing,
      host,
      port,
      store,
      accountId,
      node,
      rootAccessKeyId: env['IAMLAB_ROOT_ACCESS_KEY_ID'],
      rootSecretAccessKey: env['IAMLAB_ROOT_SECRET_ACCESS_KEY'],
      maxBodyBytes: 8 * 1024 * 1024,
      s3: { blobDir: join(dataDir, 's3'), maxObjectBytes },
      maxAuditEvents,
      maxAuditBytes,
      maxSessionRecords,
      http: { headersTimeoutMs, idleTimeoutMs, fastPath: fastPath === '1' },
      storeChecks: env['IAMLAB_STORE_CHECKS'] === '1',
      adminToken: LOOPBACK.has(host) ? undefined : adminToken,
      quiet: input.quiet ?? false,
      acceptAnyKey: anyKeyText,
    },
  };
}

/** A whole number from the environment, at least `min`, or the message that says it is not one. */
function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number | string {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  return Number.isSafeInteger(value) && value >= min ? value : `${name} takes a whole number of ${min} or more, not \`${text}\``;
}
