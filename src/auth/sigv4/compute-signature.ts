/**
 * Step 4 (§6.3): the signature is the lower-case hex HMAC-SHA256 of the string to sign under kSigning.
 *
 * Every authenticated request computes one, so it is written out as RFC 2104 spells it,
 * SHA-256((K ⊕ opad) ‖ SHA-256((K ⊕ ipad) ‖ m)), over two one-shot `crypto.hash` calls and the key's two pad
 * blocks, which are worked out once per signing key (signing keys are cached for a key's whole day):
 * about half the cost of building an `Hmac` object per request (`createHmac` is the fallback on Node
 * releases without `crypto.hash`, and for strings to sign longer than the scratch buffer).
 */
import * as crypto from 'node:crypto';

const oneShot = (crypto as Partial<typeof crypto>).hash;

/** SHA-256 works on 64-byte blocks; a key is at most one block (signing keys are 32 bytes). */
const BLOCK = 64;
const DIGEST = 32;
const MESSAGE_ROOM = 1024;

/** Per signing key: K ⊕ ipad, then K ⊕ opad (128 bytes). */
const padsByKey = new WeakMap<Buffer, Buffer>();
/** Scratch for (K ⊕ ipad) ‖ m and (K ⊕ opad) ‖ inner digest; the process signs one string at a time. */
const innerInput = Buffer.allocUnsafeSlow(BLOCK + MESSAGE_ROOM);
const outerInput = Buffer.allocUnsafeSlow(BLOCK + DIGEST);
/** The key whose pads the scratch buffers begin with. */
let padded: Buffer | undefined;

export function computeSignature(signingKey: Buffer, stringToSignText: string): string {
  if (oneShot === undefined || signingKey.length > BLOCK || stringToSignText.length * 3 > MESSAGE_ROOM) {
    return crypto.createHmac('sha256', signingKey).update(stringToSignText, 'utf8').digest('hex');
  }
  if (signingKey !== padded) {
    // Under load one key signs request after request: its pads stay in place from the last call.
    const pads = padsByKey.get(signingKey) ?? padsFor(signingKey);
    pads.copy(innerInput, 0, 0, BLOCK);
    pads.copy(outerInput, 0, BLOCK, 2 * BLOCK);
    padded = signingKey;
  }
  const written = innerInput.write(stringToSignText, BLOCK, 'utf8');
  // `allocUnsafeSlow` buffers own their memory, so this view starts where the buffer does.
  const innerDigest = oneShot('sha256', new Uint8Array(innerInput.buffer, 0, BLOCK + written), 'binary');
  outerInput.write(innerDigest, BLOCK, 'latin1');
  return oneShot('sha256', outerInput, 'hex');
}

function padsFor(signingKey: Buffer): Buffer {
  const pads = Buffer.allocUnsafe(2 * BLOCK);
  for (let i = 0; i < BLOCK; i++) {
    const byte = i < signingKey.length ? (signingKey[i] as number) : 0;
    pads[i] = byte ^ 0x36;
    pads[BLOCK + i] = byte ^ 0x5c;
  }
  padsByKey.set(signingKey, pads);
  return pads;
}
