/**
 * X.509 certificates made in the test process (RFC 5280 §4.1) for the certificate tests: a CA, intermediates
 * it signs and leaves, RSA or ECDSA, each with the validity period the test wants. Node 20 reads certificates but
 * cannot make them, so the TBSCertificate is DER-encoded here with the project's encoder (src/lib/der.ts).
 */
import { createPublicKey, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import {
  derBitString,
  derBoolean,
  derExplicit,
  derNull,
  derObjectIdentifier,
  derOctetString,
  derSequence,
  derSet,
  derSmallInteger,
  derTime,
  derUnsignedInteger,
  derUtf8String,
} from '../../src/lib/der.js';

interface TestKeyPair {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

export const rsaKeyPair = (bits = 2048): TestKeyPair => generateKeyPairSync('rsa', { modulusLength: bits });
export const ecKeyPair = (): TestKeyPair => generateKeyPairSync('ec', { namedCurve: 'P-256' });

const SHA256_WITH_RSA = '1.2.840.113549.1.1.11';
const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
const COMMON_NAME = '2.5.4.3';
const BASIC_CONSTRAINTS = '2.5.29.19';
const DAY_MS = 86_400_000;

interface CertificateSpec {
  readonly commonName: string;
  readonly subject: TestKeyPair;
  /** The issuer's name and key; the certificate is self-signed without one. */
  readonly issuer?: { readonly commonName: string; readonly keys: TestKeyPair };
  readonly ca?: boolean;
  readonly notBeforeMs: number;
  readonly notAfterMs: number;
}

const name = (commonName: string): Buffer => derSequence(derSet(derSequence(derObjectIdentifier(COMMON_NAME), derUtf8String(commonName))));

function signatureAlgorithm(key: KeyObject): Buffer {
  return key.asymmetricKeyType === 'ec'
    ? derSequence(derObjectIdentifier(ECDSA_WITH_SHA256))
    : derSequence(derObjectIdentifier(SHA256_WITH_RSA), derNull());
}

export function pem(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** The certificate as PEM, with a trailing newline as files have. */
export function certificatePem(spec: CertificateSpec): string {
  const signer = spec.issuer?.keys ?? spec.subject;
  const algorithm = signatureAlgorithm(signer.privateKey);
  const spki = createPublicKey(spec.subject.privateKey).export({ type: 'spki', format: 'der' });
  const basicConstraints = derSequence(
    derObjectIdentifier(BASIC_CONSTRAINTS),
    derBoolean(true),
    derOctetString(derSequence(...(spec.ca === true ? [derBoolean(true)] : []))),
  );
  const serial = randomBytes(8);
  serial[0] = (serial[0] ?? 0) & 0x7f;
  const tbs = derSequence(
    derExplicit(0, derSmallInteger(2)),
    derUnsignedInteger(serial),
    algorithm,
    name(spec.issuer?.commonName ?? spec.commonName),
    derSequence(derTime(spec.notBeforeMs), derTime(spec.notAfterMs)),
    name(spec.commonName),
    spki,
    derExplicit(3, derSequence(basicConstraints)),
  );
  const signature = sign('sha256', tbs, signer.privateKey);
  return pem('CERTIFICATE', derSequence(tbs, algorithm, derBitString(signature)));
}

/** PKCS#8 PEM of a private key. */
export const privateKeyPem = (keys: TestKeyPair): string => keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

/** A self-signed certificate valid from a day before `nowMs` for a year after it, and its key. */
export function selfSigned(
  nowMs: number,
  commonName = 'example.com',
  keys: TestKeyPair = rsaKeyPair(),
): { certificate: string; key: string; keys: TestKeyPair } {
  const certificate = certificatePem({ commonName, subject: keys, notBeforeMs: nowMs - DAY_MS, notAfterMs: nowMs + 365 * DAY_MS });
  return { certificate, key: privateKeyPem(keys), keys };
}

/** A root CA, an intermediate it signed and a leaf the intermediate signed, all valid around `nowMs`. */
export function chainOfThree(nowMs: number): { root: string; intermediate: string; leaf: string; leafKey: string; leafNotAfterMs: number } {
  const rootKeys = rsaKeyPair();
  const intermediateKeys = rsaKeyPair();
  const leafKeys = rsaKeyPair();
  const validity = { notBeforeMs: nowMs - DAY_MS, notAfterMs: nowMs + 90 * DAY_MS };
  const root = certificatePem({ commonName: 'Test Root CA', subject: rootKeys, ca: true, ...validity });
  const intermediate = certificatePem({
    commonName: 'Test Intermediate CA',
    subject: intermediateKeys,
    issuer: { commonName: 'Test Root CA', keys: rootKeys },
    ca: true,
    ...validity,
  });
  const leaf = certificatePem({
    commonName: 'www.example.com',
    subject: leafKeys,
    issuer: { commonName: 'Test Intermediate CA', keys: intermediateKeys },
    notBeforeMs: validity.notBeforeMs,
    notAfterMs: nowMs + 30 * DAY_MS,
  });
  return { root, intermediate, leaf, leafKey: privateKeyPem(leafKeys), leafNotAfterMs: nowMs + 30 * DAY_MS };
}

function sshField(bytes: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/** The public key as an OpenSSH `ssh-rsa` line (RFC 4253 §6.6), encoded here rather than by the code under test. */
export function sshRsaLine(keys: TestKeyPair, comment = 'me@host'): string {
  const jwk = keys.publicKey.export({ format: 'jwk' });
  const mpint = (b64url: string): Buffer => {
    const bytes = Buffer.from(b64url, 'base64url');
    return sshField(((bytes[0] ?? 0) & 0x80) === 0 ? bytes : Buffer.concat([Buffer.from([0]), bytes]));
  };
  const blob = Buffer.concat([sshField(Buffer.from('ssh-rsa')), mpint(jwk.e ?? ''), mpint(jwk.n ?? '')]);
  return `ssh-rsa ${blob.toString('base64')}${comment === '' ? '' : ` ${comment}`}`;
}
