/**
 * Verification of one enveloped XML signature as SAML uses them (saml-core-2.0-os §5.4): the Signature is a
 * direct child of the element it signs, its single Reference names that element by ID, and the transforms are
 * exactly enveloped-signature then exclusive C14N. The result is the element that was signed — the caller
 * reads data from it and from nothing else, which is the defence against signature wrapping.
 *
 * Steps (XML-DSig §3.2): check the shape of SignedInfo; resolve the Reference and check it names the parent;
 * canonicalise SignedInfo and check SignatureValue with each trusted certificate's key; only then digest the
 * parent without the Signature and compare. Core validation needs both checks to pass, in either order; the
 * signature goes first so that canonicalising the whole document — the costly step — is done only for a
 * document a trusted key signed (W3C XML Signature Best Practices, Best Practice 1: "execute potentially
 * dangerous operations only after successfully authenticating the signature"). SignedInfo itself is small by
 * its strict shape. The KeyInfo the document carries is never trusted.
 */
import type { X509Certificate } from 'node:crypto';
import { createHash, timingSafeEqual, verify } from 'node:crypto';
import { documentIds, documentRoot } from './document-ids.js';
import { EXC_C14N, excC14n } from './exc-c14n.js';
import { DSIG_NS } from './saml-namespaces.js';
import { decodeBase64Strict } from './strict-base64.js';
import { DIGEST_METHODS, ENVELOPED_SIGNATURE, SIGNATURE_METHODS } from './xmldsig-algorithms.js';
import type { XmlElement } from './xml-node.js';
import { attributeValue, childElements, isNamed, textContent } from './xml-node.js';

type SignatureVerification =
  { readonly kind: 'ok'; readonly signed: XmlElement; readonly certificateIndex: number } | { readonly kind: 'error'; readonly problem: string };

export function verifyEnvelopedSignature(signature: XmlElement, certificates: readonly X509Certificate[]): SignatureVerification {
  if (!isNamed(signature, DSIG_NS, 'Signature')) return error('not a `ds:Signature`');
  const signed = signature.parent;
  if (signed === undefined) return error('the signature is the document element; it signs nothing');
  const ids = documentIds(documentRoot(signature));
  if (ids.kind === 'error') return ids;

  const shape = readSignature(signature);
  if (shape.kind === 'error') return shape;
  const { signedInfo, reference, signatureValue } = shape;

  const id = attributeValue(signed, 'ID');
  if (id === undefined || id === '') return error(`the signed \`${signed.qname}\` has no ID`);
  if (reference.uri !== `#${id}` || ids.ids.get(id) !== signed)
    return error(`the Reference \`${reference.uri}\` does not name the element that holds the signature`);

  const canonical = Buffer.from(excC14n(signedInfo.element, { inclusivePrefixes: signedInfo.inclusivePrefixes }), 'utf8');
  const certificateIndex = certificates.findIndex(
    (certificate) => certificate.publicKey.asymmetricKeyType === 'rsa' && verify(signedInfo.hash, canonical, certificate.publicKey, signatureValue),
  );
  if (certificateIndex < 0) return error('the signature does not verify with any trusted certificate');

  const digest = createHash(reference.digest)
    .update(excC14n(signed, { inclusivePrefixes: reference.inclusivePrefixes, exclude: signature }), 'utf8')
    .digest();
  if (digest.length !== reference.digestValue.length || !timingSafeEqual(digest, reference.digestValue)) return error('the digest does not match');
  return { kind: 'ok', signed, certificateIndex };
}

interface SignatureShape {
  readonly kind: 'ok';
  readonly signedInfo: { readonly element: XmlElement; readonly hash: string; readonly inclusivePrefixes: readonly string[] };
  readonly reference: { readonly uri: string; readonly digest: string; readonly digestValue: Buffer; readonly inclusivePrefixes: readonly string[] };
  readonly signatureValue: Buffer;
}

/** `Signature = SignedInfo SignatureValue KeyInfo? Object*` (XML-DSig §4.1), with the SAML profile's limits. */
function readSignature(signature: XmlElement): SignatureShape | { readonly kind: 'error'; readonly problem: string } {
  if (hasStrayText(signature)) return error('the signature holds text');
  const [signedInfo, value] = childElements(signature);
  if (signedInfo === undefined || !isNamed(signedInfo, DSIG_NS, 'SignedInfo')) return error('the signature has no `SignedInfo` first');
  if (value === undefined || !isNamed(value, DSIG_NS, 'SignatureValue')) return error('the signature has no `SignatureValue` after `SignedInfo`');
  const signatureValue = decodeBase64Strict(textContent(value));
  if (signatureValue === undefined) return error('`SignatureValue` is not base64');

  if (hasStrayText(signedInfo)) return error('`SignedInfo` holds text');
  const [c14n, method, ...references] = childElements(signedInfo);
  if (c14n === undefined || !isNamed(c14n, DSIG_NS, 'CanonicalizationMethod')) return error('`SignedInfo` has no `CanonicalizationMethod` first');
  const c14nPrefixes = excC14nPrefixes(c14n);
  if (c14nPrefixes === undefined) return error('`CanonicalizationMethod` is not exclusive C14N without comments');
  if (method === undefined || !isNamed(method, DSIG_NS, 'SignatureMethod')) return error('`SignedInfo` has no `SignatureMethod`');
  const methodUri = attributeValue(method, 'Algorithm') ?? '';
  const hash = SIGNATURE_METHODS[methodUri];
  if (hash === undefined || childElements(method).length > 0) return error(`unsupported SignatureMethod \`${methodUri}\``);
  // saml-core-2.0-os §5.4.2: "Signatures MUST contain a single <ds:Reference>".
  const [reference] = references;
  if (reference === undefined || references.length !== 1 || !isNamed(reference, DSIG_NS, 'Reference')) {
    return error('`SignedInfo` must hold exactly one `Reference`');
  }
  const parsedReference = readReference(reference);
  if (parsedReference.kind === 'error') return parsedReference;
  return {
    kind: 'ok',
    signedInfo: { element: signedInfo, hash, inclusivePrefixes: c14nPrefixes },
    reference: parsedReference.reference,
    signatureValue,
  };
}

function readReference(reference: XmlElement): { kind: 'ok'; reference: SignatureShape['reference'] } | { kind: 'error'; problem: string } {
  if (hasStrayText(reference)) return error('`Reference` holds text');
  const uri = attributeValue(reference, 'URI') ?? '';
  const [transforms, digestMethod, digestValue, ...rest] = childElements(reference);
  if (transforms === undefined || !isNamed(transforms, DSIG_NS, 'Transforms') || hasStrayText(transforms))
    return error('`Reference` has no `Transforms`');
  const [enveloped, c14n, ...more] = childElements(transforms);
  if (
    enveloped === undefined ||
    !isNamed(enveloped, DSIG_NS, 'Transform') ||
    attributeValue(enveloped, 'Algorithm') !== ENVELOPED_SIGNATURE ||
    childElements(enveloped).length > 0 ||
    c14n === undefined ||
    !isNamed(c14n, DSIG_NS, 'Transform') ||
    more.length > 0
  ) {
    return error('the transforms must be exactly enveloped-signature then exclusive C14N');
  }
  const inclusivePrefixes = excC14nPrefixes(c14n);
  if (inclusivePrefixes === undefined) return error('the transforms must be exactly enveloped-signature then exclusive C14N');
  if (digestMethod === undefined || !isNamed(digestMethod, DSIG_NS, 'DigestMethod')) return error('`Reference` has no `DigestMethod`');
  const digestUri = attributeValue(digestMethod, 'Algorithm') ?? '';
  const digest = DIGEST_METHODS[digestUri];
  // The SHA-2 digests take no parameters: nothing may hide under DigestMethod, as under SignatureMethod.
  if (digest === undefined || childElements(digestMethod).length > 0) return error(`unsupported DigestMethod \`${digestUri}\``);
  if (digestValue === undefined || !isNamed(digestValue, DSIG_NS, 'DigestValue') || rest.length > 0)
    return error('`Reference` has no `DigestValue` last');
  const value = decodeBase64Strict(textContent(digestValue));
  if (value === undefined) return error('`DigestValue` is not base64');
  return { kind: 'ok', reference: { uri, digest, digestValue: value, inclusivePrefixes } };
}

/**
 * The PrefixList of an exclusive C14N method or transform (`[]` without an `InclusiveNamespaces`), or
 * undefined when the algorithm is another one or the element holds anything else.
 */
function excC14nPrefixes(method: XmlElement): readonly string[] | undefined {
  if (attributeValue(method, 'Algorithm') !== EXC_C14N || hasStrayText(method)) return undefined;
  const children = childElements(method);
  const [inclusive] = children;
  if (inclusive === undefined) return [];
  if (children.length > 1 || !isNamed(inclusive, EXC_C14N, 'InclusiveNamespaces')) return undefined;
  return (attributeValue(inclusive, 'PrefixList') ?? '').split(/[ \t\n]+/).filter((p) => p !== '');
}

function hasStrayText(element: XmlElement): boolean {
  return element.children.some((child) => child.kind === 'text' && child.text.trim() !== '');
}

function error(problem: string): { readonly kind: 'error'; readonly problem: string } {
  return { kind: 'error', problem };
}
