/**
 * IAM's reading of a SAML provider's metadata document (CreateSAMLProvider, UpdateSAMLProvider): a SAML 2.0
 * `md:EntityDescriptor` with an `md:IDPSSODescriptor`, UTF-8 without a byte order mark, whose signing
 * certificates have keys of at least 1024 bits (aws-federation.md §3.2). The signing certificates are those of
 * `KeyDescriptor`s with `use="signing"` or without `use` (saml-metadata-2.0-os §2.4.1.1: no `use` means both).
 */
import { DSIG_NS, SAML_PROTOCOL_NS, SAML_METADATA_NS } from './saml-namespaces.js';
import { readSigningCertificate } from './signing-certificate.js';
import { parseXmlDateTime } from './xml-datetime.js';
import { attributeValue, childrenNamed, isNamed, textContent } from './xml-node.js';
import { readXml } from './xml-reader.js';

export interface SamlMetadata {
  readonly entityId: string;
  /** The EntityDescriptor's `validUntil`, else the IDPSSODescriptor's; absent when neither has one. */
  readonly validUntilMs?: number;
  /** base64 of each certificate's DER, without white space, each once, in document order. */
  readonly signingCertificates: readonly string[];
}

export type SamlMetadataResult = { readonly kind: 'ok'; readonly metadata: SamlMetadata } | { readonly kind: 'error'; readonly problem: string };

/** IAM's upper bound for `SAMLMetadataDocument` (aws-federation.md §3.1). */
const MAX_METADATA_LENGTH = 10_000_000;
/** saml-metadata-2.0-os §2.3.2: `entityID` is an anyURI of at most 1024 characters. */
const MAX_ENTITY_ID_LENGTH = 1024;

export function parseSamlMetadata(xml: string): SamlMetadataResult {
  const read = readXml(xml, { maxLength: MAX_METADATA_LENGTH });
  if (read.kind === 'error') return read;
  const entity = read.document.root;
  if (!isNamed(entity, SAML_METADATA_NS, 'EntityDescriptor')) {
    return error(`the document element is \`${entity.qname}\`, not a SAML 2.0 metadata \`EntityDescriptor\``);
  }
  const entityId = attributeValue(entity, 'entityID') ?? '';
  if (entityId === '') return error('the `EntityDescriptor` has no `entityID`');
  if (entityId.length > MAX_ENTITY_ID_LENGTH) return error(`the \`entityID\` is longer than ${MAX_ENTITY_ID_LENGTH} characters`);
  const idps = childrenNamed(entity, SAML_METADATA_NS, 'IDPSSODescriptor');
  const idp = idps[0];
  if (idp === undefined) return error('the `EntityDescriptor` has no `IDPSSODescriptor`');
  if (idps.length > 1) return error('the `EntityDescriptor` has more than one `IDPSSODescriptor`');
  const protocols = (attributeValue(idp, 'protocolSupportEnumeration') ?? '').split(/\s+/);
  if (!protocols.includes(SAML_PROTOCOL_NS)) return error('the `IDPSSODescriptor` does not support SAML 2.0 (`protocolSupportEnumeration`)');

  let validUntilMs: number | undefined;
  for (const holder of [entity, idp]) {
    const text = attributeValue(holder, 'validUntil');
    if (text === undefined) continue;
    const ms = parseXmlDateTime(text);
    if (ms === undefined) return error(`\`validUntil\` \`${text}\` is not a date and time`);
    validUntilMs ??= ms;
  }

  const signingCertificates: string[] = [];
  // Each certificate text is read once: a document repeating one certificate thousands of times (it may be
  // 10,000,000 characters long) must not cost thousands of X.509 parses.
  const texts = new Set<string>();
  for (const descriptor of childrenNamed(idp, SAML_METADATA_NS, 'KeyDescriptor')) {
    const use = attributeValue(descriptor, 'use');
    if (use === 'encryption') continue;
    if (use !== undefined && use !== 'signing') return error(`\`KeyDescriptor\` has \`use="${use}"\`, neither signing nor encryption`);
    for (const keyInfo of childrenNamed(descriptor, DSIG_NS, 'KeyInfo')) {
      for (const data of childrenNamed(keyInfo, DSIG_NS, 'X509Data')) {
        for (const element of childrenNamed(data, DSIG_NS, 'X509Certificate')) {
          const text = textContent(element).replace(/[ \t\r\n]/g, '');
          if (texts.has(text)) continue;
          texts.add(text);
          const certificate = readSigningCertificate(text);
          if (certificate.kind === 'error') return certificate;
          if (!signingCertificates.includes(certificate.base64)) signingCertificates.push(certificate.base64);
        }
      }
    }
  }
  if (signingCertificates.length === 0) return error('the `IDPSSODescriptor` has no signing certificate');
  return { kind: 'ok', metadata: validUntilMs === undefined ? { entityId, signingCertificates } : { entityId, validUntilMs, signingCertificates } };
}

function error(problem: string): SamlMetadataResult {
  return { kind: 'error', problem };
}
