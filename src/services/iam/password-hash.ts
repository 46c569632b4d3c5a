/**
 * Console passwords are kept only as salted scrypt hashes (conventions.md habit 10: secrets are never stored or
 * logged as given). A hash is `scrypt$<N>$<r>$<p>$<salt>$<key>` (salt and key base64), so its parameters can
 * change without invalidating what is stored. N = 2^14 is node's default cost: about 40 ms a hash here, which
 * keeps ChangePassword's reuse check against up to 24 earlier passwords well under a second.
 */
import { scrypt, timingSafeEqual } from 'node:crypto';

const COST = 16384;
const BLOCK_SIZE = 8;
const PARALLELISM = 1;
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, cost: number, blockSize: number, parallelism: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // Passwords are `[\u0009\u000A\u000D\u0020-\u00FF]+` (IAM-MODEL passwordType): UTF-8 keeps every character.
    scrypt(password, salt, KEY_LENGTH, { N: cost, r: blockSize, p: parallelism, maxmem: 256 * cost * blockSize }, (error, key) =>
      error === null ? resolve(key) : reject(error),
    );
  });
}

/** The stored form of `password`; `salt` comes from the caller's random source (base64 of 16 random bytes). */
export async function hashPassword(password: string, salt: string): Promise<string> {
  const saltBytes = Buffer.from(salt, 'base64');
  const key = await derive(password, saltBytes, COST, BLOCK_SIZE, PARALLELISM);
  return ['scrypt', COST, BLOCK_SIZE, PARALLELISM, saltBytes.toString('base64'), key.toString('base64')].join('$');
}

/** Whether `password` is the one `stored` was made from; the keys are compared in constant time. */
export async function passwordMatches(password: string, stored: string): Promise<boolean> {
  const [scheme, cost, blockSize, parallelism, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || salt === undefined || key === undefined) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await derive(password, Buffer.from(salt, 'base64'), Number(cost), Number(blockSize), Number(parallelism));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
