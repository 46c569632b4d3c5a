/**
 * SSH public keys for CodeCommit: UploadSSHPublicKey, GetSSHPublicKey, ListSSHPublicKeys, UpdateSSHPublicKey,
 * DeleteSSHPublicKey (aws-behaviour.md §12.2). Ids `APKA…` (21 characters, as AWS's examples), at most 5 keys per
 * user [D: IAM-UG reference_iam-quotas], a key at most once per user (`DuplicateSSHPublicKey`). The body is kept as
 * uploaded; GetSSHPublicKey converts it when asked for the other encoding (ssh-public-key.ts).
 */
import type * as Iam from '../../../protocol/models/iam.js';
import { sortableNumber } from '../../../store/repos/collections.js';
import { defineOperation } from '../../operation.js';
import { checkPrintableParameters } from '../printable-parameters.js';
import { checkSettableStatus, credentialErrors } from '../credential-errors.js';
import { iamErrors } from '../iam-errors.js';
import type { IamIndex } from '../iam-index.js';
import { requireUser, subjectOf } from '../lookup.js';
import { paginate } from '../paginate.js';
import type { SshPublicKeyRecord, UserRecord } from '../records.js';
import { entityArn, keyOwnerArn } from '../resources.js';
import { encodeSshPublicKey, parseSshPublicKey, sshFingerprint } from '../ssh-public-key.js';

const keyOrder = (key: SshPublicKeyRecord): string => `${sortableNumber(key.createdMs)}-${key.id}`;

function keysOf(index: IamIndex, user: UserRecord): SshPublicKeyRecord[] {
  return index
    .all('ssh-public-key', user.account)
    .filter((k) => k.userId === user.id)
    .sort((a, b) => (keyOrder(a) < keyOrder(b) ? -1 : 1));
}

function requireKey(index: IamIndex, account: string, userName: string, id: string): { user: UserRecord; key: SshPublicKeyRecord } {
  const user = requireUser(index, account, userName);
  const key = index.get('ssh-public-key', id);
  if (key === undefined || key.account !== account || key.userId !== user.id) throw credentialErrors.noSuchSshPublicKey(id);
  return { user, key };
}

const userResource = (input: { readonly UserName: string }, ctx: Parameters<typeof entityArn>[0]): string[] => [
  entityArn(ctx, 'user', input.UserName),
];

function keyOut(user: UserRecord, key: SshPublicKeyRecord, body: string): Iam.SSHPublicKey {
  return {
    UserName: user.name,
    SSHPublicKeyId: key.id,
    Fingerprint: key.fingerprint,
    SSHPublicKeyBody: body,
    Status: key.status,
    UploadDate: key.createdMs,
  };
}

const uploadSshPublicKey = defineOperation<Iam.UploadSSHPublicKeyRequest, Iam.UploadSSHPublicKeyResponse>({
  name: 'UploadSSHPublicKey',
  authorization: { kind: 'policy', action: 'iam:UploadSSHPublicKey', resources: userResource },
  validate: checkPrintableParameters,
  handle: (input, ctx) =>
    ctx.iam.mutate((index) => {
      const user = requireUser(index, ctx.account, input.UserName);
      const body = input.SSHPublicKeyBody.trim();
      const parsed = parseSshPublicKey(body);
      const fingerprint = sshFingerprint(parsed.blob);
      const keys = keysOf(index, user);
      if (keys.some((k) => k.fingerprint === fingerprint)) throw credentialErrors.duplicateSshPublicKey();
      const limit = ctx.iam.quotas.sshPublicKeysPerUser;
      if (keys.length >= limit) throw iamErrors.quota('SSHPublicKeysPerUser', limit);
      const id = ctx.ids.uniqueId('APKA');
      const key: SshPublicKeyRecord = {
        kind: 'ssh-public-key',
        account: ctx.account,
        id,
        name: id,
        userId: user.id,
        body,
        encoding: parsed.encoding,
        fingerprint,
        status: 'Active',
        createdMs: ctx.nowMs,
      };
      return { writes: [{ op: 'put', record: key }], result: { SSHPublicKey: keyOut(user, key, body) } };
    }, ctx.requestId),
});

const getSshPublicKey = defineOperation<Iam.GetSSHPublicKeyRequest, Iam.GetSSHPublicKeyResponse>({
  name: 'GetSSHPublicKey',
  authorization: { kind: 'policy', action: 'iam:GetSSHPublicKey', resources: userResource },
  handle: async (input, ctx) => {
    const { user, key } = requireKey(ctx.iam.index, ctx.account, input.UserName, input.SSHPublicKeyId);
    const body = input.Encoding === key.encoding ? key.body : encodeSshPublicKey(parseSshPublicKey(key.body), input.Encoding);
    return { SSHPublicKey: keyOut(user, key, body) };
  },
});

const listSshPublicKeys = defineOperation<Iam.ListSSHPublicKeysRequest, Iam.ListSSHPublicKeysResponse>({
  name: 'ListSSHPublicKeys',
  authorization: { kind: 'policy', action: 'iam:ListSSHPublicKeys', resources: (input, ctx) => [keyOwnerArn(ctx, input.UserName)] },
  handle: async (input, ctx) => {
    const subject = subjectOf(ctx, ctx.iam.index, input.UserName);
    // The root has no SSH keys: UploadSSHPublicKey always names a user.
    const keys = subject.type === 'root' ? [] : keysOf(ctx.iam.index, subject.user);
    const page = paginate(keys, keyOrder, input.Marker, input.MaxItems);
    const userName = subject.type === 'root' ? '' : subject.user.name;
    return {
      SSHPublicKeys: page.items.map((k) => ({ UserName: userName, SSHPublicKeyId: k.id, Status: k.status, UploadDate: k.createdMs })),
      ...page.info,
    };
  },
});

const updateSshPublicKey = defineOperation<Iam.UpdateSSHPublicKeyRequest, Record<string, never>>({
  name: 'UpdateSSHPublicKey',
  authorization: { kind: 'policy', action: 'iam:UpdateSSHPublicKey', resources: userResource },
  handle: (input, ctx) =>
    ctx.iam.mutate((index) => {
      const { key } = requireKey(index, ctx.account, input.UserName, input.SSHPublicKeyId);
      const invalid = checkSettableStatus(input.Status);
      if (invalid !== undefined) throw invalid;
      const updated: SshPublicKeyRecord = { ...key, status: input.Status === 'Active' ? 'Active' : 'Inactive' };
      return { writes: [{ op: 'put', record: updated }], result: {} };
    }, ctx.requestId),
});

const deleteSshPublicKey = defineOperation<Iam.DeleteSSHPublicKeyRequest, Record<string, never>>({
  name: 'DeleteSSHPublicKey',
  authorization: { kind: 'policy', action: 'iam:DeleteSSHPublicKey', resources: userResource },
  handle: (input, ctx) =>
    ctx.iam.mutate((index) => {
      const { key } = requireKey(index, ctx.account, input.UserName, input.SSHPublicKeyId);
      return { writes: [{ op: 'delete', record: key }], result: {} };
    }, ctx.requestId),
});

export const sshPublicKeyOperations = [uploadSshPublicKey, getSshPublicKey, listSshPublicKeys, updateSshPublicKey, deleteSshPublicKey];
