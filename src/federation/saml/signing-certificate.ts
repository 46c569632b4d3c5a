/**
 * One signing certificate as metadata carries it (`ds:X509Certificate`: base64 of the DER, white space allowed),
 * checked the way IAM checks it: it must parse as X.509, and an RSA key must have at least 1024 bits
 * (aws-federation.md §3.2, IAM-UG troubleshoot_saml).
 */
import type { KeyObject } from 'node:crypto';
import { X509Certificate } from 'node:crypto';
import { decodeBase64Strict } from './strict-base64.js';

type CertificateReadResult =
  { readonly kind: 'ok'; readonly base64: string; readonly certificate: X509Certificate } | { readonly kind: 'error'; readonly problem: string };

const MIN_RSA_BITS = 1024;

export function readSigningCertificate(text: string): CertificateReadResult {
  const der = decodeBase64Strict(text);
  if (der === undefined) return { kind: 'error', problem: 'a signing certificate is not base64' };
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(der);
  } catch {
    return { kind: 'error', problem: 'a signing certificate is not an X.509 certificate' };
  }
  // The key is decoded only when asked for: a certificate can parse while its SubjectPublicKeyInfo does not.
  let publicKey: KeyObject;
  try {
    publicKey = certificate.publicKey;
  } catch {
    return { kind: 'error', problem: "a signing certificate's public key cannot be read" };
  }
  const details = publicKey.asymmetricKeyDetails;
  const bits = details?.modulusLength;
  if (bits !== undefined && bits < MIN_RSA_BITS) {
    return { kind: 'error', problem: `a signing certificate has a ${bits}-bit key, below the ${MIN_RSA_BITS} bits required` };
  }
  return { kind: 'ok', base64: certificate.raw.toString('base64'), certificate };
}
