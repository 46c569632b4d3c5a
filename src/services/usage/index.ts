/**
 * IAM's usage answers from the lab's audit trail, on the virtual clock (issue 17): GetAccessKeyLastUsed, the
 * credential report, service last accessed data (access advisor), and the Organizations access report of an
 * account outside an organization. The operations join IAM's table (identity/iam-operation-table.ts).
 */
import type { Operation } from '../operation.js';
import { generateCredentialReport, getCredentialReport } from './ops/credential-report-ops.js';
import { getAccessKeyLastUsed } from './ops/get-access-key-last-used.js';
import { generateOrganizationsAccessReport, getOrganizationsAccessReport } from './ops/organizations-access-report.js';
import {
  generateServiceLastAccessedDetails,
  getServiceLastAccessedDetails,
  getServiceLastAccessedDetailsWithEntities,
} from './ops/service-last-accessed-ops.js';
import type { UsageDeps } from './usage-deps.js';

export function usageOperations(deps: UsageDeps): Operation[] {
  return [
    getAccessKeyLastUsed(deps),
    generateCredentialReport(deps),
    getCredentialReport(deps),
    generateServiceLastAccessedDetails(deps),
    getServiceLastAccessedDetails(deps),
    getServiceLastAccessedDetailsWithEntities(deps),
    generateOrganizationsAccessReport,
    getOrganizationsAccessReport,
  ];
}

export { AccessAdvisorJobs } from './access-advisor-jobs.js';
export { CredentialReports } from './credential-reports.js';
export { credentialReportCsv, credentialReportRows, CREDENTIAL_REPORT_COLUMNS, cellText } from './credential-report.js';
export { labCredentialFacts } from './lab-credential-facts.js';
export { serviceCatalog } from '../service-catalog.js';
export { UsageIndex } from './usage-index.js';
export type { UsageDeps } from './usage-deps.js';
