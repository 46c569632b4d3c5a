/**
 * What keeps facts of the audit trail beyond its retention (design.md "Storage": the event log is pruned): the
 * usage answers of IAM (key last used, service last accessed) are kept by followers that see every event as it
 * is recorded, hold a small index in memory and write it with each batch of events.
 */
import type { AuditEvent } from './audit-event.js';

export interface AuditFollower {
  /** Every event, as it is recorded: synchronous and in memory only (it runs on the request path). */
  follow(event: AuditEvent): void;
  /** Writes what `follow` changed since the last call; called after each batch of events is written. */
  persist(): Promise<void>;
}
