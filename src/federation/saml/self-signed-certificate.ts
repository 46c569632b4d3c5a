/**
 * A self-signed X.509 v3 certificate for an RSA key (RFC 5280 §4.1), signed with sha256WithRSAEncryption:
 * what an identity provider publishes in its metadata so that service providers — IAM here — can check its
 * signatures. Node 20 can read certificates but not make them, so the TBSCertificate is encoded here.
 * Serial number and validity are arguments: no randomness or clock inside.
 */
import type { KeyObject } from 'node:crypto';
import { createPublicKey, sign } from 'node:crypto';
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
} from '../../lib/der.js';

export interface CertificateRequest {
  readonly privateKey: KeyObject;
  /** The subject's and issuer's CN. */
  readonly commonName: string;
  /** Positive, at most 20 bytes (RFC 5280 §4.1.2.2). */
  readonly serialNumber: Buffer;
  readonly notBeforeMs: number;
  readonly notAfterMs: number;
}

const SHA256_WITH_RSA = '1.2.840.113549.1.1.11';
const COMMON_NAME = '2.5.4.3';
const BASIC_CONSTRAINTS = '2.5.29.19';
const KEY_USAGE = '2.5.29.15';

/** base64 of the certificate's DER, as `ds:X509Certificate` carries it. */
export function selfSignedCertificate(request: CertificateRequest): string {
  const algorithm = derSequence(derObjectIdentifier(SHA256_WITH_RSA), derNull());
  const name = derSequence(derSet(derSequence(derObjectIdentifier(COMMON_NAME), derUtf8String(request.commonName))));
  const spki = createPublicKey(request.privateKey).export({ type: 'spki', format: 'der' });
  const extensions = derSequence(
    // basicConstraints: not a CA (RFC 5280 §4.2.1.9).
    derSequence(derObjectIdentifier(BASIC_CONSTRAINTS), derBoolean(true), derOctetString(derSequence())),
    // keyUsage digitalSignature (bit 0): `03 02 07 80` (RFC 5280 §4.2.1.3).
    derSequence(derObjectIdentifier(KEY_USAGE), derBoolean(true), derOctetString(Buffer.from([0x03, 0x02, 0x07, 0x80]))),
  );
  const tbs = derSequence(
    derExplicit(0, derSmallInteger(2)), // v3
    derUnsignedInteger(request.serialNumber),
    algorithm,
    name,
    derSequence(derTime(request.notBeforeMs), derTime(request.notAfterMs)),
    name,
    spki,
    derExplicit(3, extensions),
  );
  const signature = sign('sha256', tbs, request.privateKey);
  return derSequence(tbs, algorithm, derBitString(signature)).toString('base64');
}
