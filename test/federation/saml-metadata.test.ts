/** The strict XML reader and IAM's reading of SAML metadata (aws-federation.md §3.2). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSamlMetadata } from '../../src/federation/saml/saml-metadata.js';
import type { SamlMetadata, SamlMetadataResult } from '../../src/federation/saml/saml-metadata.js';
import { attributeValue, childElements, textContent } from '../../src/federation/saml/xml-node.js';
import { readXml } from '../../src/federation/saml/xml-reader.js';
import { OPENSSL_RSA2048_CERTIFICATE, OPENSSL_RSA768_CERTIFICATE } from './saml-fixtures.js';

function metadata(options: { keyDescriptors?: string; entity?: string; idp?: string; root?: string } = {}): string {
  const keys =
    options.keyDescriptors ??
    `<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>
${OPENSSL_RSA2048_CERTIFICATE.replace(/(.{64})/g, '$1\n')}
</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`;
  const idp =
    options.idp ??
    `<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">${keys}
<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://idp.example.com/sso"/>
</md:IDPSSODescriptor>`;
  const root = options.root ?? 'md:EntityDescriptor';
  return `<?xml version="1.0" encoding="UTF-8"?>
<${root} xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" ${options.entity ?? 'entityID="https://idp.example.com/saml" validUntil="2030-01-02T03:04:05.678Z"'}>
${idp}
</${root}>`;
}

describe('readXml', () => {
  it('reads qualified names, namespace URIs, attributes with their declarations in document order, and text', () => {
    const read = readXml('<a:r xmlns:a="urn:a" z="1" xmlns="urn:d" a:y="2"><c>x&amp;y&#x41;<![CDATA[<z>]]></c></a:r>');
    assert.equal(read.kind, 'ok');
    if (read.kind !== 'ok') return;
    const root = read.document.root;
    assert.deepEqual([root.prefix, root.localName, root.namespaceUri], ['a', 'r', 'urn:a']);
    assert.deepEqual(
      root.attributes.map((a) => [a.qname, a.namespaceUri, a.value]),
      [
        ['xmlns:a', 'http://www.w3.org/2000/xmlns/', 'urn:a'],
        ['z', '', '1'],
        ['xmlns', 'http://www.w3.org/2000/xmlns/', 'urn:d'],
        ['a:y', 'urn:a', '2'],
      ],
    );
    const child = childElements(root)[0];
    assert.equal(child?.namespaceUri, 'urn:d');
    assert.equal(child?.parent, root);
    assert.equal(child && textContent(child), 'x&yA<z>');
  });

  it('resolves namespaces declared on ancestors, redeclared below them and undone by `xmlns=""`', () => {
    const read = readXml('<a xmlns="urn:d" xmlns:p="urn:p"><b xmlns:p="urn:p2" p:x="1"><p:c xmlns=""><d/></p:c></b><p:e/><f/></a>');
    assert.ok(read.kind === 'ok');
    const [b, e, f] = childElements(read.document.root);
    const [c] = b === undefined ? [] : childElements(b);
    const [d] = c === undefined ? [] : childElements(c);
    assert.deepEqual(
      [b, c, d, e, f].map((element) => element?.namespaceUri),
      ['urn:d', 'urn:p2', '', 'urn:p', 'urn:d'],
    );
    assert.equal(b?.attributes.find((a) => a.localName === 'x')?.namespaceUri, 'urn:p2');
    assert.deepEqual([d?.namespaces.get('p'), d?.namespaces.get(''), e?.namespaces.get('p'), f?.namespaces.has('q')], ['urn:p2', '', 'urn:p', false]);
  });

  it('keeps comments as nodes but not as text: the whole text of `a<!---->b` is `ab`', () => {
    const read = readXml('<n>user@evil.com<!-- x -->.attacker.com</n>');
    assert.ok(read.kind === 'ok');
    assert.deepEqual(
      read.document.root.children.map((c) => c.kind),
      ['text', 'comment', 'text'],
    );
    assert.equal(textContent(read.document.root), 'user@evil.com.attacker.com');
  });

  it('normalises line ends and attribute white space as XML 1.0 §2.11 and §3.3.3 say', () => {
    const read = readXml('<r a="x\r\ny\tz&#10;w">1\r2\r\n3</r>');
    assert.ok(read.kind === 'ok');
    assert.equal(attributeValue(read.document.root, 'a'), 'x y z\nw');
    assert.equal(textContent(read.document.root), '1\n2\n3');
  });

  const refused: [string, string, RegExp][] = [
    ['a DOCTYPE', '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>', /document type/],
    ['an entity bomb', '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><r>&b;</r>', /document type/],
    ['an undefined entity', '<r>&x;</r>', /undefined entity/],
    ['a processing instruction', '<r><?php echo 1 ?></r>', /processing instructions/],
    ['a processing instruction before the root', '<?xml-stylesheet href="a"?><r/>', /processing instructions/],
    ['a byte order mark', '\uFEFF<r/>', /byte order mark/],
    ['a non-UTF-8 encoding', '<?xml version="1.0" encoding="ISO-8859-1"?><r/>', /unsupported encoding/],
    ['an undeclared prefix', '<p:r/>', /undeclared prefix `p`/],
    ['an undeclared attribute prefix', '<r p:a="1"/>', /undeclared prefix `p`/],
    ['a duplicate attribute', '<r a="1" a="2"/>', /appears twice/],
    ['a duplicate expanded attribute name', '<r xmlns:p="urn:x" xmlns:q="urn:x" p:a="1" q:a="2"/>', /appears twice/],
    ['a mismatched end tag', '<r><a></b></r>', /closes/],
    ['text after the root', '<r/>x', /after the document element/],
    ['two roots', '<r/><r/>', /after the document element/],
    ['an unclosed element', '<r><a>', /not closed/],
    ['`<` in an attribute', '<r a="<"/>', /not allowed in an attribute/],
    ['a bare `&`', '<r>a & b</r>', /reference|entity/],
    ['a forbidden character', '<r>\u0001</r>', /does not allow/],
    ['a reference to a forbidden character', '<r>&#1;</r>', /does not allow/],
    ['`--` in a comment', '<r><!-- a -- b --></r>', /comment/],
    ['missing white space between attributes', '<r a="1"b="2"/>', /white space/],
    ['an empty document', '', /document element/],
    ['too deep a nesting', `${'<a>'.repeat(65)}${'</a>'.repeat(65)}`, /deeper than 64/],
  ];
  for (const [what, xml, problem] of refused) {
    it(`refuses ${what}`, () => {
      const read = readXml(xml);
      assert.equal(read.kind, 'error');
      if (read.kind === 'error') assert.match(read.problem, problem);
    });
  }

  it('refuses documents over its size and node limits', () => {
    assert.equal(readXml(`<r>${'x'.repeat(100)}</r>`, { maxLength: 50 }).kind, 'error');
    assert.equal(readXml(`<r>${'<a/>'.repeat(1000)}</r>`, { maxNodes: 500 }).kind, 'error');
  });
});

describe('parseSamlMetadata', () => {
  it('reads entityID, validUntil and the signing certificate of an IDPSSODescriptor', () => {
    const parsed: SamlMetadataResult = parseSamlMetadata(metadata());
    const expected: SamlMetadata = {
      entityId: 'https://idp.example.com/saml',
      validUntilMs: Date.UTC(2030, 0, 2, 3, 4, 5, 678),
      signingCertificates: [OPENSSL_RSA2048_CERTIFICATE],
    };
    assert.deepEqual(parsed, { kind: 'ok', metadata: expected });
  });

  it('takes KeyDescriptors without `use` as signing keys and skips encryption keys', () => {
    const cert = (use: string): string =>
      `<md:KeyDescriptor${use}><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${OPENSSL_RSA2048_CERTIFICATE}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`;
    const noUse = parseSamlMetadata(metadata({ keyDescriptors: cert('') }));
    assert.ok(noUse.kind === 'ok');
    assert.deepEqual(noUse.metadata.signingCertificates, [OPENSSL_RSA2048_CERTIFICATE]);
    const onlyEncryption = parseSamlMetadata(metadata({ keyDescriptors: cert(' use="encryption"') }));
    assert.deepEqual(onlyEncryption, { kind: 'error', problem: 'the `IDPSSODescriptor` has no signing certificate' });
  });

  it('reads a certificate repeated in many KeyDescriptors once, wrapped or not', () => {
    const descriptor = (text: string): string =>
      `<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${text}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`;
    const wrapped = OPENSSL_RSA2048_CERTIFICATE.replace(/(.{64})/g, '$1\n');
    const parsed = parseSamlMetadata(metadata({ keyDescriptors: descriptor(wrapped) + descriptor(OPENSSL_RSA2048_CERTIFICATE).repeat(3000) }));
    assert.ok(parsed.kind === 'ok');
    assert.deepEqual(parsed.metadata.signingCertificates, [OPENSSL_RSA2048_CERTIFICATE]);
  });

  it('leaves validUntil out when the document has none', () => {
    const parsed = parseSamlMetadata(metadata({ entity: 'entityID="urn:idp"' }));
    assert.ok(parsed.kind === 'ok');
    assert.equal(parsed.metadata.entityId, 'urn:idp');
    assert.equal('validUntilMs' in parsed.metadata, false);
  });

  const refused: [string, string, RegExp][] = [
    ['a UTF-8 byte order mark', `\uFEFF${metadata()}`, /byte order mark/],
    ['a key under 1024 bits', metadata().replace(/<ds:X509Certificate>[^<]*</, `<ds:X509Certificate>${OPENSSL_RSA768_CERTIFICATE}<`), /768-bit/],
    [
      'no IDPSSODescriptor',
      metadata({ idp: '<md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"/>' }),
      /no `IDPSSODescriptor`/,
    ],
    ['another document element', metadata({ root: 'md:EntitiesDescriptor' }), /not a SAML 2.0 metadata/],
    ['no entityID', metadata({ entity: '' }), /no `entityID`/],
    ['a bad validUntil', metadata({ entity: 'entityID="x" validUntil="tomorrow"' }), /not a date/],
    ['a certificate that is not base64', metadata().replace(/<ds:X509Certificate>[^<]*</, '<ds:X509Certificate>@@@<'), /not base64/],
    ['a certificate that is not X.509', metadata().replace(/<ds:X509Certificate>[^<]*</, '<ds:X509Certificate>AAAA<'), /not an X.509/],
    // One character changed inside the public key: X.509 still parses, but reading the key threw (found by fuzzing).
    [
      'a certificate whose public key does not decode',
      metadata().replace(
        /<ds:X509Certificate>[^<]*</,
        `<ds:X509Certificate>${OPENSSL_RSA2048_CERTIFICATE.slice(0, 189)}Q${OPENSSL_RSA2048_CERTIFICATE.slice(190)}<`,
      ),
      /public key cannot be read/,
    ],
    ['not XML', 'Could not parse', /document element/],
    ['a DOCTYPE', `<!DOCTYPE x>${metadata().replace(/^<\?xml[^>]*>/, '')}`, /document type/],
  ];
  for (const [what, xml, problem] of refused) {
    it(`refuses ${what}`, () => {
      const parsed = parseSamlMetadata(xml);
      assert.equal(parsed.kind, 'error');
      if (parsed.kind === 'error') assert.match(parsed.problem, problem);
    });
  }
});
