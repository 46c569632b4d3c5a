/**
 * GenerateCredentialReport and GetCredentialReport (aws-iam-s3-more.md §A1.2), both `iam:<Action>` on `*`
 * (the actions name no resource type). The report's content is the CSV, base64 on the wire as every blob is;
 * its times are written in the client's frame, as every time the lab sends (design.md "Time").
 */
import type * as Iam from '../../../protocol/models/iam.js';
import { assertNever } from '../../../lib/assert-never.js';
import { defineOperation } from '../../operation.js';
import type { Operation } from '../../operation.js';
import { credentialReportCsv, credentialReportRows } from '../credential-report.js';
import type { UsageDeps } from '../usage-deps.js';
import { usageErrors } from '../usage-errors.js';

/** [O: prowler-cloud/prowler#272] the answer when a new report starts. */
const STARTED_DESCRIPTION = 'No report exists. Starting a new report generation task';

export const generateCredentialReport = (deps: UsageDeps): Operation =>
  defineOperation<Record<string, never>, Iam.GenerateCredentialReportResponse>({
    name: 'GenerateCredentialReport',
    authorization: { kind: 'policy', action: 'iam:GenerateCredentialReport', resources: () => ['*'] },
    handle: async (_input, ctx) => {
      const state = await deps.reports.generate(ctx.account, ctx.nowMs, () =>
        credentialReportRows(ctx.iam.index, deps.usage, deps.facts, ctx.account),
      );
      return state === 'STARTED' ? { State: state, Description: STARTED_DESCRIPTION } : { State: state };
    },
  });

export const getCredentialReport = (deps: UsageDeps): Operation =>
  defineOperation<Record<string, never>, Iam.GetCredentialReportResponse>({
    name: 'GetCredentialReport',
    authorization: { kind: 'policy', action: 'iam:GetCredentialReport', resources: () => ['*'] },
    handle: (_input, ctx) => {
      const found = deps.reports.lookup(ctx.account, ctx.nowMs);
      switch (found.kind) {
        case 'absent':
          throw usageErrors.reportNotPresent();
        case 'in-progress':
          throw usageErrors.reportInProgress();
        case 'expired':
          throw usageErrors.reportExpired();
        case 'ready': {
          const csv = credentialReportCsv(found.report.rows, (virtualMs) => ctx.clock.toWall(virtualMs));
          return { Content: Buffer.from(csv, 'utf8'), ReportFormat: 'text/csv', GeneratedTime: found.report.startedMs };
        }
        default:
          return assertNever(found, 'report lookup');
      }
    },
  });
