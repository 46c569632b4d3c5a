/**
 * The credential report of each account and its generation (aws-iam-s3-more.md §A1.2): one report per account,
 * kept in the store; GenerateCredentialReport starts a new one when there is none or the last was generated 4
 * hours ago or more, and otherwise answers the state of the one there is. A report is built from the state at
 * the instant its generation starts and is ready `generationMs` later on the virtual clock (0 by default: at
 * once, so that scripts never wait; tests set it to see INPROGRESS and ReportInProgress).
 */
import { AsyncMutex } from '../../lib/async-mutex.js';
import type { LabSync } from '../../store/lab-sync.js';
import type { Json, Store, Tx } from '../../store/port.js';
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

const REPORTS_PART = 'credential-reports';

export class CredentialReports {
  readonly #store: Store;
  readonly #generationMs: number;
  readonly #mutex = new AsyncMutex();
  #reports = new Map<string, StoredReport>();
  readonly #sync: LabSync | undefined;

  private constructor(store: Store, generationMs: number, sync: LabSync | undefined) {
    this.#store = store;
    this.#generationMs = generationMs;
    this.#sync = sync;
    // On a lab of several nodes a report generated through one is the account's report on all.
    sync?.register(REPORTS_PART, {
      apply: (body) => {
        const report = body as unknown as StoredReport;
        this.#reports.set(report.account, report);
        return undefined;
      },
    });
  }

  static async load(store: Store, generationMs = 0, sync?: LabSync): Promise<CredentialReports> {
    const reports = new CredentialReports(store, generationMs, sync);
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
      const decide = async (tx: Tx): Promise<{ result: GenerateResult; report?: StoredReport }> => {
        const current = this.#reports.get(account);
        if (current !== undefined && nowMs < current.readyMs) return { result: 'INPROGRESS' };
        if (current !== undefined && nowMs - current.startedMs < REPORT_LIFETIME_MS) return { result: 'COMPLETE' };
        const report: StoredReport = { account, startedMs: nowMs, readyMs: nowMs + this.#generationMs, rows: build() };
        await tx.put(REPORT_COLLECTION, account, report as unknown as Json);
        return { result: 'STARTED', report };
      };
      const decided =
        this.#sync === undefined
          ? await this.#store.transaction(decide)
          : await this.#sync.mutate(async (tx) => {
              const value = await decide(tx);
              return value.report === undefined ? { value } : { value, change: { part: REPORTS_PART, body: value.report as unknown as Json } };
            });
      if (decided.report !== undefined) this.#reports.set(account, decided.report);
      return decided.result;
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
