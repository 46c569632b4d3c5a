/** Namespace URIs and fixed identifiers of SAML 2.0 and XML-DSig, in one place (conventions.md habit 7). */
export const SAML_METADATA_NS = 'urn:oasis:names:tc:SAML:2.0:metadata';
export const SAML_ASSERTION_NS = 'urn:oasis:names:tc:SAML:2.0:assertion';
export const SAML_PROTOCOL_NS = 'urn:oasis:names:tc:SAML:2.0:protocol';
export const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';
export const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';
export const XS_NS = 'http://www.w3.org/2001/XMLSchema';

/** `protocolSupportEnumeration` of a SAML 2.0 role descriptor (saml-metadata-2.0-os §2.4.1). */
export const SAML2_PROTOCOL = SAML_PROTOCOL_NS;
export const STATUS_SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';
export const BEARER_METHOD = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';
export const ATTRNAME_FORMAT_URI = 'urn:oasis:names:tc:SAML:2.0:attrname-format:uri';
export const HTTP_POST_BINDING = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';
export const HTTP_REDIRECT_BINDING = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';
export const AUTHN_CONTEXT_PASSWORD_PROTECTED = 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport';
export const NAMEID_PERSISTENT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent';
