/**
 * The sessions the lab issued and the revocations that cut them, for the console's timeline. Sessions come
 * from the store's records (sessions-repo.ts), which are keyed by expiry: listing those that expire after a
 * given instant is one range read. Revocations are the `AWSRevokeOlderSessions` inline policies of roles
 * (aws-behaviour.md §2.6): their `aws:TokenIssueTime` cut-off, read from the policy as written.
 */
import type { Json } from '../../../store/port.js';
import { sessionsRepo } from '../../../store/repos/sessions-repo.js';
import { arnOf } from '../../../services/iam/iam-index.js';
import type { IamState } from '../../../services/iam/index.js';
import type { ConsoleDeps } from './console-deps.js';

/** At most this many sessions per answer: the timeline is a view, not an export. */
const MAX_SESSIONS = 5000;

export async function listSessions(deps: ConsoleDeps, expiringAfterMs: number): Promise<Json> {
  const after = `${String(Math.max(0, Math.trunc(expiringAfterMs))).padStart(15, '0')}/`;
  const sessions = await deps.store.transaction((tx) => sessionsRepo.list(tx, { after, limit: MAX_SESSIONS + 1 }));
  return {
    sessions: sessions.slice(0, MAX_SESSIONS).map((session) => ({ ...session })),
    truncated: sessions.length > MAX_SESSIONS,
  };
}

interface Revocation {
  readonly account: string;
  readonly roleName: string;
  readonly roleArn: string;
  readonly cutoffMs: number;
}

const REVOCATION_POLICY_NAME = 'awsrevokeoldersessions';

export function listRevocations(iam: IamState, accounts: readonly string[]): Revocation[] {
  const out: Revocation[] = [];
  for (const account of accounts) {
    for (const role of iam.index.all('role', account)) {
      const policy = role.inline.find((p) => p.name.toLowerCase() === REVOCATION_POLICY_NAME);
      const cutoffMs = policy === undefined ? undefined : revocationCutoff(policy.text);
      if (cutoffMs !== undefined) out.push({ account, roleName: role.name, roleArn: arnOf(role), cutoffMs });
    }
  }
  return out;
}

/** The `DateLessThan aws:TokenIssueTime` of the policy the console of AWS writes, or undefined. */
function revocationCutoff(text: string): number | undefined {
  const match = /"aws:TokenIssueTime"\s*:\s*\[?\s*"([^"]+)"/i.exec(text);
  if (match === null) return undefined;
  const ms = Date.parse(match[1] as string);
  return Number.isFinite(ms) ? ms : undefined;
}
