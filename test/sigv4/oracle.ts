/**
 * Random requests signed by an independent implementation, `@smithy/signature-v4` (the JS SDK v3 signer)
 * with `@aws-crypto/sha256-js`, turned into the SignableRequest Node would hand to iamlab. The generators
 * cover what the SDKs can put on the wire: unicode, spaces and reserved characters in the path and query,
 * escapes in either hex case or escapes of characters that need none, `+` for space in the query, repeated
 * query keys and empty values, repeated headers with inner whitespace runs, header-name case, S3 and non-S3
 * services, header and presigned forms, with and without a session token.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import fc from 'fast-check';
import type { SignableRequest } from '../../src/auth/sigv4/index.js';

type Style = 0 | 1 | 2;
interface Token {
  readonly char: string;
  readonly style: Style;
}

const ASCII_SPECIALS = [...'aZ09-_.~ /?#[]@!$&\'()*+,;=%:"<>\\^`{|}'];
const CHAR = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...ASCII_SPECIALS) },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.constantFrom('é', 'ሴ', '😀', '\u00a0', '\u3000') },
);
const TEXT = fc.array(fc.record({ char: CHAR, style: fc.constantFrom<Style>(0, 1, 2) }), { maxLength: 8 });

const UNRESERVED = /^[A-Za-z0-9\-._~]$/;
const PATH_LITERAL = /^[A-Za-z0-9\-._~!$&'()*+,;=:@]$/;
const QUERY_LITERAL = /^[A-Za-z0-9\-._~!$'()*,;:@/?]$/;

/**
 * Style 0: escape what needs escaping, upper-case hex. Style 1: escape every byte, lower-case hex.
 * Style 2: leave every character the component allows as it is (and `+` for a space in the query).
 */
function wire(tokens: readonly Token[], literal: RegExp, plusForSpace: boolean): string {
  let out = '';
  for (const { char, style } of tokens) {
    if (style === 2 && plusForSpace && char === ' ') out += '+';
    else if ((style === 2 && literal.test(char)) || (style === 0 && UNRESERVED.test(char))) out += char;
    else {
      for (const byte of Buffer.from(char, 'utf8')) {
        const hex = byte.toString(16).padStart(2, '0');
        out += `%${style === 1 ? hex : hex.toUpperCase()}`;
      }
    }
  }
  return out;
}

const text = (tokens: readonly Token[]): string => tokens.map((t) => t.char).join('');

const SEGMENT_WITH_DOTS = fc.oneof(
  { weight: 6, arbitrary: TEXT.map((tokens) => wire(tokens, PATH_LITERAL, false)) },
  { weight: 1, arbitrary: fc.constantFrom('.', '..', '') },
);
const SEGMENT = TEXT.map((tokens) => wire(tokens, PATH_LITERAL, false)).filter((s) => s !== '.' && s !== '..');

const pathArb = (withDotSegments: boolean): fc.Arbitrary<string> =>
  fc
    .tuple(fc.array(withDotSegments ? SEGMENT_WITH_DOTS : SEGMENT, { maxLength: 5 }), fc.boolean())
    .map(([segments, trailing]) => `/${segments.join('/')}${trailing && segments.length > 0 ? '/' : ''}`);

interface QueryPair {
  readonly name: string;
  readonly value: string;
  readonly wire: string;
}

const QUERY_NAME = TEXT.filter((tokens) => {
  const name = text(tokens).toLowerCase();
  return !name.startsWith('x-amz-') && name !== '__proto__';
});

const queryArb = (minLength: number): fc.Arbitrary<QueryPair[]> =>
  fc
    .tuple(
      fc.array(QUERY_NAME, { minLength: 1, maxLength: 4 }),
      fc.array(fc.record({ nameIndex: fc.nat(), value: TEXT, omitEquals: fc.boolean() }), { minLength, maxLength: 6 }),
    )
    .map(([names, pairs]) =>
      pairs.map(({ nameIndex, value, omitEquals }) => {
        const nameTokens = names[nameIndex % names.length] ?? [];
        const name = text(nameTokens);
        const wireName = wire(nameTokens, QUERY_LITERAL, true);
        const wireValue = wire(value, QUERY_LITERAL, true);
        const bare = omitEquals && wireValue === '' && wireName !== '';
        return { name, value: text(value), wire: bare ? wireName : `${wireName}=${wireValue}` };
      }),
    );

interface HeaderGroup {
  readonly name: string;
  /** One entry per time the header is sent: [name as written, value]. */
  readonly sent: readonly (readonly [string, string])[];
}

const HEADER_CHARS = [...' \t !"#$%&\'()*+,-./09:;<=>?@AZ[\\]^_`az{|}~', 'é', 'ÿ', '\u00a0'];
const HEADER_VALUE = fc.string({ unit: fc.constantFrom(...HEADER_CHARS), maxLength: 12 }).map((v) => v.replace(/^[ \t]+|[ \t]+$/g, '')); // Node strips surrounding whitespace
const HEADER_NAME = fc.oneof(
  fc.stringMatching(/^x-[a-z0-9]{1,8}(-[a-z0-9]{1,5})?$/).filter((name) => !name.startsWith('x-amz')),
  fc.constantFrom('content-type', 'user-agent', 'cache-control', 'x-forwarded-for', 'content-md5'),
);
const spell = (name: string, style: number): string =>
  style === 0 ? name : style === 1 ? name.toUpperCase() : name.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase());

const headersArb = (minLength: number): fc.Arbitrary<HeaderGroup[]> =>
  fc.uniqueArray(
    fc
      .record({ name: HEADER_NAME, values: fc.array(fc.tuple(HEADER_VALUE, fc.nat(2)), { minLength: 1, maxLength: 3 }) })
      .map(({ name, values }) => ({ name, sent: values.map(([value, style]) => [spell(name, style), value] as const) })),
    { selector: (group) => group.name, minLength, maxLength: 4 },
  );

type Service = 's3' | 'sts' | 'iam' | 'ec2' | 'execute-api';

interface OracleCase {
  readonly form: 'header' | 'query';
  readonly method: string;
  readonly service: Service;
  readonly region: string;
  readonly host: string;
  readonly path: string;
  readonly query: readonly QueryPair[];
  readonly headers: readonly HeaderGroup[];
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string | undefined;
  readonly signedAtMs: number;
  readonly body: string;
  /** S3 only: sign UNSIGNED-PAYLOAD via x-amz-content-sha256 (header) / X-Amz-Content-Sha256 (query). */
  readonly unsignedPayloadMarker: boolean;
  /** Non-S3 header form: whether the signer also sends x-amz-content-sha256. */
  readonly applyChecksum: boolean;
  readonly expiresIn: number;
  readonly signingParamsFirst: boolean;
}

const SECRET = fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 40 });

export const caseArb = (
  options: { readonly dotSegments?: boolean; readonly minQuery?: number; readonly minHeaders?: number } = {},
): fc.Arbitrary<OracleCase> =>
  fc.record({
    form: fc.constantFrom<'header' | 'query'>('header', 'query'),
    method: fc.constantFrom('GET', 'PUT', 'POST', 'DELETE', 'HEAD', 'PATCH'),
    service: fc.constantFrom<Service>('s3', 'sts', 'iam', 'ec2', 'execute-api'),
    region: fc.constantFrom('us-east-1', 'eu-west-1', 'ap-southeast-2', 'local'),
    host: fc.constantFrom('example.amazonaws.com', 'localhost:4566', '127.0.0.1:8080', 's3.localhost:9000'),
    path: pathArb(options.dotSegments ?? true),
    query: queryArb(options.minQuery ?? 0),
    headers: headersArb(options.minHeaders ?? 0),
    accessKeyId: fc.stringMatching(/^(AKIA|ASIA)[A-Z0-9]{16}$/),
    secretAccessKey: SECRET,
    sessionToken: fc.option(fc.base64String({ minLength: 4, maxLength: 60 }), { nil: undefined }),
    signedAtMs: fc.integer({ min: Date.UTC(2001, 0, 1), max: Date.UTC(2099, 11, 31) }),
    body: fc.string({ maxLength: 20 }),
    unsignedPayloadMarker: fc.boolean(),
    applyChecksum: fc.boolean(),
    expiresIn: fc.integer({ min: 1, max: 604_800 }),
    signingParamsFirst: fc.boolean(),
  });

interface Signed {
  readonly request: SignableRequest;
  /** The body the request carries (hash it for payloadHashFor). */
  readonly body: string;
}

/** Signs `c` with the oracle and lays it out as received: raw target, raw header pairs. */
export async function oracleSign(c: OracleCase): Promise<Signed> {
  const isS3 = c.service === 's3';
  const signer = new SignatureV4({
    service: c.service,
    region: c.region,
    credentials: {
      accessKeyId: c.accessKeyId,
      secretAccessKey: c.secretAccessKey,
      ...(c.sessionToken === undefined ? {} : { sessionToken: c.sessionToken }),
    },
    sha256: Sha256,
    uriEscapePath: !isS3,
    applyChecksum: isS3 || c.applyChecksum,
  });
  const query: Record<string, string | string[]> = {};
  for (const { name, value } of c.query) {
    const existing = query[name];
    query[name] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  const headers: Record<string, string> = { host: c.host };
  for (const group of c.headers) headers[group.name] = group.sent.map(([, value]) => value).join(',');
  // Spelled as @aws-sdk/s3-request-presigner spells it, so presigning hoists it to that query name.
  if (isS3 && c.unsignedPayloadMarker) headers['X-Amz-Content-Sha256'] = 'UNSIGNED-PAYLOAD';
  // A body the signer cannot hash makes it sign UNSIGNED-PAYLOAD: that is how a presigned S3 URL without
  // X-Amz-Content-Sha256 is produced.
  const presignedS3Stream = c.form === 'query' && isS3 && !c.unsignedPayloadMarker;
  const toSign = {
    method: c.method,
    protocol: 'http:',
    hostname: c.host,
    path: c.path,
    query,
    headers,
    body: presignedS3Stream ? {} : c.body,
  };
  const signingDate = new Date(c.signedAtMs);

  const sentHeaders: [string, string][] = [['Host', c.host]];
  for (const group of c.headers) for (const pair of group.sent) sentHeaders.push([pair[0], pair[1]]);
  const pieces = c.query.map((pair) => pair.wire);

  if (c.form === 'header') {
    const signed = (await signer.sign(toSign as never, { signingDate })) as unknown as { headers: Record<string, string> };
    for (const [name, value] of Object.entries(signed.headers)) {
      if (name !== 'host' && !c.headers.some((group) => group.name === name)) sentHeaders.push([spell(name, 2), value]);
    }
    return { request: { method: c.method, rawTarget: target(c.path, pieces), headers: sentHeaders }, body: c.body };
  }

  const presigned = (await signer.presign(toSign, { signingDate, expiresIn: c.expiresIn })) as {
    query: Record<string, string | string[]>;
  };
  const signing = Object.entries(presigned.query)
    .filter(([name]) => name.startsWith('X-Amz-'))
    .map(([name, value]) => `${name}=${encodeURIComponent(String(value))}`);
  const all = c.signingParamsFirst ? [...signing, ...pieces] : [...pieces, ...signing];
  return { request: { method: c.method, rawTarget: target(c.path, all), headers: sentHeaders }, body: presignedS3Stream ? '' : c.body };
}

function target(path: string, pieces: readonly string[]): string {
  return pieces.length === 0 ? path : `${path}?${pieces.join('&')}`;
}
