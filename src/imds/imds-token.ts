/**
 * IMDSv2 session tokens (aws-behaviour.md §4.2): `PUT /latest/api/token` with a TTL of 1–21600 seconds
 * mints an opaque token valid only on the instance that minted it, until the TTL elapses on the virtual
 * clock. The token is sealed (HMAC-SHA256 under the manager's key over instance id and expiry), so nothing
 * is stored; comparison is constant-time. Pure: the key and the time come in.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const MIN_TOKEN_TTL_SECONDS = 1;
const MAX_TOKEN_TTL_SECONDS = 21_600;

/** The TTL header's value in seconds, or undefined when missing, not a whole number, or out of range. */
export function parseTokenTtl(header: string | undefined): number | undefined {
  if (header === undefined || !/^\d{1,6}$/.test(header.trim())) return undefined;
  const ttl = Number(header.trim());
  return ttl >= MIN_TOKEN_TTL_SECONDS && ttl <= MAX_TOKEN_TTL_SECONDS ? ttl : undefined;
}

const VERSION = 1;

function mac(key: Buffer, instanceId: string, expiresMs: number): Buffer {
  return createHmac('sha256', key).update(`imds-token|${VERSION}|${instanceId}|${expiresMs}`).digest();
}

export function mintToken(key: Buffer, instanceId: string, expiresMs: number): string {
  const head = Buffer.alloc(9);
  head.writeUInt8(VERSION, 0);
  head.writeBigUInt64BE(BigInt(expiresMs), 1);
  return Buffer.concat([head, mac(key, instanceId, expiresMs)]).toString('base64');
}

type TokenCheck = 'valid' | 'invalid' | 'expired';

export function checkToken(key: Buffer, token: string, instanceId: string, nowMs: number): TokenCheck {
  const bytes = Buffer.from(token, 'base64');
  if (bytes.length !== 41 || bytes.toString('base64') !== token || bytes.readUInt8(0) !== VERSION) return 'invalid';
  const expiresMs = Number(bytes.readBigUInt64BE(1));
  if (!timingSafeEqual(bytes.subarray(9), mac(key, instanceId, expiresMs))) return 'invalid';
  return nowMs < expiresMs ? 'valid' : 'expired';
}
