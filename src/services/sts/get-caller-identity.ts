/**
 * sts:GetCallerIdentity — needs no permission and works even under an explicit Deny; it does need valid,
 * unexpired credentials (aws-behaviour.md §1.6).
 */
import { InternalError } from '../../errors/aws-error.js';
import { defineOperation } from '../operation.js';

interface GetCallerIdentityOutput {
  readonly UserId: string;
  readonly Account: string;
  readonly Arn: string;
}

export const getCallerIdentity = defineOperation<Record<string, never>, GetCallerIdentityOutput>({
  name: 'GetCallerIdentity',
  authorization: { kind: 'never-denied', action: 'sts:GetCallerIdentity' },
  handle: (_input, ctx) => {
    const { principal } = ctx;
    if (principal.type === 'anonymous') throw new InternalError('GetCallerIdentity reached the handler unauthenticated');
    return { UserId: principal.userId, Account: principal.account, Arn: principal.arn };
  },
});
