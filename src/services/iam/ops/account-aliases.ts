/**
 * Account aliases: CreateAccountAlias, DeleteAccountAlias, ListAccountAliases (aws-iam-s3-more.md §A3.1,
 * aws-behaviour.md §12.1). An account has at most one: creating another replaces it [O: floci-io/floci#2103,
 * checked against a live account]. An alias is unique across AWS, so across the lab's accounts here: one that any
 * account holds, this one included, is 409 `EntityAlreadyExists`. The actions name no resource type: `*`.
 */
import type * as Iam from '../../../protocol/models/iam.js';
import type { AwsError } from '../../../errors/aws-error.js';
import { defineOperation } from '../../operation.js';
import type { AccountAliasRecord } from '../account-records.js';
import { iamErrors } from '../iam-errors.js';
import { paginate } from '../paginate.js';

/** The model's `accountAliasType` pattern, which IAM checks itself (`src/protocol/service-checked-patterns.ts`). */
const ALIAS = /^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$/;

/** [O: app-sre/qontract-schemas#824, CreateAccountAlias, 2025]; [U] DeleteAccountAlias answers alike. */
const INVALID_ALIAS =
  'The specified value for accountAlias is invalid. It must be a minimum length of 3 characters and maximum length of 63 characters, contain only digits, lowercase letters, and hyphens (-), but cannot begin or end with a hyphen.';

const checkAlias = (input: { readonly AccountAlias: string }): AwsError | undefined =>
  ALIAS.test(input.AccountAlias) ? undefined : iamErrors.validation(INVALID_ALIAS);

const createAccountAlias = defineOperation<Iam.CreateAccountAliasRequest, Record<string, never>>({
  name: 'CreateAccountAlias',
  authorization: { kind: 'policy', action: 'iam:CreateAccountAlias', resources: () => ['*'] },
  validate: checkAlias,
  handle: (input, ctx) =>
    ctx.iam.mutate((index) => {
      // [U] the account's own current alias is refused too, as the name is taken.
      if (index.aliasHolder(input.AccountAlias) !== undefined) throw iamErrors.accountAliasExists(input.AccountAlias);
      const alias: AccountAliasRecord = { account: ctx.account, alias: input.AccountAlias, createdMs: ctx.nowMs };
      return { writes: [{ op: 'put-account-alias', alias }], result: {} };
    }, ctx.requestId),
});

const deleteAccountAlias = defineOperation<Iam.DeleteAccountAliasRequest, Record<string, never>>({
  name: 'DeleteAccountAlias',
  authorization: { kind: 'policy', action: 'iam:DeleteAccountAlias', resources: () => ['*'] },
  validate: checkAlias,
  handle: (input, ctx) =>
    ctx.iam.mutate((index) => {
      const alias = index.accountAlias(ctx.account);
      // Only the account's own alias, named exactly: another account's is as missing.
      if (alias?.alias !== input.AccountAlias) throw iamErrors.noSuchAccountAlias(input.AccountAlias);
      return { writes: [{ op: 'delete-account-alias', alias }], result: {} };
    }, ctx.requestId),
});

/** `AccountAliases` always, `<AccountAliases/>` when there is none, and `IsTruncated` (IAM-MODEL). */
const listAccountAliases = defineOperation<Iam.ListAccountAliasesRequest, Iam.ListAccountAliasesResponse>({
  name: 'ListAccountAliases',
  authorization: { kind: 'policy', action: 'iam:ListAccountAliases', resources: () => ['*'] },
  handle: async (input, ctx) => {
    const alias = ctx.iam.index.accountAlias(ctx.account);
    const page = paginate(alias === undefined ? [] : [alias.alias], (name) => name, input.Marker, input.MaxItems);
    return { AccountAliases: page.items, ...page.info };
  },
});

export const accountAliasOperations = [createAccountAlias, deleteAccountAlias, listAccountAliases];
