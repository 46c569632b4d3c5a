/**
 * GenerateOrganizationsAccessReport and GetOrganizationsAccessReport for an account outside any organization
 * (aws-iam-s3-more.md §A3.10): the report needs AWS Organizations, so generating one fails as the other
 * Organizations-dependent operations of a standalone account do (400 `OrganizationNotFoundException` [U]), and
 * no JobId is ever known (404 `NoSuchEntity` [V]). Each asks the caller's policies first: `access-report/<path>`
 * for the first (SAR IAM), `*` for the second.
 */
import { iamArn } from '../../../arn/arn.js';
import type * as Iam from '../../../protocol/models/iam.js';
import { defineOperation } from '../../operation.js';
import type { Operation } from '../../operation.js';
import { iamErrors } from '../../iam/iam-errors.js';
import { usageErrors } from '../usage-errors.js';

export const generateOrganizationsAccessReport: Operation = defineOperation<Iam.GenerateOrganizationsAccessReportRequest, never>({
  name: 'GenerateOrganizationsAccessReport',
  authorization: {
    kind: 'policy',
    action: 'iam:GenerateOrganizationsAccessReport',
    resources: (input, ctx) => [iamArn(ctx.account, `access-report/${input.EntityPath}`)],
  },
  handle: () => {
    throw iamErrors.organizationNotFound();
  },
});

export const getOrganizationsAccessReport: Operation = defineOperation<Iam.GetOrganizationsAccessReportRequest, never>({
  name: 'GetOrganizationsAccessReport',
  authorization: { kind: 'policy', action: 'iam:GetOrganizationsAccessReport', resources: () => ['*'] },
  handle: (input) => {
    throw usageErrors.noSuchJob(input.JobId);
  },
});
