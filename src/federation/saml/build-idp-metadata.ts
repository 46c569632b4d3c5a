/**
 * An identity provider's SAML 2.0 metadata (saml-metadata-2.0-os §2.3.2, §2.4.3): the document a user passes to
 * IAM CreateSAMLProvider. An `EntityDescriptor` with one `IDPSSODescriptor` carrying the signing certificate,
 * the NameID formats AWS accepts and the SSO endpoints. IAM wants at least 1000 characters
 * (aws-federation.md §3.1); a 2048-bit certificate alone is longer than that.
 */
import { isoSeconds } from '../../lib/encoding.js';
import { escapeXml, XML_DECLARATION } from '../../lib/xml.js';
import { DSIG_NS, HTTP_POST_BINDING, HTTP_REDIRECT_BINDING, SAML_PROTOCOL_NS, SAML_METADATA_NS } from './saml-namespaces.js';

interface IdpMetadataInput {
  readonly entityId: string;
  /** base64 of the signing certificate's DER. */
  readonly certificate: string;
  /** Where a browser would post an AuthnRequest (the lab never serves a login page there). */
  readonly singleSignOnUrl: string;
  readonly nameIdFormats: readonly string[];
  readonly validUntilMs?: number;
}

/** IAM's minimum `SAMLMetadataDocument` length (aws-federation.md §3.1). */
export const MIN_METADATA_LENGTH = 1000;

export function buildIdpMetadata(input: IdpMetadataInput): string {
  const validUntil = input.validUntilMs === undefined ? '' : ` validUntil="${isoSeconds(input.validUntilMs)}"`;
  // The certificate wrapped at 64 characters, as PEM and most IdPs write it.
  const certificate = input.certificate.replace(/(.{64})/g, '$1\n').trimEnd();
  const formats = input.nameIdFormats.map((f) => `    <md:NameIDFormat>${escapeXml(f)}</md:NameIDFormat>\n`).join('');
  const endpoint = (binding: string): string => `    <md:SingleSignOnService Binding="${binding}" Location="${escapeXml(input.singleSignOnUrl)}"/>\n`;
  return (
    `${XML_DECLARATION}\n` +
    `<md:EntityDescriptor xmlns:md="${SAML_METADATA_NS}" xmlns:ds="${DSIG_NS}" entityID="${escapeXml(input.entityId)}"${validUntil}>\n` +
    `  <md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="${SAML_PROTOCOL_NS}">\n` +
    `    <md:KeyDescriptor use="signing">\n` +
    `      <ds:KeyInfo>\n        <ds:X509Data>\n          <ds:X509Certificate>\n${certificate}\n          </ds:X509Certificate>\n        </ds:X509Data>\n      </ds:KeyInfo>\n` +
    `    </md:KeyDescriptor>\n` +
    formats +
    endpoint(HTTP_POST_BINDING) +
    endpoint(HTTP_REDIRECT_BINDING) +
    `  </md:IDPSSODescriptor>\n` +
    `</md:EntityDescriptor>\n`
  );
}
