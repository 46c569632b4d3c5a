/**
 * GetAccessKeyLastUsed (aws-iam-s3-more.md §A1.1): when a long-term key of the caller's account last signed a
 * request, to which service and in which region — `N/A` for both, and no date, before its first use. The
 * action is `iam:GetAccessKeyLastUsed` on the user who owns the key (the root's ARN for a root key); a key the
 * account does not hold — another account's, a deleted or a temporary one — is refused with 403 AccessDenied
 * naming the key, whoever asks (usage-errors.ts [U]).
 */
import { rootArn, userArn } from '../../../arn/arn.js';
import type * as Iam from '../../../protocol/models/iam.js';
import type { StoredAccessKey } from '../../../store/repos/identity-repo.js';
import { defineOperation } from '../../operation.js';
import type { Operation, ServiceContext } from '../../operation.js';
import { arnOf } from '../../iam/iam-index.js';
import type { UsageDeps } from '../usage-deps.js';
import { usageErrors } from '../usage-errors.js';

function keyOfAccount(ctx: ServiceContext, accessKeyId: string): StoredAccessKey | undefined {
  const key = ctx.iam.index.accessKey(accessKeyId);
  return key?.account === ctx.account ? key : undefined;
}

/** The key's owner as IAM names it now (a user may have been renamed or moved since the key was made). */
function ownerArn(ctx: ServiceContext, key: StoredAccessKey): string {
  if (key.owner.type === 'root') return rootArn(key.account);
  const user = ctx.iam.index.get('user', key.owner.userId);
  return user === undefined ? userArn(key.account, key.owner.path, key.owner.userName) : arnOf(user);
}

export const getAccessKeyLastUsed = (deps: UsageDeps): Operation =>
  defineOperation<Iam.GetAccessKeyLastUsedRequest, Iam.GetAccessKeyLastUsedResponse>({
    name: 'GetAccessKeyLastUsed',
    authorization: {
      kind: 'policy',
      action: 'iam:GetAccessKeyLastUsed',
      // A key the account does not hold has no owner to name: the denial then names the key, as the handler's does.
      resources: (input, ctx) => {
        const key = keyOfAccount(ctx, input.AccessKeyId);
        return [key === undefined ? `access key ${input.AccessKeyId}` : ownerArn(ctx, key)];
      },
    },
    handle: (input, ctx) => {
      const key = keyOfAccount(ctx, input.AccessKeyId);
      if (key === undefined) {
        throw usageErrors.keyNotInAccount(ctx.principal.type === 'anonymous' ? rootArn(ctx.account) : ctx.principal.arn, input.AccessKeyId);
      }
      const use = deps.usage.keyUse(key.accessKeyId);
      const lastUsed: Iam.AccessKeyLastUsed =
        use === undefined ? { ServiceName: 'N/A', Region: 'N/A' } : { LastUsedDate: use.lastUsedMs, ServiceName: use.service, Region: use.region };
      const userName = key.owner.type === 'user' ? (ctx.iam.index.get('user', key.owner.userId)?.name ?? key.owner.userName) : undefined;
      return { ...(userName === undefined ? {} : { UserName: userName }), AccessKeyLastUsed: lastUsed };
    },
  });
