/**
 * sts:AssumeRoot (aws-federation.md §7.1): root credentials for a *member* account, asked by the
 * organization's management account or its delegated administrator once centralized root access is
 * enabled. Every lab account stands alone, outside any organization (IAM answers
 * `OrganizationNotFoundException` to the switches that would enable it, §7.2), so no caller can be granted
 * root: the caller's policies are evaluated as usual (their denial is the ordinary AccessDenied), and a caller
 * they allow still gets the same AccessDenied, naming the target's root [U: the most likely answer, §7.1].
 */
import { accessDeniedError } from '../../errors/access-denied.js';
import type { AssumeRootRequest, AssumeRootResponse } from '../../protocol/models/sts.js';
import type { Operation } from '../operation.js';
import { defineOperation } from '../operation.js';

/** `TargetPrincipal` is a member account's id or a principal ARN in it; the resource is that account's root. */
function targetRoot(targetPrincipal: string): string {
  if (/^\d{12}$/.test(targetPrincipal)) return `arn:aws:iam::${targetPrincipal}:root`;
  const account = /^arn:[^:]+:[^:]*:[^:]*:(\d{12}):/.exec(targetPrincipal)?.[1];
  return account === undefined ? targetPrincipal : `arn:aws:iam::${account}:root`;
}

export const assumeRoot: Operation = defineOperation<AssumeRootRequest, AssumeRootResponse>({
  name: 'AssumeRoot',
  authorization: { kind: 'policy', action: 'sts:AssumeRoot', resources: (input) => [targetRoot(input.TargetPrincipal)] },
  handle: (input, ctx) => {
    const principalArn = ctx.principal.type === 'anonymous' ? 'anonymous' : ctx.principal.arn;
    throw accessDeniedError('sts', { principalArn, action: 'sts:AssumeRoot', resource: targetRoot(input.TargetPrincipal) });
  },
});
