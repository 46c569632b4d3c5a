/**
 * Access advisor (aws-iam-s3-more.md §A1.3): GenerateServiceLastAccessedDetails computes a job for a user,
 * group, role or managed policy (the action on that ARN); GetServiceLastAccessedDetails and
 * GetServiceLastAccessedDetailsWithEntities (on `*`) page through it. Jobs are complete at once.
 */
import { parseArn } from '../../../arn/arn.js';
import type * as Iam from '../../../protocol/models/iam.js';
import { defineOperation } from '../../operation.js';
import type { Operation } from '../../operation.js';
import { iamErrors } from '../../iam/iam-errors.js';
import { paginate } from '../../iam/paginate.js';
import type { AccessAdvisorJob } from '../access-advisor-jobs.js';
import { lastAccessedReport, reportTarget } from '../last-accessed.js';
import type { UsageDeps } from '../usage-deps.js';
import { usageErrors } from '../usage-errors.js';

const REPORTABLE = ['user', 'group', 'role', 'policy'] as const;

/** The kind of entity an ARN names, when it is one access advisor reports on. */
function reportableKind(arn: string): (typeof REPORTABLE)[number] | undefined {
  const parsed = parseArn(arn);
  if (parsed === undefined || parsed.service !== 'iam') return undefined;
  const kind = parsed.resource.slice(0, parsed.resource.indexOf('/'));
  return REPORTABLE.find((candidate) => candidate === kind);
}

export const generateServiceLastAccessedDetails = (deps: UsageDeps): Operation =>
  defineOperation<Iam.GenerateServiceLastAccessedDetailsRequest, Iam.GenerateServiceLastAccessedDetailsResponse>({
    name: 'GenerateServiceLastAccessedDetails',
    authorization: { kind: 'policy', action: 'iam:GenerateServiceLastAccessedDetails', resources: (input) => [input.Arn] },
    // [U] IAM's text for an ARN it cannot use elsewhere (arn-parameters.ts).
    validate: (input) => (reportableKind(input.Arn) === undefined ? iamErrors.invalidInput(`ARN ${input.Arn} is not valid.`) : undefined),
    handle: async (input, ctx) => {
      const target = reportTarget(ctx.iam, ctx.account, input.Arn);
      if (target === undefined) {
        const kind = reportableKind(input.Arn);
        const name = input.Arn.slice(input.Arn.lastIndexOf('/') + 1);
        throw kind === 'policy' || kind === undefined ? iamErrors.policyNotFound(input.Arn) : iamErrors.noSuchNamed(kind, name);
      }
      const granularity = input.Granularity ?? 'SERVICE_LEVEL';
      const report = await lastAccessedReport(
        { state: ctx.iam, usage: deps.usage, catalog: deps.catalog },
        ctx.account,
        target,
        granularity,
        ctx.nowMs,
      );
      const job: AccessAdvisorJob = { jobId: ctx.ids.requestId(ctx.nowMs), account: ctx.account, granularity, createdMs: ctx.nowMs, ...report };
      deps.jobs.add(job);
      return { JobId: job.jobId };
    },
  });

function requireJob(deps: UsageDeps, account: string, jobId: string): AccessAdvisorJob {
  const job = deps.jobs.get(account, jobId);
  if (job === undefined) throw usageErrors.noSuchJob(jobId);
  return job;
}

export const getServiceLastAccessedDetails = (deps: UsageDeps): Operation =>
  defineOperation<Iam.GetServiceLastAccessedDetailsRequest, Iam.GetServiceLastAccessedDetailsResponse>({
    name: 'GetServiceLastAccessedDetails',
    authorization: { kind: 'policy', action: 'iam:GetServiceLastAccessedDetails', resources: () => ['*'] },
    handle: (input, ctx) => {
      const job = requireJob(deps, ctx.account, input.JobId);
      const page = paginate(job.services, (service) => service.ServiceNamespace, input.Marker, input.MaxItems);
      return {
        JobStatus: 'COMPLETED',
        JobType: job.granularity,
        JobCreationDate: job.createdMs,
        ServicesLastAccessed: page.items,
        JobCompletionDate: job.createdMs,
        ...page.info,
      };
    },
  });

/** Most recent access first (IAM-MODEL), then the entities that made none, by ARN. */
function entityDetails(job: AccessAdvisorJob, namespace: string): Iam.EntityDetails[] {
  const details = job.entities.map((entity) => {
    const last = entity.lastByNamespace[namespace];
    return last === undefined ? { EntityInfo: entity.info } : { EntityInfo: entity.info, LastAuthenticated: last };
  });
  return details.sort(
    (a, b) =>
      (b.LastAuthenticated ?? -1) - (a.LastAuthenticated ?? -1) ||
      (a.EntityInfo.Arn < b.EntityInfo.Arn ? -1 : a.EntityInfo.Arn > b.EntityInfo.Arn ? 1 : 0),
  );
}

export const getServiceLastAccessedDetailsWithEntities = (deps: UsageDeps): Operation =>
  defineOperation<Iam.GetServiceLastAccessedDetailsWithEntitiesRequest, Iam.GetServiceLastAccessedDetailsWithEntitiesResponse>({
    name: 'GetServiceLastAccessedDetailsWithEntities',
    authorization: { kind: 'policy', action: 'iam:GetServiceLastAccessedDetailsWithEntities', resources: () => ['*'] },
    handle: (input, ctx) => {
      const job = requireJob(deps, ctx.account, input.JobId);
      const ordered = entityDetails(job, input.ServiceNamespace).map((detail, position) => ({ detail, key: String(position).padStart(8, '0') }));
      const page = paginate(ordered, (entry) => entry.key, input.Marker, input.MaxItems);
      return {
        JobStatus: 'COMPLETED',
        JobCreationDate: job.createdMs,
        JobCompletionDate: job.createdMs,
        EntityDetailsList: page.items.map((entry) => entry.detail),
        ...page.info,
      };
    },
  });
