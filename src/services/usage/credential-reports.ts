/**
 * The credential report of each account and its generation (aws-iam-s3-more.md §A1.2): one report per account,
 * kept in the store; GenerateCredentialReport starts a new one when there is none or the last was generated 4
 * hours ago or more, and otherwise answers the state of the one there is. A report is built from the state at
 * the instant its generation starts and is ready `generationMs` later on the virtual clock (0 by default: at
 * once, so that scripts never wait; tests set it to see INPROGRESS and ReportInProgress).
 */
import { AsyncMutex } from '../../lib/async-mutex.js';
import type { Json, Store } from '../../store/port.js';
import type { ReportRow } from './credential-report.js';

const REPORT_COLLECTION = 'credential-reports';

/** A report is reused for 4 hours; older, it has expired and the next GenerateCredentialReport starts another. */
const REPORT_LIFETIME_MS = 4 * 3_600_000;

interface StoredReport {
  readonly account: string;
  /** When its generation started: the instant its content describes (`GeneratedTime`). */
  readonly startedMs: number;
  readonly readyMs: number;
  readonly rows: readonly ReportRow[];
}

type GenerateResult = 'STARTED' | 'INPROGRESS' | 'COMPLETE';

type ReportLookup =
  | { readonly kind: 'absent' }
  | { readonly kind: 'in-progress' }
  | { readonly kind: 'expired' }
  | { readonly kind: 'ready'; readonly report: StoredReport };

export class CredentialReports {
  readonly #store: Store;
  readonly #generationMs: number;
  readonly #mutex = new AsyncMutex();
  #reports = new Map<string, StoredReport>();

  private constructor(store: Store, generationMs: number) {
    this.#store = store;
    this.#generationMs = generationMs;
  }

  static async load(store: Store, generationMs = 0): Promise<CredentialReports> {
    const reports = new CredentialReports(store, generationMs);
    await reports.reload();
    return reports;
  }

  async reload(): Promise<void> {
    const entries = await this.#store.transaction((tx) => tx.list(REPORT_COLLECTION));
    this.#reports = new Map(entries.map((entry) => [entry.key, entry.value as unknown as StoredReport]));
  }

  /** GenerateCredentialReport: `build` makes the rows when a new report starts. */
  generate(account: string, nowMs: number, build: () => readonly ReportRow[]): Promise<GenerateResult> {
    return this.#mutex.run(async () => {
      const current = this.#reports.get(account);
      if (current !== undefined && nowMs < current.readyMs) return 'INPROGRESS';
      if (current !== undefined && nowMs - current.startedMs < REPORT_LIFETIME_MS) return 'COMPLETE';
      const report: StoredReport = { account, startedMs: nowMs, readyMs: nowMs + this.#generationMs, rows: build() };
      await this.#store.transaction((tx) => tx.put(REPORT_COLLECTION, account, report as unknown as Json));
      this.#reports.set(account, report);
      return 'STARTED';
    });
  }

  /** GetCredentialReport. */
  lookup(account: string, nowMs: number): ReportLookup {
    const report = this.#reports.get(account);
    if (report === undefined) return { kind: 'absent' };
    if (nowMs < report.readyMs) return { kind: 'in-progress' };
    if (nowMs - report.startedMs >= REPORT_LIFETIME_MS) return { kind: 'expired' };
    return { kind: 'ready', report };
  }
}
