/**
 * sts:AssumeRoleWithSAML (aws-federation.md §3.3–§3.8): an unsigned call presenting a base64 SAML response.
 * The response is verified against the IAM SAML provider `PrincipalArn` names (`saml-assertion-check.ts`),
 * then the role's trust policy decides for the principal `{"Federated": "<provider ARN>"}` with the `saml:`
 * keys (`federated-grant.ts`). The session lasts the shorter of `DurationSeconds` (default an hour) and what
 * the assertion allows; it keeps `saml:sub`, `saml:sub_type` and `saml:namequalifier` for later requests.
 */
import { parseArn } from '../../arn/arn.js';
import type { AwsError } from '../../errors/aws-error.js';
import { InternalError } from '../../errors/aws-error.js';
import type { AssumeRoleWithSAMLRequest, AssumeRoleWithSAMLResponse } from '../../protocol/models/sts.js';
import type { AuthorizationRecord } from '../authorizer/authorizer.js';
import { samlProviderByArn } from '../iam/provider-reads.js';
import type { Operation } from '../operation.js';
import { defineOperation } from '../operation.js';
import { credentialsOut } from './credentials-output.js';
import type { RoleGrant } from './role-grant.js';
import { assumedRoleUser, roleSessionRequest } from './role-grant.js';
import { decideFederated } from './federated-grant.js';
import type { VerifiedSaml } from './saml-assertion-check.js';
import { checkSamlAssertion } from './saml-assertion-check.js';
import type { StsDeps } from './sts-deps.js';
import { stsErrors } from './sts-errors.js';

const ACTION = 'sts:AssumeRoleWithSAML';

const GRANT = Symbol('saml-grant');

type Input = AssumeRoleWithSAMLRequest & { readonly [GRANT]?: { readonly grant: RoleGrant; readonly saml: VerifiedSaml } };

/** `RoleArn` and `PrincipalArn` that are not ARNs are `<value> is invalid`, as for AssumeRole (aws-behaviour.md §10.2). */
function checkArns(input: Input): AwsError | undefined {
  for (const value of [input.RoleArn, input.PrincipalArn]) {
    const arn = parseArn(value);
    if (arn === undefined || arn.resource === '') return stsErrors.validation(`${value} is invalid`);
  }
  return undefined;
}

function refusedRecord(input: Input, why: string, caller: string | undefined): AuthorizationRecord {
  return {
    action: ACTION,
    resources: [input.RoleArn],
    decision: 'ImplicitlyDenied',
    decidedBy: why,
    explanation: null,
    ...(caller === undefined ? {} : { caller }),
  };
}

export function assumeRoleWithSaml(deps: StsDeps): Operation {
  return defineOperation<Input, AssumeRoleWithSAMLResponse>({
    name: 'AssumeRoleWithSAML',
    validate: checkArns,
    authorization: {
      kind: 'federated',
      action: ACTION,
      authorize: (input, query) => {
        const { context: ctx } = query;
        const account = parseArn(input.RoleArn)?.account ?? '';
        const provider = samlProviderByArn(ctx.iam, input.PrincipalArn);
        const checked = checkSamlAssertion(
          { roleArn: input.RoleArn, principalArn: input.PrincipalArn, assertion: input.SAMLAssertion },
          provider,
          account,
          ctx.nowMs,
        );
        if (checked.kind !== 'ok') return Promise.resolve({ record: refusedRecord(input, checked.why, checked.caller), error: checked.error });
        const saml = checked.value;
        const requested = input.DurationSeconds;
        const decision = decideFederated(
          {
            action: ACTION,
            caller: `${input.PrincipalArn}:${saml.subject}`,
            // CloudTrail's SAMLUser: `saml:namequalifier` and `saml:sub` (aws-behaviour.md §13.6).
            callerIdentity: {
              type: 'SAMLUser',
              principalId: `${saml.nameQualifier}:${saml.subject}`,
              userName: saml.subject,
              identityProvider: saml.nameQualifier,
            },
            roleArn: input.RoleArn,
            sessionName: saml.sessionName,
            providerArn: input.PrincipalArn,
            keys: saml.trustKeys,
            tags: saml.tags,
            transitiveTagKeys: saml.transitiveTagKeys,
            sourceIdentity: saml.sourceIdentity,
            policy: input.Policy,
            policyArns: input.PolicyArns,
            durationSeconds: requested,
          },
          query,
        );
        if (decision.kind === 'refused') return Promise.resolve({ record: decision.record, error: decision.error });
        // The assertion can only shorten the session (aws-federation.md §3.3).
        const durationSeconds = Math.min(decision.grant.durationSeconds, saml.maxSessionSeconds ?? Number.POSITIVE_INFINITY);
        const grant: RoleGrant = { ...decision.grant, durationSeconds };
        return Promise.resolve({ record: decision.record, input: { ...input, [GRANT]: { grant, saml } } });
      },
    },
    handle: async (input, ctx) => {
      const granted = input[GRANT];
      if (granted === undefined) throw new InternalError('AssumeRoleWithSAML reached its handler without a grant');
      const { grant, saml } = granted;
      const session = await deps.issuer.issue(
        {
          ...roleSessionRequest(grant, saml.sessionName, ctx.nowMs),
          federation: { kind: 'saml', provider: input.PrincipalArn, keys: saml.sessionKeys },
        },
        `${input.PrincipalArn}:${saml.subject}`,
      );
      return {
        Credentials: credentialsOut(session),
        AssumedRoleUser: assumedRoleUser(grant, saml.sessionName),
        ...(grant.packedPolicySize === undefined ? {} : { PackedPolicySize: grant.packedPolicySize }),
        Subject: saml.subject,
        SubjectType: saml.subjectType,
        Issuer: saml.issuer,
        Audience: saml.recipient,
        NameQualifier: saml.nameQualifier,
        ...(grant.sourceIdentity === undefined ? {} : { SourceIdentity: grant.sourceIdentity }),
      };
    },
  });
}
