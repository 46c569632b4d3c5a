/**
 * sts:GetAccessKeyInfo: the account that owns an access key id, for any key id (aws-behaviour.md §1.1).
 * Real key ids encode their account (bits 1–39 of the base32-decoded part after the four-letter prefix), and
 * so do the lab's own (ids/id-source.ts), so the answer is read from the key id itself. Long-term keys the
 * lab holds are looked up first: a root key given by IAMLAB_ROOT_ACCESS_KEY_ID, or one minted before the lab
 * encoded accounts, need not carry theirs. A key id that does not decode is refused as an unknown key ([U]
 * the exact error for such ids).
 */
import { queryErrors } from '../../errors/common.js';
import type { GetAccessKeyInfoRequest, GetAccessKeyInfoResponse } from '../../protocol/models/sts.js';
import { defineOperation } from '../operation.js';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** The account encoded in an AWS-issued key id, or undefined when the id is not of that form. */
export function accountOfKeyId(accessKeyId: string): string | undefined {
  const body = accessKeyId.slice(4);
  if (!/^A[A-Z]{3}/.test(accessKeyId) || body.length < 10) return undefined;
  let bits = 0n;
  // The first 10 base32 characters give 50 bits; the account needs the first 48 (6 bytes).
  for (const c of body.slice(0, 10)) {
    const value = BASE32.indexOf(c);
    if (value < 0) return undefined;
    bits = (bits << 5n) | BigInt(value);
  }
  const first48 = bits >> 2n;
  const account = (first48 & 0x7fffffffff80n) >> 7n;
  return account.toString().padStart(12, '0');
}

export const getAccessKeyInfo = defineOperation<GetAccessKeyInfoRequest, GetAccessKeyInfoResponse>({
  name: 'GetAccessKeyInfo',
  authorization: { kind: 'policy', action: 'sts:GetAccessKeyInfo', resources: () => ['*'] },
  handle: (input, ctx) => {
    const longTerm = ctx.iam.index.accessKey(input.AccessKeyId);
    if (longTerm !== undefined) return { Account: longTerm.account };
    const account = accountOfKeyId(input.AccessKeyId);
    if (account === undefined) throw queryErrors.invalidClientTokenId();
    return { Account: account };
  },
});
