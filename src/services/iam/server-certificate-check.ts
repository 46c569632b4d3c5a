/**
 * UploadServerCertificate's checks of what it is given (aws-behaviour.md §12.2; IAM-UG id_credentials_server-certs):
 * 1. the body is one PEM certificate that parses — else `MalformedCertificate` `Unable to parse certificate. …` [O];
 * 2. it is valid now, on the lab's clock ("You cannot upload a certificate before its validity period begins …
 *    or after it expires" [D]) — else `MalformedCertificate` [U text];
 * 3. the private key is an unencrypted PEM key [D] of a kind IAM takes, RSA of 1024–4096 bits or ECDSA [D] — else
 *    `MalformedCertificate` [U text];
 * 4. the key is the certificate's — else `KeyPairMismatch`;
 * 5. each certificate of the chain issued the one before it, the body first — else `MalformedCertificate`
 *    `Unable to validate certificate chain. …` with the index of the first that did not, the body counting as 0 [O].
 *    Text between the chain's PEM blocks counts as a certificate that issued nothing [O: aws/aws-cli#715].
 * IAM shows the body and the chain without surrounding whitespace [O: LS-SNAP, hashicorp/terraform#2409].
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { UNPARSABLE_CERTIFICATE, credentialErrors } from './credential-errors.js';
import { validityOf } from './x509-validity.js';

interface UploadedCertificate {
  readonly body: string;
  readonly privateKey: string;
  readonly chain: string | undefined;
}

interface CheckedServerCertificate {
  readonly body: string;
  readonly chain: string | null;
  readonly expirationMs: number;
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\s]+?-----END CERTIFICATE-----/g;
const ONE_PEM_CERTIFICATE = /^-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\s]+-----END CERTIFICATE-----$/;
const PEM_PRIVATE_KEY = /^-----BEGIN (?:RSA |EC )?PRIVATE KEY-----[\s\S]+-----END (?:RSA |EC )?PRIVATE KEY-----$/;

const MIN_RSA_BITS = 1024;
const MAX_RSA_BITS = 4096;

/** The certificate in one PEM block, or undefined when it is anything else. */
export function parsePemCertificate(text: string): X509Certificate | undefined {
  if (!ONE_PEM_CERTIFICATE.test(text)) return undefined;
  try {
    return new X509Certificate(text);
  } catch {
    return undefined;
  }
}

function checkBody(text: string, nowMs: number): { certificate: X509Certificate; expirationMs: number } {
  const certificate = parsePemCertificate(text);
  const validity = certificate === undefined ? undefined : validityOf(certificate);
  if (certificate === undefined || validity === undefined) throw credentialErrors.malformedCertificate(UNPARSABLE_CERTIFICATE);
  if (nowMs > validity.notAfterMs) throw credentialErrors.malformedCertificate('The certificate has expired.');
  if (nowMs < validity.notBeforeMs) throw credentialErrors.malformedCertificate('The certificate is not yet valid.');
  return { certificate, expirationMs: validity.notAfterMs };
}

function checkPrivateKey(text: string): KeyObject {
  let key: KeyObject | undefined;
  if (PEM_PRIVATE_KEY.test(text)) {
    try {
      key = createPrivateKey({ key: text, format: 'pem' });
    } catch {
      // Encrypted (no passphrase is ever given) or not a key: as malformed as text that is not PEM.
    }
  }
  if (key === undefined) throw credentialErrors.malformedCertificate('Unable to parse private key. Please ensure the private key is in PEM format.');
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  const supported = key.asymmetricKeyType === 'ec' || (key.asymmetricKeyType === 'rsa' && bits >= MIN_RSA_BITS && bits <= MAX_RSA_BITS);
  if (!supported) {
    throw credentialErrors.malformedCertificate('The private key is not supported. Only RSA keys of 1024 to 4096 bits and ECDSA keys are allowed.');
  }
  return key;
}

/** The chain's entries: its PEM certificates, with any other text between them as an entry that is no certificate. */
function chainEntries(text: string): (X509Certificate | undefined)[] {
  const entries: (X509Certificate | undefined)[] = [];
  let from = 0;
  for (const match of text.matchAll(PEM_CERTIFICATE)) {
    if (text.slice(from, match.index).trim() !== '') entries.push(undefined);
    entries.push(parsePemCertificate(match[0]));
    from = match.index + match[0].length;
  }
  if (text.slice(from).trim() !== '') entries.push(undefined);
  return entries;
}

function checkChain(body: X509Certificate, text: string): void {
  const entries = chainEntries(text);
  let issued = body;
  for (const [i, entry] of entries.entries()) {
    if (entry === undefined || !issued.checkIssued(entry) || !issued.verify(entry.publicKey)) throw credentialErrors.invalidChain(i + 1);
    issued = entry;
  }
}

export function checkServerCertificate(uploaded: UploadedCertificate, nowMs: number): CheckedServerCertificate {
  const body = uploaded.body.trim();
  const { certificate, expirationMs } = checkBody(body, nowMs);
  const key = checkPrivateKey(uploaded.privateKey.trim());
  if (!certificate.checkPrivateKey(key)) throw credentialErrors.keyPairMismatch();
  const chain = uploaded.chain?.trim() ?? '';
  checkChain(certificate, chain);
  return { body, chain: chain === '' ? null : chain, expirationMs };
}
