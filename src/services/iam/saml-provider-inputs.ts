/**
 * What CreateSAMLProvider and UpdateSAMLProvider read from their input: the metadata document, through the
 * federation layer's strict reader (aws-federation.md §3.2), and PEM private keys for encrypted assertions.
 */
import { createPrivateKey } from 'node:crypto';
import type { AwsError } from '../../errors/aws-error.js';
import { parseSamlMetadata } from '../../federation/saml/saml-metadata.js';
import { iamErrors } from './iam-errors.js';

interface ReadMetadata {
  readonly entityId: string;
  readonly signingCertificates: readonly string[];
  readonly validUntilMs: number;
}

/**
 * IAM's text for metadata it refuses (aws-federation.md §3.2: the console's `Could not parse metadata.` [D];
 * the API's is [U]). Whatever the problem, the answer is this one text.
 */
const metadataRefused = (): AwsError => iamErrors.invalidInput('Could not parse metadata.');

/**
 * `ValidUntil` when the metadata has no `validUntil`: [U] AWS shows a date about a century ahead; iamlab takes
 * the time the document was uploaded plus 100 calendar years (aws-behaviour.md §11.2).
 */
function defaultValidUntil(uploadedMs: number): number {
  const date = new Date(uploadedMs);
  date.setUTCFullYear(date.getUTCFullYear() + 100);
  return date.getTime();
}

/** The document's entity id, signing certificates and validity, or IAM's InvalidInput. */
export function readMetadata(document: string, uploadedMs: number): ReadMetadata {
  const parsed = parseSamlMetadata(document);
  if (parsed.kind === 'error') throw metadataRefused();
  const { entityId, signingCertificates, validUntilMs } = parsed.metadata;
  return { entityId, signingCertificates, validUntilMs: validUntilMs ?? defaultValidUntil(uploadedMs) };
}

/**
 * A private key in PEM that Node can read (unencrypted: IAM is given no passphrase). [U] AWS's text for a key
 * it refuses; this one follows Cedar's guide.
 */
export function checkPrivateKey(pem: string): void {
  try {
    createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    throw iamErrors.invalidInput('the private key is not an unencrypted PEM private key');
  }
}
