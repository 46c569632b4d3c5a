/** What the usage operations read and keep (wired by the app: usage-index.ts, credential-reports.ts, access-advisor-jobs.ts). */
import type { AccessAdvisorJobs } from './access-advisor-jobs.js';
import type { CredentialFacts } from './credential-report.js';
import type { CredentialReports } from './credential-reports.js';
import type { ServiceCatalog } from '../service-catalog.js';
import type { UsageIndex } from './usage-index.js';

export interface UsageDeps {
  readonly usage: UsageIndex;
  readonly reports: CredentialReports;
  readonly jobs: AccessAdvisorJobs;
  /** Passwords, MFA and signing certificates, as the parts of the lab that keep them tell. */
  readonly facts: CredentialFacts;
  readonly catalog: ServiceCatalog;
}
