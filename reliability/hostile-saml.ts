/**
 * Hostile SAML for the fuzzer: `SAMLAssertion` values that are not base64, base64 of what is not XML, XML the
 * strict reader must refuse (DOCTYPE and entity bombs, deep nesting, namespace declarations by the thousand,
 * huge attributes), SAML shapes AWS refuses, and a response the lab's IdP really signed with bytes flipped,
 * a comment in its NameID or its signature wrapped (XSW). The same kinds of documents serve as provider
 * metadata for CreateSAMLProvider and UpdateSAMLProvider, and `hostileAssertionRequest` asks the lab's IdP to
 * sign odd values so that they reach the checks after the signature.
 */
import { OPENSSL_RSA768_CERTIFICATE } from '../test/federation/saml-fixtures.js';
import type { Random } from './lab-process.js';

/** What the lab gave at the start: Responses its IdP signed (base64) and its metadata document. */
export interface SamlSeeds {
  readonly responses: readonly string[];
  readonly metadata: string;
}

const SAMLP = 'urn:oasis:names:tc:SAML:2.0:protocol';
const SAML = 'urn:oasis:names:tc:SAML:2.0:assertion';
const DS = 'http://www.w3.org/2000/09/xmldsig#';
const SUCCESS = '<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>';

/** AssumeRoleWithSAML's and the fuzz's ceiling for a `SAMLAssertion` (aws-federation.md §3.3). */
const MAX_ASSERTION_CHARS = 100_000;

const b64 = (text: string | Buffer): string => Buffer.from(text).toString('base64');
const response = (inner: string, attributes = ''): string =>
  `<samlp:Response xmlns:samlp="${SAMLP}" xmlns:saml="${SAML}" ID="_r" Version="2.0"${attributes}>${inner}</samlp:Response>`;

/** The most repetitions of `unit` (inside `wrap`) whose base64 stays within `limit` characters. */
function fill(wrap: (body: string) => string, unit: string, limit = MAX_ASSERTION_CHARS): string {
  const room = Math.floor((limit / 4) * 3) - Buffer.byteLength(wrap(''));
  return wrap(unit.repeat(Math.max(0, Math.floor(room / Buffer.byteLength(unit)))));
}

/** XML (or almost XML) the reader must refuse or SAML must reject, sized for a 100,000-character assertion. */
function hostileXml(r: Random, root: 'response' | 'metadata', limit = MAX_ASSERTION_CHARS): string {
  const open =
    root === 'response'
      ? `<samlp:Response xmlns:samlp="${SAMLP}" Version="2.0">`
      : '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x">';
  const close = root === 'response' ? '</samlp:Response>' : '</md:EntityDescriptor>';
  const wrap = (body: string): string => `${open}${body}${close}`;
  switch (r.int(24)) {
    case 0:
      return `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>${wrap('&lol3;')}`;
    case 1:
      return `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${wrap('&xxe;')}`;
    case 2:
      return `<!DOCTYPE r [<!ENTITY % p SYSTEM "http://127.0.0.1:1/x.dtd"> %p;]>${wrap('')}`;
    case 3:
      return (
        r.pick([
          '<?xml version="1.0" encoding="UTF-16"?>',
          '<?xml version="1.1"?>',
          '<?xml-stylesheet href="x"?>',
          '\uFEFF',
          '<?xml?>',
          '<?xml version="1.0"',
        ]) + wrap('')
      );
    case 4:
      return fill((body) => body, '<a>', limit);
    case 5:
      return wrap('<a>'.repeat(r.pick([30, 31, 32, 33, 63, 64, 65])) + 'x');
    case 6:
      return fill(wrap, r.pick(['<x/>', '<x a="1"/>', 'a<!---->', '<![CDATA[a]]>', '&amp;', '&#x41;', '<!-- c -->']), limit);
    case 7:
      // Namespace declarations by the thousand, nested, then many elements under them: cost must stay linear.
      return fill(
        (body) =>
          Array.from({ length: 30 }, (_, d) => `<n${d} ${Array.from({ length: 40 }, (_, i) => `xmlns:p${d}x${i}="urn:${i}"`).join(' ')}>`).join('') +
          body,
        '<y xmlns:q="urn:q" q:a="1"/>',
        limit,
      );
    case 8:
      return wrap(`<x a="${'v'.repeat(Math.floor(limit * 0.7))}"/>`);
    case 9:
      return wrap(`<x ${Array.from({ length: r.pick([255, 256, 257, 300]) }, (_, i) => `a${i}="1"`).join(' ')}/>`);
    case 10:
      return wrap(
        r.pick([
          '<x a="1" a="2"/>',
          '<x xmlns:a="u" xmlns:b="u" a:x="1" b:x="2"/>',
          '<u:x/>',
          '<x u:a="1"/>',
          '<x xmlns:xml="urn:bad"/>',
          '<x xmlns:p=""/>',
          '<x xmlns:xmlns="u"/>',
          '<x xmlns="http://www.w3.org/2000/xmlns/"/>',
        ]),
      );
    case 11:
      return wrap(r.pick(['&#0;', '&#xD800;', '&#x110000;', '&#99999999;', '&#x;', '&#;', '&nbsp;', '&amp', '& ', '&#x1F600;', '&#65;&#x42;']));
    case 12:
      return wrap(
        r.pick([
          '<!-- a -- b -->',
          '<!-- a --->',
          '<!--',
          '<![CDATA[',
          ']]>',
          '<?pi x?>',
          '<!ELEMENT x ANY>',
          '<x>',
          '</y>',
          '<x></X>',
          '<1x/>',
          '<x:y:z/>',
          '<:x/>',
        ]),
      );
    case 13:
      return `${wrap('')}${r.pick(['<x/>', 'text', '<!DOCTYPE x>', '<?pi?>'])}`;
    case 14:
      return wrap(`a${r.pick(['\u0000', '\u0001', '\u001f', '\ufffe', '\uffff', '\ud800', '\r', '\r\n'])}b`);
    case 15:
      return response(`${SUCCESS}<saml:EncryptedAssertion><x/></saml:EncryptedAssertion>`);
    case 16:
      return response(
        `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:${r.pick(['Requester', 'Responder', 'Success '])}"/></samlp:Status>`,
      );
    case 17:
      return response(`${SUCCESS}<saml:Assertion ID="_a" Version="2.0"/><saml:Assertion ID="_b" Version="2.0"/>`);
    case 18:
      return response(
        `${SUCCESS}<saml:Assertion ID="_a" Version="2.0" IssueInstant="2030-01-01T00:00:00Z"><saml:Issuer>x</saml:Issuer></saml:Assertion>`,
      );
    case 19:
      return response(
        `${SUCCESS}<saml:Assertion ID="_a" Version="2.0"><ds:Signature xmlns:ds="${DS}"><ds:SignedInfo>` +
          r.pick([
            '',
            '<ds:CanonicalizationMethod Algorithm="http://www.w3.org/TR/2001/REC-xml-c14n-20010315"/>',
            `<ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/><ds:SignatureMethod Algorithm="http://www.w3.org/2000/09/xmldsig#hmac-sha1"/><ds:Reference URI="#_a"/>`,
            `<ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/><ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/><ds:Reference URI="#_a"><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/><ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/></ds:Transforms><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue>AAAA</ds:DigestValue></ds:Reference>`,
          ]) +
          `</ds:SignedInfo><ds:SignatureValue>${r.pick(['', 'AAAA', '!!!', 'A'.repeat(344)])}</ds:SignatureValue></ds:Signature></saml:Assertion>`,
      );
    case 20:
      return r.pick(['', ' ', 'not xml', '{"json":true}', '<', '<>', '<a', '<a/', '<a></a', 'null']);
    case 21:
      return fill(wrap, `<x>${'&amp;'.repeat(50)}</x>`, limit);
    case 22:
      return fill(wrap, '&', limit);
    default:
      return `${'\n'.repeat(1000)}${wrap('<x/>')}`;
  }
}

/** A byte of the text flipped (which may well make it invalid UTF-8). */
function flipByte(r: Random, bytes: Buffer): Buffer {
  const copy = Buffer.from(bytes);
  if (copy.length === 0) return copy;
  const at = r.int(copy.length);
  copy[at] = (copy[at] ?? 0) ^ (1 << r.int(8));
  return copy;
}

/** A real signed Response, changed where a signature must catch it (or must not be fooled). */
function tamperedResponse(r: Random, xml: string): string {
  const assertion = /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(xml)?.[0] ?? '';
  const evil = assertion.replace(/(<saml:NameID[^>]*>)[^<]*/, '$1evil-admin').replace(/<ds:Signature[\s\S]*<\/ds:Signature>/, '');
  switch (r.int(16)) {
    case 0:
      return xml.replace(/(<saml:NameID[^>]*>)([^<]*)/, `$1$2<!---->${r.pick(['.evil.example', '', 'x'])}`);
    case 1:
      return xml.replace(/(<saml:NameID[^>]*>)([^<]*)/, '$1evil-admin');
    case 2:
      return xml.replace(/<ds:Signature[\s\S]*?<\/ds:Signature>/, '');
    case 3:
      // XSW: the signed assertion hidden in Extensions, an unsigned copy with the same ID where it is read.
      return xml.replace(assertion, `<samlp:Extensions>${assertion}</samlp:Extensions>${evil}`);
    case 4:
      return xml.replace(assertion, `${evil}${assertion}`);
    case 5:
      return xml.replace(assertion, `${assertion}${evil}`);
    case 6:
      // XSW: the evil assertion inside the signature's Object.
      return xml.replace('</ds:Signature>', `<ds:Object>${evil}</ds:Object></ds:Signature>`);
    case 7:
      return xml.replace(/NotOnOrAfter="[^"]*"/g, 'NotOnOrAfter="2999-01-01T00:00:00Z"');
    case 8:
      return xml.replace(/Recipient="[^"]*"/, `Recipient="${r.pick(['https://evil.example/saml', '', 'https://signin.aws.amazon.com/saml '])}"`);
    case 9:
      return xml.replace(/URI="#[^"]*"/, `URI="${r.pick(['', '#', '#_other', 'http://x/#a'])}"`);
    case 10:
      return xml.replace(
        /Algorithm="http:\/\/www\.w3\.org\/2001\/04\/xmldsig-more#rsa-sha256"/,
        'Algorithm="http://www.w3.org/2000/09/xmldsig#rsa-sha1"',
      );
    case 11:
      return `<!DOCTYPE r [<!ENTITY e "x">]>${xml}`;
    case 12:
      return xml.replace(/(<saml:Issuer>)[^<]*/g, '$1https://evil.example/idp');
    case 13:
      return xml.replace(
        /<ds:SignatureValue>([\s\S]*?)<\/ds:SignatureValue>/,
        (_, value: string) => `<ds:SignatureValue>${value.split('').reverse().join('')}</ds:SignatureValue>`,
      );
    case 14:
      return xml.replace(
        /<saml:AttributeValue([^>]*)>([^<]*)/g,
        `<saml:AttributeValue$1>$2${r.pick(['', ',arn:aws:iam::123456789012:role/admin', '<!--c-->'])}`,
      );
    default:
      return xml.slice(0, r.int(xml.length));
  }
}

/** A `SAMLAssertion` value. */
export function hostileSamlAssertion(r: Random, seeds: SamlSeeds): string {
  const real = seeds.responses.length > 0 ? r.pick(seeds.responses) : b64(response(SUCCESS));
  const xml = Buffer.from(real, 'base64').toString('utf8');
  switch (r.int(10)) {
    case 0:
      return r.pick([
        '',
        '!!!!',
        'A',
        'AAA',
        'AA=A',
        'A===',
        `${real}=`,
        `${real.slice(0, -1)}`,
        real.replace(/\+/g, '-').replace(/\//g, '_'),
        ` ${real} `,
        real.replace(/(.{76})/g, '$1\r\n'),
        real.replace(/(.{64})/g, '$1\t'),
        'A'.repeat(MAX_ASSERTION_CHARS),
        'A'.repeat(MAX_ASSERTION_CHARS + 1),
        ' '.repeat(MAX_ASSERTION_CHARS),
        `${'A'.repeat(MAX_ASSERTION_CHARS - 1)}!`,
        '\u0000AAA',
        'QUFB\u00a0QUFB',
      ]);
    case 1:
      return b64(
        r.pick([
          Buffer.from([0xff, 0xfe, 0x3c, 0x00]),
          Buffer.from([0xc3, 0x28]),
          Buffer.alloc(1000, 0x80),
          Buffer.from('{"not":"xml"}'),
          Buffer.alloc(0),
        ]),
      );
    case 2:
    case 3:
    case 4:
      return b64(hostileXml(r, 'response'));
    case 5:
    case 6:
    case 7:
      return b64(tamperedResponse(r, xml));
    case 8:
      return b64(flipByte(r, Buffer.from(xml)));
    default:
      return real;
  }
}

/** A `SAMLMetadataDocument` for CreateSAMLProvider or UpdateSAMLProvider. */
export function hostileMetadata(r: Random, metadata: string): string {
  const certificate = /<ds:X509Certificate>([\s\S]*?)<\/ds:X509Certificate>/.exec(metadata)?.[1] ?? '';
  const withCertificate = (text: string): string => metadata.replace(certificate, text);
  switch (r.int(16)) {
    case 0:
    case 1:
      return hostileXml(r, 'metadata', r.chance(0.05) ? 1_000_000 : 100_000);
    case 2:
      return withCertificate(
        r.pick([
          '',
          '!!!!',
          'AAAA',
          Buffer.from('not a certificate').toString('base64'),
          OPENSSL_RSA768_CERTIFICATE,
          `${certificate}<!--c-->`,
          certificate.replace(/\n/g, '\r\n'),
        ]),
      );
    case 3:
      return metadata.replace(/<md:IDPSSODescriptor[\s\S]*<\/md:IDPSSODescriptor>/, '');
    case 4:
      return metadata.replace(/(<md:IDPSSODescriptor[\s\S]*<\/md:IDPSSODescriptor>)/, '$1$1');
    case 5:
      return metadata.replace(
        /protocolSupportEnumeration="[^"]*"/,
        r.pick(['', 'protocolSupportEnumeration=""', 'protocolSupportEnumeration="urn:x"']),
      );
    case 6:
      return metadata.replace(
        'entityID="',
        `validUntil="${r.pick(['2030-02-30T00:00:00Z', '99999-01-01T00:00:00Z', '275760-09-13T00:00:01Z', '0000-01-01T00:00:00Z', 'never', '2030-01-01T24:00:00Z', '-2030-01-01T00:00:00Z', '2030-01-01T00:00:00+99:99'])}" entityID="`,
      );
    case 7:
      return metadata.replace(/entityID="[^"]*"/, `entityID="${r.pick(['', 'x'.repeat(1025), 'x'.repeat(1024), '&#1;', '&lt;evil&gt;', ' '])}"`);
    case 8:
      return metadata.replace('use="signing"', r.pick(['use="encryption"', 'use="both"', 'use=""', '']));
    case 9: {
      const descriptor = /<md:KeyDescriptor[\s\S]*?<\/md:KeyDescriptor>/.exec(metadata)?.[0] ?? '';
      return metadata.replace(descriptor, descriptor.repeat(r.pick([2, 100, 1000])));
    }
    case 10:
      return `\uFEFF${metadata}`;
    case 11:
      return metadata.replace('<?xml version="1.0" encoding="UTF-8"?>', r.pick(['<?xml version="1.0" encoding="ISO-8859-1"?>', '<!DOCTYPE x>', '']));
    case 12:
      return metadata.slice(0, r.int(metadata.length));
    case 13: {
      const bytes = Buffer.from(metadata);
      const at = r.int(bytes.length);
      bytes[at] = (bytes[at] ?? 0) ^ (1 << r.int(8));
      return bytes.toString('utf8');
    }
    case 14:
      return metadata
        .replace('<md:EntityDescriptor', '<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"><md:EntityDescriptor')
        .replace(/<\/md:EntityDescriptor>\s*$/, '</md:EntityDescriptor></md:EntitiesDescriptor>');
    default:
      return metadata;
  }
}

/** A body for `POST /_iamlab/saml/assertion`: mostly the real provider and role, with odd values elsewhere. */
export function hostileAssertionRequest(r: Random, providerArn: string, roleArn: string): unknown {
  const odd = (): unknown => r.pick<unknown>(['', ' ', 'a\u0000b', '\ud800', 'x'.repeat(5000), '😀', '<x>&', 1, null, [], {}, true, 1e308, -1, 1.5]);
  const request: Record<string, unknown> = { provider: providerArn, role: roleArn, subject: 'fuzz-user' };
  for (let n = 1 + r.int(3); n > 0; n--) {
    const field = r.pick([
      'provider',
      'role',
      'subject',
      'subjectFormat',
      'sessionName',
      'attributes',
      'sessionDuration',
      'expiresIn',
      'audience',
      'recipient',
      'signResponse',
      'extra',
    ]);
    switch (field) {
      case 'attributes':
        request[field] = r.pick<unknown>([
          { 'PrincipalTag:team': 'blue' },
          { 'PrincipalTag:': 'x' },
          { 'PrincipalTag:a\u0001': 'x' },
          { [`PrincipalTag:${'k'.repeat(200)}`]: 'v' },
          Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`PrincipalTag:k${i}`, `v${i}`])),
          { TransitiveTagKeys: ['team', 'missing'], 'PrincipalTag:team': 'x' },
          { SourceIdentity: r.pick(['aws:x', 'a', 'ok-id', 'a b']) },
          { RoleSessionName: r.pick(['a', 'x'.repeat(65), 'ok-name', '']) },
          { SessionDuration: r.pick(['900', '0', '-5', '1e9', 'abc', '43201']) },
          { Role: [`${roleArn},${providerArn}`, 'x,y'] },
          { Role: 'garbage' },
          { __proto__: 'x' },
          { x: [1, 2] },
          'attributes',
          [],
        ]);
        break;
      case 'sessionDuration':
      case 'expiresIn':
        request[field] = r.pick<unknown>([0, -1, 1, 300, 86_400, 86_401, 1e15, 1e300, 8.64e15, 2 ** 53, 1.5, '300', null]);
        break;
      case 'signResponse':
        request[field] = r.pick<unknown>([true, false, 'yes', 1]);
        break;
      case 'sessionName':
        request[field] = r.chance(0.3) ? null : odd();
        break;
      case 'subjectFormat':
        request[field] = r.pick<unknown>(['persistent', 'transient', 'emailAddress', 'urn:x:y', 'bogus', '', odd()]);
        break;
      default:
        request[field] = odd();
    }
  }
  return request;
}
