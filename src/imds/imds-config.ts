/**
 * The metadata service's knobs (aws-behaviour.md §4.4): credential lifetime (6 h), rotation when less than
 * 1 h is left, how often IMDS looks at the instance profile again (hourly, which is when a role added to a
 * profile or a repaired trust policy is picked up), and what Disassociate does to `iam/*` ([U] in §4.4).
 */
import { parseDuration } from '../clock/duration.js';

export type DisassociateBehaviour =
  /** §4.4 recommendation and the EC2 guide: `iam/*` is 404 once the association is gone. */
  | 'documented'
  /** The other reading: keep serving the last credential set until its Expiration. */
  | 'keep-credentials';

export interface ImdsConfig {
  /** Loopback only (design.md "Security defaults"). */
  readonly host: string;
  readonly credentialLifetimeMs: number;
  /** A set with less than this left is replaced at the next request. */
  readonly refreshBeforeMs: number;
  /** IMDS re-reads the profile (role, trust) at most this long after its last look. */
  readonly profileCheckIntervalMs: number;
  readonly disassociate: DisassociateBehaviour;
}

export const DEFAULT_IMDS_CONFIG: ImdsConfig = {
  host: '127.0.0.1',
  credentialLifetimeMs: 6 * 3_600_000,
  refreshBeforeMs: 3_600_000,
  profileCheckIntervalMs: 3_600_000,
  disassociate: 'documented',
};

type ImdsConfigResult = { readonly kind: 'ok'; readonly config: ImdsConfig } | { readonly kind: 'error'; readonly message: string };

/**
 * From the environment: IAMLAB_IMDS_CREDENTIAL_LIFETIME (`6h`), IAMLAB_IMDS_REFRESH_BEFORE (`1h`),
 * IAMLAB_IMDS_PROFILE_CHECK_INTERVAL (`1h`), IAMLAB_IMDS_DISASSOCIATE (`documented` | `keep-credentials`).
 */
export function imdsConfigFromEnv(env: NodeJS.ProcessEnv): ImdsConfigResult {
  const duration = (name: string, fallback: number): number | string => {
    const text = env[name];
    if (text === undefined || text === '') return fallback;
    const ms = parseDuration(text);
    return ms === undefined || ms <= 0 ? `${name} takes a duration such as \`6h\` or \`90m\`, not \`${text}\`` : ms;
  };
  const lifetime = duration('IAMLAB_IMDS_CREDENTIAL_LIFETIME', DEFAULT_IMDS_CONFIG.credentialLifetimeMs);
  const refresh = duration('IAMLAB_IMDS_REFRESH_BEFORE', DEFAULT_IMDS_CONFIG.refreshBeforeMs);
  const check = duration('IAMLAB_IMDS_PROFILE_CHECK_INTERVAL', DEFAULT_IMDS_CONFIG.profileCheckIntervalMs);
  for (const value of [lifetime, refresh, check]) if (typeof value === 'string') return { kind: 'error', message: value };
  if (typeof lifetime !== 'number' || typeof refresh !== 'number' || typeof check !== 'number') return { kind: 'error', message: 'unreachable' };
  if (refresh >= lifetime) return { kind: 'error', message: 'IAMLAB_IMDS_REFRESH_BEFORE must be shorter than IAMLAB_IMDS_CREDENTIAL_LIFETIME' };
  const disassociate = env['IAMLAB_IMDS_DISASSOCIATE'] ?? DEFAULT_IMDS_CONFIG.disassociate;
  if (disassociate !== 'documented' && disassociate !== 'keep-credentials') {
    return { kind: 'error', message: `IAMLAB_IMDS_DISASSOCIATE takes \`documented\` or \`keep-credentials\`, not \`${disassociate}\`` };
  }
  return {
    kind: 'ok',
    config: { ...DEFAULT_IMDS_CONFIG, credentialLifetimeMs: lifetime, refreshBeforeMs: refresh, profileCheckIntervalMs: check, disassociate },
  };
}
