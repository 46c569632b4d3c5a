/**
 * SSH public keys as IAM takes them for CodeCommit (aws-behaviour.md §12.2): "encoded in ssh-rsa format or PEM
 * format", of 2048 to 16384 bits [D: IAM-UG id_credentials_ssh-keys]. An `ssh-rsa` line is the key blob of RFC 4253
 * §6.6 in base64 (`string "ssh-rsa"`, `mpint e`, `mpint n`) with an optional comment; PEM is a SubjectPublicKeyInfo
 * or PKCS#1 RSA public key. The fingerprint is the MD5 of the blob in colon-separated hex, as `ssh-keygen -E md5`
 * prints it [V: the model calls it "the MD5 message digest of the SSH public key"; the AWS CLI's example shows
 * this form]. Other key types (`ssh-ed25519`, ECDSA, DSA) are refused as an encoding IAM does not take [U: code].
 */
import { createHash, createPublicKey } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { credentialErrors } from './credential-errors.js';

type SshKeyEncoding = 'SSH' | 'PEM';

interface ParsedSshPublicKey {
  readonly encoding: SshKeyEncoding;
  readonly key: KeyObject;
  /** The RFC 4253 blob, what the fingerprint digests. */
  readonly blob: Buffer;
}

const SSH_RSA = 'ssh-rsa';
const MIN_BITS = 2048;
const MAX_BITS = 16384;

/** `<type> <base64> [comment]` on one line. */
const SSH_LINE = /^(\S+)[ \t]+([A-Za-z0-9+/]+={0,2})(?:[ \t][^\r\n]*)?$/;
const PEM_PUBLIC_KEY = /^-----BEGIN (?:RSA )?PUBLIC KEY-----[A-Za-z0-9+/=\s]+-----END (?:RSA )?PUBLIC KEY-----$/;

const INVALID_KEY = 'The public key is not a valid RSA public key.';

/** RFC 4251 §5 `string`/`mpint` fields of a blob, in order; undefined when it is not a sequence of them. */
function sshFields(blob: Buffer): Buffer[] | undefined {
  const fields: Buffer[] = [];
  let at = 0;
  while (at < blob.length) {
    if (at + 4 > blob.length) return undefined;
    const length = blob.readUInt32BE(at);
    if (at + 4 + length > blob.length) return undefined;
    fields.push(blob.subarray(at + 4, at + 4 + length));
    at += 4 + length;
  }
  return fields;
}

function sshString(bytes: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/** An unsigned big-endian integer as an RFC 4251 mpint: no leading zeros, one added when the top bit is set. */
function sshMpint(unsigned: Buffer): Buffer {
  let start = 0;
  while (start < unsigned.length - 1 && unsigned[start] === 0) start += 1;
  const digits = unsigned.subarray(start);
  return sshString(((digits[0] ?? 0) & 0x80) === 0 ? digits : Buffer.concat([Buffer.from([0]), digits]));
}

const unsignedOf = (mpint: Buffer): Buffer => {
  let start = 0;
  while (start < mpint.length - 1 && mpint[start] === 0) start += 1;
  return mpint.subarray(start);
};

/** The RFC 4253 blob of an RSA public key. */
function rsaBlob(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  return Buffer.concat([
    sshString(Buffer.from(SSH_RSA)),
    sshMpint(Buffer.from(jwk.e ?? '', 'base64url')),
    sshMpint(Buffer.from(jwk.n ?? '', 'base64url')),
  ]);
}

function keyOfSshLine(type: string, base64: string): KeyObject {
  if (type !== SSH_RSA) throw credentialErrors.unrecognizedPublicKeyEncoding();
  const fields = sshFields(Buffer.from(base64, 'base64'));
  const [name, e, n] = fields ?? [];
  if (fields?.length !== 3 || name?.toString() !== SSH_RSA || e === undefined || n === undefined) {
    throw credentialErrors.invalidPublicKey(INVALID_KEY);
  }
  try {
    return createPublicKey({ key: { kty: 'RSA', e: unsignedOf(e).toString('base64url'), n: unsignedOf(n).toString('base64url') }, format: 'jwk' });
  } catch {
    throw credentialErrors.invalidPublicKey(INVALID_KEY);
  }
}

function keyOfPem(text: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: text, format: 'pem' });
  } catch {
    throw credentialErrors.invalidPublicKey(INVALID_KEY);
  }
  if (key.asymmetricKeyType !== 'rsa') throw credentialErrors.unrecognizedPublicKeyEncoding();
  return key;
}

/** The key an UploadSSHPublicKey body holds, or IAM's error for it. `text` is trimmed. */
export function parseSshPublicKey(text: string): ParsedSshPublicKey {
  const line = SSH_LINE.exec(text);
  let parsed: { encoding: SshKeyEncoding; key: KeyObject };
  if (line !== null) parsed = { encoding: 'SSH', key: keyOfSshLine(line[1] ?? '', line[2] ?? '') };
  else if (PEM_PUBLIC_KEY.test(text)) parsed = { encoding: 'PEM', key: keyOfPem(text) };
  else throw credentialErrors.unrecognizedPublicKeyEncoding();
  const bits = parsed.key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_BITS || bits > MAX_BITS) {
    throw credentialErrors.invalidPublicKey(`The public key must be between ${MIN_BITS} and ${MAX_BITS} bits long.`);
  }
  return { ...parsed, blob: rsaBlob(parsed.key) };
}

/** `12:34:…:ef`: the blob's MD5, 16 bytes in lower-case hex separated by colons. */
export function sshFingerprint(blob: Buffer): string {
  return (createHash('md5').update(blob).digest('hex').match(/../g) ?? []).join(':');
}

/** The key in `encoding`: `ssh-rsa <base64>` (no comment), or a SubjectPublicKeyInfo PEM block. */
export function encodeSshPublicKey(parsed: ParsedSshPublicKey, encoding: SshKeyEncoding): string {
  return encoding === 'SSH' ? `${SSH_RSA} ${parsed.blob.toString('base64')}` : parsed.key.export({ type: 'spki', format: 'pem' }).toString();
}
