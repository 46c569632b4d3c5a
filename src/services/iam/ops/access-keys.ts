/**
 * Access keys: CreateAccessKey, ListAccessKeys, UpdateAccessKey, DeleteAccessKey (aws-behaviour.md §2.3).
 * Without UserName they act on the caller's own keys, the root's included. Keys live in the shared
 * access-keys collection beside the bootstrap root keys, and the CredentialView follows every change.
 */
import type * as Iam from '../../../protocol/models/iam.js';
import { sortableNumber } from '../../../store/repos/collections.js';
import type { StoredAccessKey } from '../../../store/repos/identity-repo.js';
import { defineOperation } from '../../operation.js';
import type { ServiceContext } from '../../operation.js';
import { iamErrors } from '../iam-errors.js';
import type { IamIndex } from '../iam-index.js';
import { subjectOf } from '../lookup.js';
import type { Subject } from '../lookup.js';
import { paginate } from '../paginate.js';
import { keyOwnerArn } from '../resources.js';
import { accessKeyMetadataOut } from '../wire.js';

const ownerOf = (subject: Subject): { type: 'root' } | { type: 'user'; userId: string } =>
  subject.type === 'root' ? { type: 'root' } : { type: 'user', userId: subject.user.id };

function subjectKey(ctx: ServiceContext, index: IamIndex, userName: string | undefined, accessKeyId: string): StoredAccessKey {
  const subject = subjectOf(ctx, index, userName);
  const key = index.accessKeysOf(ctx.account, ownerOf(subject)).find((k) => k.accessKeyId === accessKeyId);
  if (key === undefined) throw iamErrors.noSuchAccessKey(accessKeyId);
  return key;
}

const createAccessKey = defineOperation<Iam.CreateAccessKeyRequest, Iam.CreateAccessKeyResponse>({
  name: 'CreateAccessKey',
  authorization: { kind: 'policy', action: 'iam:CreateAccessKey', resources: (input, ctx) => [keyOwnerArn(ctx, input.UserName)] },
  handle: (input, ctx) =>
    ctx.iam.mutate((index) => {
      const subject = subjectOf(ctx, index, input.UserName);
      const limit = ctx.iam.quotas.accessKeysPerUser;
      // Active and inactive keys both count (§2.2).
      if (index.accessKeysOf(ctx.account, ownerOf(subject)).length >= limit) throw iamErrors.quota('AccessKeysPerUser', limit);
      const key: StoredAccessKey = {
        accessKeyId: ctx.ids.accessKeyId('AKIA', ctx.account),
        secretAccessKey: ctx.ids.secretAccessKey(),
        account: ctx.account,
        owner:
          subject.type === 'root'
            ? { type: 'root' }
            : { type: 'user', userName: subject.user.name, userId: subject.user.id, path: subject.user.path },
        status: 'Active',
        createdMs: ctx.nowMs,
      };
      const accessKey = {
        ...(subject.type === 'user' ? { UserName: subject.user.name } : {}),
        AccessKeyId: key.accessKeyId,
        Status: key.status,
        SecretAccessKey: key.secretAccessKey,
        CreateDate: key.createdMs,
      } as Iam.AccessKey;
      return {
        writes: [{ op: 'put-key', key }],
        events: [{ type: 'access-key-changed', accessKeyId: key.accessKeyId }],
        result: { AccessKey: accessKey },
      };
    }, ctx.requestId),
});

const keyOrder = (key: StoredAccessKey): string => `${sortableNumber(key.createdMs)}-${key.accessKeyId}`;

const listAccessKeys = defineOperation<Iam.ListAccessKeysRequest, Iam.ListAccessKeysResponse>({
  name: 'ListAccessKeys',
  authorization: { kind: 'policy', action: 'iam:ListAccessKeys', resources: (input, ctx) => [keyOwnerArn(ctx, input.UserName)] },
  handle: async (input, ctx) => {
    const subject = subjectOf(ctx, ctx.iam.index, input.UserName);
    const keys = ctx.iam.index.accessKeysOf(ctx.account, ownerOf(subject)).sort((a, b) => (keyOrder(a) < keyOrder(b) ? -1 : 1));
    const page = paginate(keys, keyOrder, input.Marker, input.MaxItems);
    return { AccessKeyMetadata: page.items.map(accessKeyMetadataOut), ...page.info };
  },
});

const updateAccessKey = defineOperation<Iam.UpdateAccessKeyRequest, Record<string, never>>({
  name: 'UpdateAccessKey',
  authorization: { kind: 'policy', action: 'iam:UpdateAccessKey', resources: (input, ctx) => [keyOwnerArn(ctx, input.UserName)] },
  handle: (input, ctx) =>
    ctx.iam.mutate((index) => {
      const current = subjectKey(ctx, index, input.UserName, input.AccessKeyId);
      if (input.Status === 'Expired') {
        // The model lists Expired, but only Active and Inactive can be set.
        throw iamErrors.validation(
          "1 validation error detected: Value 'Expired' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]",
        );
      }
      const key: StoredAccessKey = { ...current, status: input.Status };
      return {
        writes: [{ op: 'put-key', key }],
        events: [{ type: 'access-key-changed', accessKeyId: key.accessKeyId }],
        result: {},
      };
    }, ctx.requestId),
});

const deleteAccessKey = defineOperation<Iam.DeleteAccessKeyRequest, Record<string, never>>({
  name: 'DeleteAccessKey',
  authorization: { kind: 'policy', action: 'iam:DeleteAccessKey', resources: (input, ctx) => [keyOwnerArn(ctx, input.UserName)] },
  handle: (input, ctx) =>
    ctx.iam.mutate((index) => {
      const key = subjectKey(ctx, index, input.UserName, input.AccessKeyId);
      return {
        writes: [{ op: 'delete-key', key }],
        events: [{ type: 'access-key-changed', accessKeyId: key.accessKeyId }],
        result: {},
      };
    }, ctx.requestId),
});

export const accessKeyOperations = [createAccessKey, listAccessKeys, updateAccessKey, deleteAccessKey];
