/** RSA keys with self-signed certificates for the SAML tests, made once per process. */
import type { KeyObject } from 'node:crypto';
import { generateKeyPairSync } from 'node:crypto';
import { selfSignedCertificate } from '../../src/federation/saml/self-signed-certificate.js';

export interface TestKey {
  readonly privateKey: KeyObject;
  readonly certificate: string;
}

const made = new Map<string, TestKey>();

export function testKey(name: string, modulusLength = 2048): TestKey {
  const key = `${name}/${modulusLength}`;
  let found = made.get(key);
  if (found === undefined) {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength });
    const certificate = selfSignedCertificate({
      privateKey,
      commonName: name,
      serialNumber: Buffer.from([made.size + 1, 0x42]),
      notBeforeMs: Date.UTC(2024, 0, 1),
      notAfterMs: Date.UTC(2074, 0, 1),
    });
    found = { privateKey, certificate };
    made.set(key, found);
  }
  return found;
}
