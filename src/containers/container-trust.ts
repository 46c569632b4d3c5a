/**
 * Whether the container service may assume the role now (aws-behaviour.md §4.7): ECS as
 * `ecs-tasks.amazonaws.com` with sts:AssumeRole; EKS Pod Identity as `pods.eks.amazonaws.com` with
 * sts:AssumeRole and sts:TagSession, its session tags in the request (`aws:RequestTag/…`, `aws:TagKeys`, so a
 * trust policy can restrict namespaces and service accounts, EKS-UG pod-id-role). The role is found by ARN
 * as it is now: a role deleted answers like a trust policy that does not allow the service
 * (aws-behaviour.md §1.3). Pure over the IAM state and the time.
 */
import type { AuthorizationResult, ContextValue, RequestPrincipal } from '../policy/evaluator.js';
import { buildRequestContext, compilePolicy, evaluateTrust } from '../policy/evaluator.js';
import { arnOf } from '../services/iam/iam-index.js';
import { roleByArn, trustPolicy } from '../services/iam/iam-reads.js';
import type { IamState } from '../services/iam/iam-state.js';

interface ContainerRole {
  readonly id: string;
  readonly name: string;
  readonly arn: string;
  readonly account: string;
}

type ContainerRoleStatus =
  | { readonly kind: 'ok'; readonly role: ContainerRole; readonly result: AuthorizationResult }
  | { readonly kind: 'refused'; readonly result: AuthorizationResult };

interface TrustQuestion {
  readonly roleArn: string;
  readonly service: string;
  readonly actions: readonly string[];
  readonly region: string;
  readonly nowMs: number;
  readonly requestTags?: Readonly<Record<string, string>>;
  readonly extra: Readonly<Record<string, ContextValue | undefined>>;
}

export function containerRoleStatus(iam: IamState, question: TrustQuestion): ContainerRoleStatus {
  const principal: RequestPrincipal = { kind: 'service', service: question.service };
  const role = roleByArn(iam, question.roleArn);
  const document = role === undefined ? undefined : trustPolicy(iam, role);
  if (role === undefined || document === undefined) {
    const result: AuthorizationResult = {
      decision: 'ImplicitlyDenied',
      action: question.actions[0] ?? 'sts:AssumeRole',
      resource: question.roleArn,
      principal,
      reason: { kind: 'no-allow', missing: 'trust' },
    };
    return { kind: 'refused', result };
  }
  const arn = arnOf(role);
  const result = evaluateTrust({
    principal,
    role: { arn, account: role.account },
    trustPolicy: compilePolicy(document, { name: 'trust policy', arn, kind: 'trust' }),
    context: buildRequestContext({
      principal,
      credentials: { kind: 'long-term' },
      request: {
        region: question.region,
        secureTransport: true,
        ...(question.requestTags === undefined ? {} : { requestTags: question.requestTags }),
        extra: question.extra,
      },
      nowMs: question.nowMs,
    }),
    actions: question.actions,
    explain: 'denials',
  });
  return result.decision === 'Allowed'
    ? { kind: 'ok', role: { id: role.id, name: role.name, arn, account: role.account }, result }
    : { kind: 'refused', result };
}
