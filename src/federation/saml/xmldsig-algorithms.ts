/**
 * The XML-DSig algorithms the lab accepts, by URI, with node:crypto's hash names. RSA PKCS#1 v1.5 only:
 * SAML IdPs sign with RSA-SHA256 (RSA-SHA1 on old ones, RSA-SHA512 on some); HMAC methods are refused, as a
 * verifier holding only certificates has no business with shared keys (XML-DSig §6.3, RFC 6931 §2.3).
 */
export const ENVELOPED_SIGNATURE = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';

export type HashName = 'sha1' | 'sha256' | 'sha512';

export const SIGNATURE_METHODS: Readonly<Record<string, HashName>> = {
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256': 'sha256',
  'http://www.w3.org/2000/09/xmldsig#rsa-sha1': 'sha1',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512': 'sha512',
};

export const DIGEST_METHODS: Readonly<Record<string, HashName>> = {
  'http://www.w3.org/2001/04/xmlenc#sha256': 'sha256',
  'http://www.w3.org/2000/09/xmldsig#sha1': 'sha1',
  'http://www.w3.org/2001/04/xmlenc#sha512': 'sha512',
};

/** The URIs to write when signing with a given hash. */
export const SIGNATURE_METHOD_URI: Readonly<Record<HashName, string>> = {
  sha256: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  sha1: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1',
  sha512: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512',
};
export const DIGEST_METHOD_URI: Readonly<Record<HashName, string>> = {
  sha256: 'http://www.w3.org/2001/04/xmlenc#sha256',
  sha1: 'http://www.w3.org/2000/09/xmldsig#sha1',
  sha512: 'http://www.w3.org/2001/04/xmlenc#sha512',
};
