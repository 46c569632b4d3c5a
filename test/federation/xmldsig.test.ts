/**
 * Exclusive C14N and enveloped XML signatures, held against the W3C specification's own example and against
 * an independent implementation (the JDK's javax.xml.crypto) in both directions.
 */
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { describe, it } from 'node:test';
import { excC14n } from '../../src/federation/saml/exc-c14n.js';
import { signEnveloped } from '../../src/federation/saml/sign-enveloped.js';
import { verifyEnvelopedSignature } from '../../src/federation/saml/verify-enveloped-signature.js';
import type { XmlElement } from '../../src/federation/saml/xml-node.js';
import { attributeValue, childElements, descendantsAndSelf } from '../../src/federation/saml/xml-node.js';
import { readXml } from '../../src/federation/saml/xml-reader.js';
import { javaAvailable, runJava } from './java-xmldsig.js';
import { testKey } from './saml-keys.js';

function root(xml: string): XmlElement {
  const read = readXml(xml);
  if (read.kind === 'error') throw new Error(read.problem);
  return read.document.root;
}

function byId(top: XmlElement, id: string): XmlElement {
  const found = [...descendantsAndSelf(top)].find((e) => attributeValue(e, 'ID') === id);
  if (found === undefined) throw new Error(`no ID ${id}`);
  return found;
}

function signatureIn(element: XmlElement): XmlElement {
  const found = childElements(element).find((e) => e.localName === 'Signature');
  if (found === undefined) throw new Error('no signature');
  return found;
}

/** Namespace corner cases for the canonicaliser: inherited, unused, redeclared, undone defaults, QNames in content. */
const CORPUS = `<r:root ID="a0" xmlns:r="urn:root" xmlns="urn:default" xmlns:unused="urn:unused" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <child ID="a1" b="2" a="1" r:z="&quot;q&quot;&#9;&#10;&#13;&lt;&amp;>" xml:lang="en"> text &amp; &lt; &gt; &#13; <!-- comment --> <![CDATA[<cdata & >]]>
    <r:inner xmlns="" plain="x"><deep xmlns:r="urn:root">d</deep><again xmlns="urn:default"/></r:inner>
    <value xsi:type="xs:string">typed</value>
    <p:q xmlns:p="urn:p" xmlns:a="urn:a" a:attr="1" p:attr="2" attr="3" xmlns:b="urn:0"/>
  </child>
  <r:other ID="a2" xmlns:r="urn:root"><x xmlns="urn:default">y</x><empty/></r:other>
  <r:third ID="a3"><r:e xmlns:r="urn:other" xml:space="preserve">  é 😀 &#x10FFFF;</r:e></r:third>
</r:root>`;
const CORPUS_IDS = ['a0', 'a1', 'a2', 'a3'];

describe('exclusive C14N', () => {
  it('gives the W3C Exc-C14N §2.2 example its documented form', () => {
    // The specification's example: n3 is declared on an ancestor outside the subset and again on n3:stuff.
    const doc = root(`<n0:local xmlns:n0="foo:bar" xmlns:n3="ftp://example.org"><n1:elem2 xmlns:n1="http://example.net" xml:lang="en">
     <n3:stuff xmlns:n3="ftp://example.org"/>
  </n1:elem2></n0:local>`);
    const elem2 = childElements(doc)[0];
    assert.ok(elem2);
    assert.equal(
      excC14n(elem2),
      `<n1:elem2 xmlns:n1="http://example.net" xml:lang="en">
     <n3:stuff xmlns:n3="ftp://example.org"></n3:stuff>
  </n1:elem2>`,
    );
    // Canonical XML 1.0 (inclusive) would have written xmlns:n0 and xmlns:n3 on elem2; the PrefixList brings one back.
    assert.match(excC14n(elem2, { inclusivePrefixes: ['n0'] }), /^<n1:elem2 xmlns:n0="foo:bar" xmlns:n1="http:\/\/example.net" xml:lang="en">/);
  });

  it('sorts namespaces by prefix and attributes by namespace URI then name, and escapes as Canonical XML §2.3 says', () => {
    const doc = root(CORPUS);
    assert.equal(
      excC14n(byId(doc, 'a1')),
      '<child xmlns="urn:default" xmlns:r="urn:root" ID="a1" a="1" b="2" xml:lang="en" r:z="&quot;q&quot;&#x9;&#xA;&#xD;&lt;&amp;>"> text &amp; &lt; &gt; &#xD;  &lt;cdata &amp; &gt;\n' +
        '    <r:inner plain="x"><deep xmlns="">d</deep><again></again></r:inner>\n' +
        '    <value xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="xs:string">typed</value>\n' +
        '    <p:q xmlns:a="urn:a" xmlns:p="urn:p" attr="3" a:attr="1" p:attr="2"></p:q>\n' +
        '  </child>',
    );
  });

  it('agrees with the JDK on every element of the corpus, with and without a PrefixList', (t) => {
    if (!javaAvailable()) return t.skip('no java');
    const doc = root(CORPUS);
    for (const prefixes of ['', 'xs #default unused']) {
      const theirs = runJava(['c14n', '{doc.xml}', prefixes, ...CORPUS_IDS], { 'doc.xml': CORPUS }).split('\0');
      const ours = CORPUS_IDS.map((id) => excC14n(byId(doc, id), { inclusivePrefixes: prefixes.split(' ').filter((p) => p !== '') }));
      assert.deepEqual(ours, theirs, `PrefixList "${prefixes}"`);
    }
  });
});

const DOCUMENT = `<r:Response xmlns:r="urn:root" ID="resp"><r:Issuer>me</r:Issuer><a:Assertion xmlns:a="urn:assertion" xmlns:xs="http://www.w3.org/2001/XMLSchema" ID="_assertion"><a:Issuer>me</a:Issuer><a:Value kind="xs:string">value &amp; more</a:Value></a:Assertion></r:Response>`;

function signAssertion(hash: 'sha256' | 'sha1' = 'sha256'): string {
  const assertion = DOCUMENT.slice(DOCUMENT.indexOf('<a:Assertion'), DOCUMENT.indexOf('</r:Response>'));
  const insertAt = assertion.indexOf('<a:Value');
  const signed = signEnveloped(assertion, insertAt, testKey('signer'), { hash, inclusivePrefixes: ['xs'] });
  return DOCUMENT.replace(assertion, signed);
}

const trusted = (...names: string[]): X509Certificate[] => names.map((n) => new X509Certificate(Buffer.from(testKey(n).certificate, 'base64')));

describe('enveloped XML signatures', () => {
  it('verify what they sign, returning the signed element and the certificate that verified', () => {
    for (const hash of ['sha256', 'sha1'] as const) {
      const doc = root(signAssertion(hash));
      const assertion = byId(doc, '_assertion');
      const result = verifyEnvelopedSignature(signatureIn(assertion), trusted('other', 'signer'));
      assert.equal(result.kind, 'ok', result.kind === 'error' ? result.problem : '');
      if (result.kind === 'ok') {
        assert.equal(result.signed, assertion);
        assert.equal(result.certificateIndex, 1);
      }
    }
  });

  it('are accepted by the JDK, which refuses them once tampered with', (t) => {
    if (!javaAvailable()) return t.skip('no java');
    const signed = signAssertion();
    const certificate = testKey('signer').certificate;
    assert.equal(runJava(['verify', '{doc.xml}', '{cert}'], { 'doc.xml': signed, cert: certificate }).trim(), 'valid');
    const tampered = signed.replace('value &amp; more', 'value &amp; less');
    assert.match(runJava(['verify', '{doc.xml}', '{cert}'], { 'doc.xml': tampered, cert: certificate }), /^invalid/);
  });

  it('verify what the JDK signs', (t) => {
    if (!javaAvailable()) return t.skip('no java');
    const key = testKey('signer');
    const pkcs8 = key.privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64');
    const signed = runJava(['sign', '{doc.xml}', '{key}', '_assertion'], { 'doc.xml': DOCUMENT, key: pkcs8 });
    const doc = root(signed);
    const assertion = byId(doc, '_assertion');
    const result = verifyEnvelopedSignature(signatureIn(assertion), trusted('signer'));
    assert.equal(result.kind, 'ok', result.kind === 'error' ? result.problem : '');
    assert.equal(verifyEnvelopedSignature(signatureIn(assertion), trusted('other')).kind, 'error');
  });

  const refused: [string, (signed: string) => string, RegExp][] = [
    ['a changed value', (s) => s.replace('value &amp; more', 'value'), /digest does not match/],
    ['a changed SignedInfo', (s) => s.replace('#sha256"/><ds:DigestValue>', '#sha256"/><ds:DigestValue>AAAA'), /not base64|any trusted certificate/],
    ['another key', (s) => s, /any trusted certificate/],
    // The signature is judged before the digest: the document is canonicalised only once a trusted key signed it.
    ['a changed value under another key', (s) => s.replace('value &amp; more', 'value'), /any trusted certificate/],
    [
      'a parameter under DigestMethod',
      (s) => s.replace(/(<ds:DigestMethod Algorithm="[^"]+")\/>/, '$1><ds:Extra/></ds:DigestMethod>'),
      /unsupported DigestMethod/,
    ],
    [
      'inclusive C14N',
      (s) => s.replace(/(<ds:CanonicalizationMethod Algorithm=")[^"]+/, '$1http://www.w3.org/TR/2001/REC-xml-c14n-20010315'),
      /exclusive C14N/,
    ],
    [
      'an HMAC method',
      (s) => s.replace(/(<ds:SignatureMethod Algorithm=")[^"]+/, '$1http://www.w3.org/2000/09/xmldsig#hmac-sha1'),
      /unsupported SignatureMethod/,
    ],
    ['a missing enveloped transform', (s) => s.replace(/<ds:Transform Algorithm="[^"]+enveloped-signature"\/>/, ''), /exactly enveloped-signature/],
    [
      'an extra transform',
      (s) => s.replace('</ds:Transforms>', '<ds:Transform Algorithm="http://www.w3.org/TR/1999/REC-xpath-19991116"/></ds:Transforms>'),
      /exactly/,
    ],
    ['a Reference to another element', (s) => s.replace('URI="#_assertion"', 'URI="#resp"'), /does not name the element/],
    ['an empty Reference URI', (s) => s.replace('URI="#_assertion"', 'URI=""'), /does not name the element/],
    ['two References', (s) => s.replace(/(<ds:Reference[\s\S]*<\/ds:Reference>)/, '$1$1'), /exactly one `Reference`/],
    ['a duplicate ID', (s) => s.replace('</r:Response>', '<r:Extra ID="_assertion"/></r:Response>'), /appears more than once/],
    [
      'an unknown digest',
      (s) => s.replace('http://www.w3.org/2001/04/xmlenc#sha256', 'http://www.w3.org/2001/04/xmldsig-more#md5'),
      /unsupported DigestMethod/,
    ],
  ];
  for (const [what, change, problem] of refused) {
    it(`refuse ${what}`, () => {
      const doc = root(change(signAssertion()));
      const result = verifyEnvelopedSignature(signatureIn(byId(doc, '_assertion')), trusted(what.endsWith('another key') ? 'other' : 'signer'));
      assert.equal(result.kind, 'error');
      if (result.kind === 'error') assert.match(result.problem, problem);
    });
  }

  it('refuse a signature that was moved away from the element it signs', () => {
    const signed = signAssertion();
    const signature = signed.slice(signed.indexOf('<ds:Signature'), signed.indexOf('</ds:Signature>') + '</ds:Signature>'.length);
    const moved = signed.replace(signature, '').replace('<r:Issuer>me</r:Issuer>', `<r:Issuer>me</r:Issuer>${signature}`);
    const doc = root(moved);
    const result = verifyEnvelopedSignature(signatureIn(doc), trusted('signer'));
    assert.equal(result.kind, 'error');
  });
});
