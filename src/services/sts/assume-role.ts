/**
 * sts:AssumeRole (aws-behaviour.md §1.2–§1.5): authorized by `assume-role-grant.ts`; the handler issues the
 * role session. The session ARN drops the role's path; `AssumedRoleId` is `<RoleId>:<session name>`;
 * `PackedPolicySize` only when session policies or tags were passed; `SourceIdentity` only when set.
 */
import { parseArn } from '../../arn/arn.js';
import type { AwsError } from '../../errors/aws-error.js';
import { InternalError } from '../../errors/aws-error.js';
import type { AssumeRoleResponse } from '../../protocol/models/sts.js';
import type { Operation } from '../operation.js';
import { defineOperation } from '../operation.js';
import type { AssumeRoleInput } from './assume-role-grant.js';
import { ASSUME_ROLE_GRANT, authorizeAssumeRole } from './assume-role-grant.js';
import { credentialsOut } from './credentials-output.js';
import { assumedRoleUser, roleSessionRequest } from './role-grant.js';
import type { StsDeps } from './sts-deps.js';
import { stsErrors } from './sts-errors.js';

/**
 * A `RoleArn` that is not `arn:<partition>:<service>:<region>:<account>:<resource>` with partition, service
 * and resource present is 400 `ValidationError` `<RoleArn> is invalid`, for every caller, before the trust
 * policy or any identity policy is looked at (aws-behaviour.md §10.2).
 */
function checkRoleArn(input: { readonly RoleArn: string }): AwsError | undefined {
  const arn = parseArn(input.RoleArn);
  return arn === undefined || arn.resource === '' ? stsErrors.validation(`${input.RoleArn} is invalid`) : undefined;
}

export function assumeRole(deps: StsDeps): Operation {
  return defineOperation<AssumeRoleInput, AssumeRoleResponse>({
    name: 'AssumeRole',
    authorization: { kind: 'custom', action: 'sts:AssumeRole', authorize: (input, query) => authorizeAssumeRole(deps, input, query) },
    validate: checkRoleArn,
    handle: async (input, ctx) => {
      const grant = input[ASSUME_ROLE_GRANT];
      if (grant === undefined || ctx.principal.type === 'anonymous') throw new InternalError('AssumeRole reached its handler without a grant');
      const session = await deps.issuer.issue(
        {
          ...roleSessionRequest(grant, input.RoleSessionName, ctx.nowMs),
          ...(grant.mfaMs === undefined ? {} : { mfaMs: grant.mfaMs }),
          ...(grant.chained ? { chained: true } : {}),
        },
        ctx.principal.arn,
      );
      return {
        Credentials: credentialsOut(session),
        AssumedRoleUser: assumedRoleUser(grant, input.RoleSessionName),
        ...(grant.packedPolicySize === undefined ? {} : { PackedPolicySize: grant.packedPolicySize }),
        ...(grant.sourceIdentity === undefined ? {} : { SourceIdentity: grant.sourceIdentity }),
      };
    },
  });
}
