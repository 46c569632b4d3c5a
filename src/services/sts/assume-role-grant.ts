/**
 * AssumeRole's authorization (aws-behaviour.md §1.3, §1.4, §1.7, §1.8), run in the authorize stage so that
 * the trust decision sees the request (aws:SourceIp…) and lands in the audit trail:
 *   root refused → MFA (both or neither; verified once) → session tags, source identity, session policies
 *   (input checks, no existence leak) → the role (missing = the same AccessDenied as a trust mismatch) →
 *   trust policy + the caller's identity policies (`evaluateTrust`, with sts:TagSession /
 *   sts:SetSourceIdentity when used) → duration limits (chaining, role maximum) → packed size.
 * What it established travels to the handler as the grant on the input.
 */
import type { SessionClaims } from '../../auth/session-claims.js';
import type { AwsError } from '../../errors/aws-error.js';
import type { AuthorizationResult, ContextValue } from '../../policy/evaluator.js';
import type { PolicyDocument } from '../../policy/types.js';
import { parsePolicy } from '../../policy/validate/index.js';
import { accessDeniedMessage, compilePolicy, evaluateTrust } from '../../policy/evaluator.js';
import type { AssumeRoleRequest } from '../../protocol/models/sts.js';
import type { AuthorizationRecord, CustomAuthorization, CustomAuthorizationQuery } from '../authorizer/authorizer.js';
import { decidedBy, explanationJson } from '../authorizer/policy-authorizer.js';
import { requestContextFor } from '../authorizer/request-context-for.js';
import { arnOf } from '../iam/iam-index.js';
import { roleByArn, trustPolicy } from '../iam/iam-reads.js';
import type { IamState } from '../iam/iam-state.js';
import type { RoleRecord } from '../iam/records.js';
import { trustAsShown } from '../iam/wire.js';
import type { RoleGrant } from './role-grant.js';
import { durationFor, packedSize, sessionPoliciesFor, sessionTagsFor, sourceIdentityFor } from './session-request.js';
import { sessionMfa } from './session-mfa.js';
import type { StsDeps } from './sts-deps.js';
import { STS_MESSAGES, stsErrors } from './sts-errors.js';

export const ASSUME_ROLE_GRANT = Symbol('assume-role-grant');

export interface AssumeRoleGrant extends RoleGrant {
  readonly mfaMs: number | undefined;
  readonly chained: boolean;
}

export type AssumeRoleInput = AssumeRoleRequest & { readonly [ASSUME_ROLE_GRANT]?: AssumeRoleGrant };

const ACTION = 'sts:AssumeRole';

function record(
  input: AssumeRoleRequest,
  decision: AuthorizationRecord['decision'],
  words: string,
  results: readonly AuthorizationResult[] = [],
): AuthorizationRecord {
  return { action: ACTION, resources: [input.RoleArn], decision, decidedBy: words, explanation: explanationJson(results) };
}

function refused(input: AssumeRoleRequest, error: AwsError, words: string): CustomAuthorization<AssumeRoleInput> {
  return { record: record(input, 'ImplicitlyDenied', words), error };
}

export async function authorizeAssumeRole(
  deps: StsDeps,
  input: AssumeRoleInput,
  query: CustomAuthorizationQuery,
): Promise<CustomAuthorization<AssumeRoleInput>> {
  const { principal, credential, context: ctx } = query;
  if (principal.type === 'root')
    return refused(input, stsErrors.accessDenied(STS_MESSAGES.rootCannotAssume), 'roles may not be assumed by root accounts');
  const mfa = await sessionMfa(deps.mfa, {
    account: principal.account,
    serialNumber: input.SerialNumber,
    tokenCode: input.TokenCode,
    callerArn: principal.arn,
    wallNowMs: ctx.clock.wallNow(),
    nowMs: ctx.nowMs,
    invalidMessage: STS_MESSAGES.mfaAssumeRoleInvalid,
  });
  if (mfa.kind === 'failed') return refused(input, mfa.error, 'MFA failed');
  const callerClaims: SessionClaims | undefined = credential.kind === 'temporary' ? credential.session : undefined;
  const tags = sessionTagsFor(input.Tags, input.TransitiveTagKeys, callerClaims);
  if (tags.kind !== 'ok') return refused(input, tags.error, 'invalid session tags');
  const sourceIdentity = sourceIdentityFor(input.SourceIdentity, callerClaims);
  if (sourceIdentity.kind !== 'ok') return refused(input, sourceIdentity.error, 'invalid source identity');
  const policies = sessionPoliciesFor(input.Policy, input.PolicyArns);
  if (policies.kind !== 'ok') return refused(input, policies.error, 'invalid session policy');

  const caller = deps.authorizer.caller(principal, credential);
  const mfaKeys: Record<string, ContextValue | undefined> =
    mfa.kind === 'ok' ? { 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': '0' } : {};
  const context = requestContextFor({
    caller,
    credential,
    request: query.request,
    region: ctx.region,
    nowMs: ctx.nowMs,
    settings: deps.authorizer.settings,
    ...(tags.value.requested === undefined ? {} : { requestTags: tags.value.requested }),
    extra: {
      'sts:ExternalId': input.ExternalId,
      'sts:RoleSessionName': input.RoleSessionName,
      'sts:SourceIdentity': input.SourceIdentity,
      'sts:TransitiveTagKeys': tags.value.requestedTransitive,
      ...mfaKeys,
    },
  });
  const role = roleByArn(ctx.iam, input.RoleArn);
  const document = role === undefined ? undefined : effectiveTrust(ctx.iam, role);
  const contextual = deps.authorizer.settings.accessDeniedStyle === 'contextual';
  if (role === undefined || document === undefined) {
    // §1.3: a missing role answers exactly like a trust policy that does not allow the caller.
    const result: AuthorizationResult = {
      decision: 'ImplicitlyDenied',
      action: ACTION,
      resource: input.RoleArn,
      principal: caller.principal,
      reason: { kind: 'no-allow', missing: 'trust' },
    };
    return refused(
      input,
      stsErrors.accessDenied(accessDeniedMessage(result, { contextual })),
      'no such role: no role trust policy allows the caller',
    );
  }
  const roleArn = arnOf(role);
  const actions = [
    ACTION,
    ...(input.Tags !== undefined || input.TransitiveTagKeys !== undefined ? ['sts:TagSession'] : []),
    ...(input.SourceIdentity !== undefined ? ['sts:SetSourceIdentity'] : []),
  ];
  const result = evaluateTrust({
    principal: caller.principal,
    role: { arn: roleArn, account: role.account },
    trustPolicy: compilePolicy(document, { name: 'trust policy', arn: roleArn, kind: 'trust' }),
    context,
    identityPolicies: caller.identity,
    ...(caller.boundary === undefined ? {} : { permissionsBoundary: caller.boundary }),
    ...(caller.session === undefined ? {} : { sessionPolicies: caller.session }),
    actions,
    explain: 'denials',
  });
  const trustRecord = record(input, result.decision, decidedBy(result), [result]);
  if (result.decision !== 'Allowed') return { record: trustRecord, error: stsErrors.accessDenied(accessDeniedMessage(result, { contextual })) };

  const chained = credential.kind === 'temporary';
  const duration = durationFor(input.DurationSeconds, role.maxSessionDuration, chained);
  if (duration.kind !== 'ok') return { record: trustRecord, error: duration.error };
  const packed = packedSize(policies.value, tags.value);
  if (packed.kind !== 'ok') return { record: trustRecord, error: packed.error };
  const passedExtras = input.Policy !== undefined || policies.value.policyArns.length > 0 || input.Tags !== undefined;
  const grant: AssumeRoleGrant = {
    role: { id: role.id, arn: roleArn, name: role.name, account: role.account },
    durationSeconds: duration.value,
    mfaMs: mfa.kind === 'ok' ? mfa.atMs : callerMfa(callerClaims),
    tags: tags.value.tags,
    transitiveTagKeys: tags.value.transitiveTagKeys,
    sourceIdentity: sourceIdentity.value,
    policy: policies.value.policy,
    policyArns: policies.value.policyArns,
    packedPolicySize: passedExtras ? packed.value : undefined,
    chained,
  };
  return { record: trustRecord, input: { ...input, [ASSUME_ROLE_GRANT]: grant } };
}

/**
 * The trust policy as IAM holds it (§2.1): principals it names are kept as unique ids, so a user or role
 * deleted since (even if recreated under the same name) appears as its bare id and names nobody.
 */
function effectiveTrust(iam: IamState, role: RoleRecord): PolicyDocument | undefined {
  const shown = trustAsShown(iam, role);
  if (shown === role.trust) return trustPolicy(iam, role);
  const parsed = parsePolicy(shown, 'trust');
  return parsed.kind === 'ok' ? parsed.document : undefined;
}

/** A chained session made from an MFA-authenticated GetSessionToken session keeps that MFA time (§1.8). */
function callerMfa(claims: SessionClaims | undefined): number | undefined {
  return claims?.kind === 'session-token' ? claims.mfaMs : undefined;
}
