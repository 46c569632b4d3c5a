/**
 * Session tokens that carry their own session (design.md "Identities and credentials": the hot path must not
 * need a database round trip). A token is the session's claims sealed with AES-256-GCM under the lab's key,
 * so authentication opens it instead of looking it up, and a million stored sessions cost no memory. The
 * temporary secret access key is derived from the same key and the access key id, so it is never stored in
 * the token either. Revocation, deleted roles and expiry are still decided on every request by the caller.
 *
 * Wire form: `IQoJb3JpZ2luX2Vj` (the prefix real STS tokens share) + base64(version ‖ iv ‖ tag ‖ ciphertext).
 */
import { createCipheriv, createDecipheriv, createHmac } from 'node:crypto';

const PREFIX = 'IQoJb3JpZ2luX2Vj';
const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export function sealToken(key: Buffer, claims: unknown, iv: Buffer): string {
  if (key.length !== 32) throw new Error('the token key must be 32 bytes');
  if (iv.length !== IV_BYTES) throw new Error(`the iv must be ${IV_BYTES} bytes`);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(claims), 'utf8'), cipher.final()]);
  return PREFIX + Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]).toString('base64');
}

/** The claims inside a token sealed with `key`, or undefined for anything forged, damaged or foreign. */
export function openToken(key: Buffer, token: string): unknown {
  if (!token.startsWith(PREFIX)) return undefined;
  const encoded = token.slice(PREFIX.length);
  const raw = Buffer.from(encoded, 'base64');
  // Node's decoder ignores stray characters and padding bits: accept only the one canonical spelling.
  if (raw.toString('base64') !== encoded) return undefined;
  if (raw.length < 1 + IV_BYTES + TAG_BYTES + 2 || raw[0] !== VERSION) return undefined;
  const iv = raw.subarray(1, 1 + IV_BYTES);
  const tag = raw.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAuthTag(tag);
    const text = Buffer.concat([decipher.update(raw.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const SECRET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The 40-character secret of a temporary access key: HMAC of its id under the lab key. */
export function deriveTemporarySecret(key: Buffer, accessKeyId: string): string {
  const mac = createHmac('sha512', key).update(`temporary-secret:${accessKeyId}`).digest();
  let secret = '';
  // 64 divides 256, so each byte maps to the alphabet without bias.
  for (let i = 0; i < 40; i++) secret += SECRET_ALPHABET[(mac[i] ?? 0) % 64];
  return secret;
}
