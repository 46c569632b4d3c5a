/**
 * SAML responses for AssumeRoleWithSAML: what the lab IdP builds verifies and reads back exactly, and the
 * corpus of bad responses — tampering, signature wrapping (XSW), missing or foreign signatures, the 2018
 * comment-truncation trick, XXE payloads, BOMs and oversized input — fails with the kind the STS maps to
 * AWS's error (aws-federation.md §3.4, §3.8).
 */
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  AWS_PRINCIPAL_TAG_ATTRIBUTE_PREFIX,
  AWS_ROLE_ATTRIBUTE,
  AWS_ROLE_SESSION_NAME_ATTRIBUTE,
  AWS_SAML_ENDPOINT,
  AWS_SESSION_DURATION_ATTRIBUTE,
  AWS_SOURCE_IDENTITY_ATTRIBUTE,
  AWS_TRANSITIVE_TAG_KEYS_ATTRIBUTE,
  awsSamlAttributes,
} from '../../src/federation/saml/aws-saml-attributes.js';
import { UNSPECIFIED_NAMEID_FORMAT } from '../../src/federation/saml/read-saml-assertion.js';
import { buildIdpMetadata, MIN_METADATA_LENGTH } from '../../src/federation/saml/build-idp-metadata.js';
import type { SamlResponseInput } from '../../src/federation/saml/build-saml-response.js';
import { buildSamlResponse } from '../../src/federation/saml/build-saml-response.js';
import { NAMEID_PERSISTENT } from '../../src/federation/saml/saml-namespaces.js';
import { parseSamlMetadata } from '../../src/federation/saml/saml-metadata.js';
import { signEnveloped } from '../../src/federation/saml/sign-enveloped.js';
import { selfSignedCertificate } from '../../src/federation/saml/self-signed-certificate.js';
import type { SamlResponseVerification } from '../../src/federation/saml/verify-saml-response.js';
import { MAX_SAML_RESPONSE_LENGTH, verifySamlResponse } from '../../src/federation/saml/verify-saml-response.js';
import { javaAvailable, runJava } from './java-xmldsig.js';
import { testKey } from './saml-keys.js';

const T0 = Date.UTC(2025, 5, 1, 12, 0, 0);
const ROLE = 'arn:aws:iam::123456789012:role/SamlRole';
const PROVIDER = 'arn:aws:iam::123456789012:saml-provider/LabIdP';
const ISSUER = 'https://idp.iamlab.local/saml';

function input(over: Partial<SamlResponseInput> = {}): SamlResponseInput {
  return {
    issuer: ISSUER,
    responseId: '_r0123456789abcdef',
    assertionId: '_a0123456789abcdef',
    issueInstantMs: T0,
    nameId: 'alice@example.com',
    nameIdFormat: NAMEID_PERSISTENT,
    recipient: AWS_SAML_ENDPOINT,
    audiences: [AWS_SAML_ENDPOINT],
    subjectNotOnOrAfterMs: T0 + 300_000,
    notBeforeMs: T0 - 5_000,
    notOnOrAfterMs: T0 + 300_000,
    sessionNotOnOrAfterMs: T0 + 8 * 3600_000,
    attributes: [
      ...awsSamlAttributes({
        roles: [{ roleArn: ROLE, providerArn: PROVIDER }],
        roleSessionName: 'alice',
        sessionDurationSeconds: 1800,
        sourceIdentity: 'alice-src',
        principalTags: { team: 'blue & green', cost: '42' },
        transitiveTagKeys: ['team'],
      }),
      { name: 'urn:oid:2.5.4.3', values: ['Alice <A.> Example'] },
      { name: 'groups', values: ['admins', 'devs'] },
    ],
    ...over,
  };
}

const build = (over: Partial<SamlResponseInput> = {}, signer = 'idp'): string => buildSamlResponse(input(over), testKey(signer));
const b64 = (xml: string): string => Buffer.from(xml, 'utf8').toString('base64');
const verify = (xml: string, ...signers: string[]): SamlResponseVerification =>
  verifySamlResponse(
    b64(xml),
    (signers.length === 0 ? ['idp'] : signers).map((s) => testKey(s).certificate),
  );

/** Signs a whole response text (the Signature after the Response's Issuer) with the IdP's key. */
const signResponse = (response: string): string =>
  signEnveloped(response, response.indexOf('</saml:Issuer>') + '</saml:Issuer>'.length, testKey('idp'));

/** The `<saml:Assertion …>…</saml:Assertion>` text of a response. */
const assertionOf = (xml: string): string => xml.slice(xml.indexOf('<saml:Assertion'), xml.indexOf('</saml:Assertion>') + '</saml:Assertion>'.length);
const withoutSignature = (xml: string): string => xml.replace(/<ds:Signature[\s\S]*?<\/ds:Signature>/, '');

function expectKind(result: SamlResponseVerification, kind: SamlResponseVerification['kind'], problem?: RegExp): void {
  assert.equal(result.kind, kind, result.kind === 'ok' ? 'verified' : `${result.kind}: ${result.problem}`);
  if (problem !== undefined && result.kind !== 'ok') assert.match(result.problem, problem);
}

describe('verifySamlResponse on what the lab IdP builds', () => {
  it('names the attributes as AWS does (aws-federation.md §3.5)', () => {
    assert.deepEqual(
      [
        AWS_ROLE_ATTRIBUTE,
        AWS_ROLE_SESSION_NAME_ATTRIBUTE,
        AWS_SESSION_DURATION_ATTRIBUTE,
        AWS_SOURCE_IDENTITY_ATTRIBUTE,
        AWS_PRINCIPAL_TAG_ATTRIBUTE_PREFIX,
        AWS_TRANSITIVE_TAG_KEYS_ATTRIBUTE,
      ],
      ['Role', 'RoleSessionName', 'SessionDuration', 'SourceIdentity', 'PrincipalTag:', 'TransitiveTagKeys'].map(
        (n) => `https://aws.amazon.com/SAML/Attributes/${n}`,
      ),
    );
  });

  it('returns every fact of the signed assertion', () => {
    const result = verify(build());
    assert.ok(result.kind === 'ok', result.kind === 'ok' ? '' : result.problem);
    const { attributes, ...facts } = result.response;
    assert.deepEqual(facts, {
      assertionId: '_a0123456789abcdef',
      issuer: ISSUER,
      issueInstantMs: T0,
      nameId: 'alice@example.com',
      nameIdFormat: NAMEID_PERSISTENT,
      recipient: AWS_SAML_ENDPOINT,
      subjectNotOnOrAfterMs: T0 + 300_000,
      notBeforeMs: T0 - 5_000,
      notOnOrAfterMs: T0 + 300_000,
      audiences: [AWS_SAML_ENDPOINT],
      sessionNotOnOrAfterMs: T0 + 8 * 3600_000,
      signed: 'assertion',
      certificateIndex: 0,
    });
    assert.deepEqual(Object.fromEntries(attributes), {
      [AWS_ROLE_ATTRIBUTE]: [`${ROLE},${PROVIDER}`],
      [AWS_ROLE_SESSION_NAME_ATTRIBUTE]: ['alice'],
      [AWS_SESSION_DURATION_ATTRIBUTE]: ['1800'],
      [AWS_SOURCE_IDENTITY_ATTRIBUTE]: ['alice-src'],
      [`${AWS_PRINCIPAL_TAG_ATTRIBUTE_PREFIX}team`]: ['blue & green'],
      [`${AWS_PRINCIPAL_TAG_ATTRIBUTE_PREFIX}cost`]: ['42'],
      [AWS_TRANSITIVE_TAG_KEYS_ATTRIBUTE]: ['team'],
      'urn:oid:2.5.4.3': ['Alice <A.> Example'],
      groups: ['admins', 'devs'],
    });
  });

  it('accepts a signed response, a signed assertion, or both, with RSA-SHA256 or RSA-SHA1', () => {
    const cases: [Partial<SamlResponseInput>, string][] = [
      [{ signResponse: true }, 'both'],
      [{ signResponse: true, signAssertion: false }, 'response'],
      [{}, 'assertion'],
    ];
    for (const [over, signed] of cases) {
      const result = verify(build(over));
      assert.ok(result.kind === 'ok', result.kind === 'ok' ? '' : result.problem);
      assert.equal(result.response.signed, signed);
    }
    const sha1 = verifySamlResponse(b64(buildSamlResponse(input(), testKey('idp'), { hash: 'sha1' })), [testKey('idp').certificate]);
    expectKind(sha1, 'ok');
  });

  it('says which of several certificates verified', () => {
    const result = verify(build(), 'other', 'idp');
    assert.ok(result.kind === 'ok');
    assert.equal(result.response.certificateIndex, 1);
  });

  it('merges Attributes of the same Name and defaults an absent NameID Format to unspecified', () => {
    const attributes = [
      { name: 'g', values: ['1'] },
      { name: 'g', values: ['2', '3'] },
    ];
    const unsigned = build({ attributes, signAssertion: false }).replace(` Format="${NAMEID_PERSISTENT}"`, '');
    const result = verify(signResponse(unsigned));
    assert.ok(result.kind === 'ok', result.kind === 'ok' ? '' : result.problem);
    assert.deepEqual(result.response.attributes.get('g'), ['1', '2', '3']);
    assert.equal(result.response.nameIdFormat, UNSPECIFIED_NAMEID_FORMAT);
  });

  it('is verified by the JDK too, response and assertion signatures alike', (t) => {
    if (!javaAvailable()) return t.skip('no java');
    const xml = build({ signResponse: true });
    assert.equal(runJava(['verify', '{r.xml}', '{cert}'], { 'r.xml': xml, cert: testKey('idp').certificate }).trim(), 'valid');
    assert.match(runJava(['verify', '{r.xml}', '{cert}'], { 'r.xml': xml, cert: testKey('other').certificate }), /^invalid/);
  });
});

describe('verifySamlResponse refuses', () => {
  const good = (): string => build();

  it('a tampered attribute value', () => {
    expectKind(verify(good().replace(`${ROLE},`, 'arn:aws:iam::123456789012:role/Admin,')), 'bad-signature', /digest does not match/);
  });

  it('a tampered NameID', () => {
    expectKind(verify(good().replace('>alice@example.com<', '>admin@example.com<')), 'bad-signature', /digest does not match/);
  });

  it('a tampered response when the response is signed, even with a good assertion signature', () => {
    const xml = build({ signResponse: true }).replace('Destination="https://signin.aws.amazon.com/saml"', 'Destination="https://evil.example"');
    expectKind(verify(xml), 'bad-signature', /^response: the digest/);
  });

  it('a removed signature', () => {
    expectKind(verify(withoutSignature(good())), 'bad-signature', /neither the response nor the assertion is signed/);
  });

  it('a signature by another key, whose certificate is in KeyInfo (KeyInfo is never trusted)', () => {
    expectKind(verify(build({}, 'attacker')), 'bad-signature', /any trusted certificate/);
  });

  it('a signature by an untrusted key on the response beside a good one on the assertion', () => {
    const assertion = assertionOf(good());
    const forged = build({ signResponse: true }, 'attacker').replace(assertionOf(build({}, 'attacker')), assertion);
    expectKind(verify(forged), 'bad-signature', /^response:/);
  });

  describe('signature wrapping', () => {
    const evil = (xml: string): string =>
      withoutSignature(assertionOf(xml)).replace('>alice@example.com<', '>admin@example.com<').replace('ID="_a0123456789abcdef"', 'ID="_evil"');

    it('XSW: a second, unsigned Assertion before the signed one', () => {
      const xml = good();
      expectKind(verify(xml.replace('<saml:Assertion', `${evil(xml)}<saml:Assertion`)), 'bad-signature', /2 assertions/);
    });

    it('XSW: a second, unsigned Assertion after the signed one', () => {
      const xml = good();
      expectKind(verify(xml.replace('</samlp:Response>', `${evil(xml)}</samlp:Response>`)), 'bad-signature', /2 assertions/);
    });

    it('XSW: the signed Assertion moved into samlp:Extensions, an unsigned one in its place', () => {
      const xml = good();
      const signed = assertionOf(xml);
      const moved = xml.replace(signed, evil(xml)).replace('<samlp:Status>', `<samlp:Extensions>${signed}</samlp:Extensions><samlp:Status>`);
      expectKind(verify(moved), 'bad-signature', /neither/);
    });

    it('XSW: the signed Assertion moved into a ds:Object of a Signature on the Response', () => {
      const xml = good();
      const signed = assertionOf(xml);
      const signature = signed.slice(signed.indexOf('<ds:Signature'), signed.indexOf('</ds:Signature>'));
      const wrapper = `${signature}<ds:Object>${signed}</ds:Object></ds:Signature>`;
      const moved = xml.replace(signed, evil(xml)).replace('<samlp:Status>', `${wrapper}<samlp:Status>`);
      expectKind(verify(moved), 'bad-signature', /^response:/);
    });

    it('XSW: an unsigned Assertion with the signed one’s ID, the signed one hidden in Extensions (duplicate IDs)', () => {
      const xml = good();
      const signed = assertionOf(xml);
      const twin = evil(xml).replace('ID="_evil"', 'ID="_a0123456789abcdef"');
      const moved = xml.replace(signed, twin).replace('<samlp:Status>', `<samlp:Extensions>${signed}</samlp:Extensions><samlp:Status>`);
      expectKind(verify(moved), 'bad-signature', /neither/);
      // …and with the genuine signature copied into the twin, the duplicate ID is what stops it.
      const signature = signed.slice(signed.indexOf('<ds:Signature'), signed.indexOf('</ds:Signature>') + '</ds:Signature>'.length);
      const armed = moved.replace(twin, twin.replace('</saml:Issuer>', `</saml:Issuer>${signature}`));
      expectKind(verify(armed), 'bad-signature', /appears more than once/);
    });

    it('XSW: the genuine signature inside an evil Assertion with a new ID, the signed one hidden', () => {
      const xml = good();
      const signed = assertionOf(xml);
      const signature = signed.slice(signed.indexOf('<ds:Signature'), signed.indexOf('</ds:Signature>') + '</ds:Signature>'.length);
      const armed = evil(xml).replace('</saml:Issuer>', `</saml:Issuer>${signature}`);
      const moved = xml.replace(signed, armed).replace('<samlp:Status>', `<samlp:Extensions>${signed}</samlp:Extensions><samlp:Status>`);
      expectKind(verify(moved), 'bad-signature', /does not name the element/);
    });

    it('XSW: a signed Response whose Assertion was swapped after signing', () => {
      const xml = build({ signResponse: true, signAssertion: false });
      const swapped = xml.replace(assertionOf(xml), evil(xml).replace('ID="_evil"', 'ID="_a0123456789abcdef"'));
      expectKind(verify(swapped), 'bad-signature', /^response: the digest/);
    });
  });

  it('nothing of the 2018 comment trick: a comment inside a signed NameID does not cut its text', () => {
    const xml = build({ nameId: 'user@evil.com.attacker.com' }).replace('user@evil.com.attacker.com', 'user@evil.com<!---->.attacker.com');
    // Exclusive C14N without comments drops the comment, so the signature still verifies; the NameID is the whole text.
    const result = verify(xml);
    assert.ok(result.kind === 'ok', result.kind === 'ok' ? '' : result.problem);
    assert.equal(result.response.nameId, 'user@evil.com.attacker.com');
  });

  it('a DOCTYPE with an external entity (XXE) and an entity-expansion bomb', () => {
    const xml = good();
    expectKind(verify(`<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>${xml}`), 'not-xml', /document type/);
    expectKind(verify(`<!DOCTYPE r [<!ENTITY a "${'a'.repeat(100)}"><!ENTITY b "&a;&a;&a;&a;">]>${xml}`), 'not-xml', /document type/);
    expectKind(verify(xml.replace('>alice@example.com<', '>&x;<')), 'not-xml', /undefined entity/);
  });

  it('a byte order mark, bytes that are not UTF-8, and text that is not XML', () => {
    expectKind(verify(`\uFEFF${good()}`), 'not-xml', /byte order mark/);
    expectKind(verifySamlResponse(Buffer.from([0x3c, 0xff, 0xfe, 0x3e]).toString('base64'), []), 'not-xml', /UTF-8/);
    expectKind(verify('hello'), 'not-xml');
  });

  it('input that is not base64, and input beyond the 100,000-character limit', () => {
    expectKind(verifySamlResponse('not base64!', []), 'not-base64');
    expectKind(verifySamlResponse('A'.repeat(MAX_SAML_RESPONSE_LENGTH + 4), []), 'too-large');
    assert.equal(MAX_SAML_RESPONSE_LENGTH, 100_000);
    expectKind(
      verify(`<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">${'<a>'.repeat(40)}${'</a>'.repeat(40)}</samlp:Response>`),
      'not-xml',
      /deeper/,
    );
  });

  it('another document, a failed status, no assertion, an encrypted assertion', () => {
    expectKind(verify(assertionOf(good())), 'not-a-response');
    expectKind(verify(good().replace(':status:Success', ':status:Requester')), 'not-success', /Requester/);
    const noAssertion = good().replace(assertionOf(good()), '');
    expectKind(verify(noAssertion), 'no-assertion');
    expectKind(
      verify(
        noAssertion.replace(
          '</samlp:Response>',
          '<saml:EncryptedAssertion><xenc:EncryptedData xmlns:xenc="http://www.w3.org/2001/04/xmlenc#"/></saml:EncryptedAssertion></samlp:Response>',
        ),
      ),
      'encrypted-assertion',
    );
  });

  it('a signed assertion without a NameID, or without Recipient on its SubjectConfirmationData', () => {
    // Built unsigned, edited, then signed as a whole response: the signature is good, the content is not.
    const resign = (edit: (xml: string) => string): string => signResponse(edit(build({ signAssertion: false })));
    expectKind(verify(resign((x) => x.replace(/<saml:NameID[^>]*>[^<]*<\/saml:NameID>/, ''))), 'no-subject');
    expectKind(verify(resign((x) => x.replace(` Recipient="${AWS_SAML_ENDPOINT}"`, ''))), 'invalid-assertion', /both `NotOnOrAfter` and `Recipient`/);
    expectKind(
      verify(
        resign((x) =>
          x.replace(
            '<saml:SubjectConfirmation ',
            '<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="2030-01-01T00:00:00Z" Recipient="x"/></saml:SubjectConfirmation><saml:SubjectConfirmation ',
          ),
        ),
      ),
      'invalid-assertion',
      /exactly one `SubjectConfirmation`/,
    );
    expectKind(
      verify(resign((x) => x.replace(/IssueInstant="[^"]*" Version="2.0">/, 'IssueInstant="yesterday" Version="2.0">'))),
      'invalid-assertion',
      /IssueInstant/,
    );
  });
});

describe('lab IdP metadata and certificate', () => {
  it('builds metadata IAM accepts, at least 1000 characters long, naming the certificate that verifies its responses', () => {
    const key = testKey('idp');
    const xml = buildIdpMetadata({
      entityId: ISSUER,
      certificate: key.certificate,
      singleSignOnUrl: 'http://127.0.0.1:4566/_iamlab/saml/sso',
      nameIdFormats: [NAMEID_PERSISTENT],
    });
    assert.ok(xml.length >= MIN_METADATA_LENGTH, `${xml.length} characters`);
    const parsed = parseSamlMetadata(xml);
    assert.ok(parsed.kind === 'ok', parsed.kind === 'ok' ? '' : parsed.problem);
    assert.deepEqual(parsed.metadata, { entityId: ISSUER, signingCertificates: [key.certificate] });
    expectKind(verifySamlResponse(b64(build()), parsed.metadata.signingCertificates), 'ok');
  });

  it('makes X.509 v3 certificates that node:crypto reads and whose signature checks with the key', () => {
    const key = testKey('idp');
    const certificate = new X509Certificate(Buffer.from(key.certificate, 'base64'));
    assert.equal(certificate.subject, 'CN=idp');
    assert.equal(certificate.issuer, 'CN=idp');
    assert.equal(certificate.publicKey.asymmetricKeyDetails?.modulusLength, 2048);
    assert.equal(certificate.verify(certificate.publicKey), true);
    assert.equal(certificate.verify(new X509Certificate(Buffer.from(testKey('other').certificate, 'base64')).publicKey), false);
    assert.equal(new Date(certificate.validTo).getTime(), Date.UTC(2074, 0, 1));
    // From 2050 on X.509 writes GeneralizedTime; before, UTCTime (RFC 5280 §4.1.2.5): both read back.
    const early = selfSignedCertificate({
      privateKey: key.privateKey,
      commonName: 'ünïcode idp',
      serialNumber: Buffer.from([0xff, 0x01]),
      notBeforeMs: Date.UTC(1999, 11, 31, 23, 59, 59),
      notAfterMs: Date.UTC(2049, 11, 31),
    });
    const parsed = new X509Certificate(Buffer.from(early, 'base64'));
    assert.equal(parsed.subject, 'CN=ünïcode idp');
    assert.equal(new Date(parsed.validFrom).getTime(), Date.UTC(1999, 11, 31, 23, 59, 59));
    assert.equal(parsed.serialNumber, 'FF01');
  });
});
