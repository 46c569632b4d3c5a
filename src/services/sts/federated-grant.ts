/**
 * The trust decision of AssumeRoleWithWebIdentity and AssumeRoleWithSAML (aws-federation.md §2.2 step 6,
 * §3.4 step 9), once the token or assertion has been verified: the role (missing = the same AccessDenied
 * as a trust policy that does not allow the provider), its trust policy evaluated for the principal
 * `{"Federated": "<provider ARN>"}` with the provider's claim keys, `sts:TagSession` when the token carries
 * session tags and `sts:SetSourceIdentity` when it carries a source identity; then the duration (never role
 * chaining: there is no caller) and the packed size. No identity policy is consulted: there is no caller.
 * Every refusal of the trust step is 403 AccessDenied `Not authorized to perform <action>` (no ARN, no period).
 */
import type { AwsError } from '../../errors/aws-error.js';
import type { AuthorizationResult, ContextValue, RequestPrincipal } from '../../policy/evaluator.js';
import { buildRequestContext, compilePolicy, evaluateTrust } from '../../policy/evaluator.js';
import type { AuthorizationRecord, FederatedAuthorizationQuery, FederatedCaller } from '../authorizer/authorizer.js';
import { decidedBy, explanationJson } from '../authorizer/policy-authorizer.js';
import { arnOf } from '../iam/iam-index.js';
import { roleByArn, trustPolicy } from '../iam/iam-reads.js';
import type { RoleGrant } from './role-grant.js';
import { durationFor, packedSize, sessionPoliciesFor, sessionTagsFor, sourceIdentityFor } from './session-request.js';
import { stsErrors } from './sts-errors.js';

interface FederatedRequest {
  /** `sts:AssumeRoleWithWebIdentity` or `sts:AssumeRoleWithSAML`. */
  readonly action: string;
  readonly roleArn: string;
  readonly sessionName: string;
  /** Who asks, for the audit trail (AuthorizationRecord.caller, and as CloudTrail names it). */
  readonly caller: string;
  readonly callerIdentity: FederatedCaller;
  /** The IAM provider's ARN: the trust policy's `Federated` principal and `aws:FederatedProvider`. */
  readonly providerArn: string;
  /** The provider's keys for the trust policy (`<provider>:sub`, `saml:aud`…). */
  readonly keys: Readonly<Record<string, ContextValue | undefined>>;
  /** Session tags the token or assertion carries, and which of them are transitive. */
  readonly tags: readonly { readonly Key: string; readonly Value: string }[] | undefined;
  readonly transitiveTagKeys: readonly string[] | undefined;
  readonly sourceIdentity: string | undefined;
  readonly policy: string | undefined;
  readonly policyArns: readonly { readonly arn?: string }[] | undefined;
  readonly durationSeconds: number | undefined;
}

type FederatedDecision =
  | { readonly kind: 'granted'; readonly grant: RoleGrant; readonly record: AuthorizationRecord }
  | { readonly kind: 'refused'; readonly error: AwsError; readonly record: AuthorizationRecord };

function refusedRecord(request: FederatedRequest, words: string, results: readonly AuthorizationResult[] = []): AuthorizationRecord {
  return {
    action: request.action,
    resources: [request.roleArn],
    decision: results[0]?.decision ?? 'ImplicitlyDenied',
    decidedBy: words,
    explanation: explanationJson(results),
    caller: request.caller,
    callerIdentity: request.callerIdentity,
  };
}

const refuse = (request: FederatedRequest, error: AwsError, words: string, results?: readonly AuthorizationResult[]): FederatedDecision => ({
  kind: 'refused',
  error,
  record: refusedRecord(request, words, results),
});

export function decideFederated(request: FederatedRequest, query: FederatedAuthorizationQuery): FederatedDecision {
  const { context: ctx } = query;
  // Made only when refusing: an Error captures its stack, a cost every granted request would pay (~5 µs).
  const notAuthorized = (): AwsError => stsErrors.accessDenied(`Not authorized to perform ${request.action}`);
  const tags = sessionTagsFor(request.tags, request.transitiveTagKeys, undefined);
  if (tags.kind !== 'ok') return refuse(request, tags.error, 'invalid session tags in the token');
  const sourceIdentity = sourceIdentityFor(request.sourceIdentity, undefined);
  if (sourceIdentity.kind !== 'ok') return refuse(request, sourceIdentity.error, 'invalid source identity in the token');
  const policies = sessionPoliciesFor(request.policy, request.policyArns);
  if (policies.kind !== 'ok') return refuse(request, policies.error, 'invalid session policy');

  const principal: RequestPrincipal = { kind: 'federated', provider: request.providerArn };
  const role = roleByArn(ctx.iam, request.roleArn);
  const document = role === undefined ? undefined : trustPolicy(ctx.iam, role);
  if (role === undefined || document === undefined) return refuse(request, notAuthorized(), 'no such role: no role trust policy allows the provider');
  const roleArn = arnOf(role);
  const { request: facts } = query;
  const context = buildRequestContext({
    principal,
    credentials: { kind: 'long-term' },
    request: {
      region: ctx.region,
      secureTransport: facts.secureTransport,
      ...(facts.sourceIp === undefined ? {} : { sourceIp: facts.sourceIp }),
      ...(facts.userAgent === undefined ? {} : { userAgent: facts.userAgent }),
      ...(tags.value.requested === undefined ? {} : { requestTags: tags.value.requested }),
      extra: {
        ...request.keys,
        'aws:FederatedProvider': request.providerArn,
        'sts:RoleSessionName': request.sessionName,
        'sts:SourceIdentity': request.sourceIdentity,
        'sts:TransitiveTagKeys': tags.value.requestedTransitive,
      },
    },
    nowMs: ctx.nowMs,
  });
  const actions = [
    request.action,
    ...(request.tags !== undefined && request.tags.length > 0 ? ['sts:TagSession'] : []),
    ...(request.sourceIdentity !== undefined ? ['sts:SetSourceIdentity'] : []),
  ];
  const result = evaluateTrust({
    principal,
    role: { arn: roleArn, account: role.account },
    trustPolicy: compilePolicy(document, { name: 'trust policy', arn: roleArn, kind: 'trust' }),
    context,
    actions,
    explain: 'denials',
  });
  const record: AuthorizationRecord = {
    action: request.action,
    resources: [roleArn],
    decision: result.decision,
    decidedBy: decidedBy(result),
    explanation: explanationJson([result]),
    caller: request.caller,
    callerIdentity: request.callerIdentity,
  };
  if (result.decision !== 'Allowed') return { kind: 'refused', error: notAuthorized(), record };

  const duration = durationFor(request.durationSeconds, role.maxSessionDuration, false);
  if (duration.kind !== 'ok') return { kind: 'refused', error: duration.error, record };
  const packed = packedSize(policies.value, tags.value);
  if (packed.kind !== 'ok') return { kind: 'refused', error: packed.error, record };
  const passedExtras = request.policy !== undefined || policies.value.policyArns.length > 0 || tags.value.tags.length > 0;
  return {
    kind: 'granted',
    record,
    grant: {
      role: { id: role.id, arn: roleArn, name: role.name, account: role.account },
      durationSeconds: duration.value,
      tags: tags.value.tags,
      transitiveTagKeys: tags.value.transitiveTagKeys,
      sourceIdentity: sourceIdentity.value,
      policy: policies.value.policy,
      policyArns: policies.value.policyArns,
      packedPolicySize: passedExtras ? packed.value : undefined,
    },
  };
}
