/**
 * Access advisor's jobs (GenerateServiceLastAccessedDetails): each is computed when it is asked for and is
 * complete at once (aws-iam-s3-more.md §A1.3: "Emulator: complete the job at once"), so clients that poll
 * see `COMPLETED` on their first poll. Jobs are kept in memory, the newest MAX_JOBS of them: a JobId is worth
 * asking about for a while after it was made, not across a restart of the lab.
 */
import type { Granularity, LastAccessedReport } from './last-accessed.js';

const MAX_JOBS = 10_000;

export interface AccessAdvisorJob extends LastAccessedReport {
  readonly jobId: string;
  readonly account: string;
  readonly granularity: Granularity;
  readonly createdMs: number;
}

export class AccessAdvisorJobs {
  readonly #jobs = new Map<string, AccessAdvisorJob>();

  add(job: AccessAdvisorJob): void {
    this.#jobs.set(job.jobId, job);
    for (const oldest of this.#jobs.keys()) {
      if (this.#jobs.size <= MAX_JOBS) break;
      this.#jobs.delete(oldest);
    }
  }

  /** A job of `account`; another account's is as unknown as a job never made. */
  get(account: string, jobId: string): AccessAdvisorJob | undefined {
    const job = this.#jobs.get(jobId);
    return job?.account === account ? job : undefined;
  }

  /** A reset forgets every job. */
  clear(): void {
    this.#jobs.clear();
  }
}
