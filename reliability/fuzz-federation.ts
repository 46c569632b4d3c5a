/**
 * The fuzzer's requests to the federation surfaces (issue #16), each with what its answer must be:
 * - `federation`: AssumeRoleWithWebIdentity and AssumeRoleWithSAML, unsigned as their callers send them, with
 *   hostile tokens and assertions (hostile-jwt.ts, hostile-saml.ts) or odd values the lab's issuers signed;
 *   GetWebIdentityToken and AssumeRoot, signed, with odd parameters;
 * - `providers`: IAM's OIDC and SAML provider operations with odd URLs, thumbprints, client ids and metadata
 *   documents, outbound federation, organizations root access, delegation requests;
 * - `federation-admin`: `/_iamlab/oidc/*`, `/_iamlab/saml/*`, `/_iamlab/tasks`, `/_iamlab/pod-identity-associations`;
 * - `agents`: the ECS agent and the EKS Pod Identity Agent with odd paths, methods and tokens.
 * The genuine providers, roles, task and pod of federation-lab.ts are never deleted: what must keep working.
 */
import type { FederationLab } from './federation-lab.js';
import { GITHUB_ISSUER, OIDC_CLIENT, OIDC_ISSUER, SAML_PROVIDER, SPARE_OIDC_URL, SPARE_SAML_PROVIDER } from './federation-lab.js';
import { queryCodes } from './fuzz-expect.js';
import type { Family, FuzzRequest } from './fuzz-wire.js';
import { FORM_TYPE, enc, form, sign } from './fuzz-wire.js';
import { hostileClaims, hostileJwt, nestedJson } from './hostile-jwt.js';
import { hostileAssertionRequest, hostileMetadata, hostileSamlAssertion } from './hostile-saml.js';
import type { Random } from './lab-process.js';

type FederationFamily = Extract<Family, 'federation' | 'providers' | 'federation-admin' | 'agents'>;

type Pairs = [string, string][];

const ODD = ['', ' ', 'a\u0000b', 'a\u0001b', '\ud800', '\uffff', '😀', 'x'.repeat(2049), '%00', '*', '<x>&amp;', 'a\r\nb', '-1', '1e309', 'NaN'];

const odd = (r: Random): string => r.pick(ODD);
const maybe = (r: Random, p: number, good: string, bad: () => string): string => (r.chance(p) ? bad() : good);

function oddDuration(r: Random): string {
  return r.pick(['900', '899', '3600', '43200', '43201', '129600', '0', '-1', 'abc', '1e3', '3600.5', '99999999999999999999', '']);
}

function policy(r: Random): string {
  return r.pick([
    JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }),
    JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'x'.repeat(3000) }] }),
    '{',
    'null',
    nestedJson(3000, 'array'),
    '',
  ]);
}

/** The signed query request, or an unsigned one (`unsigned`) as federation callers send it. */
async function queryRequest(
  fed: FederationLab,
  family: FederationFamily,
  service: 'sts' | 'iam',
  operation: string,
  pairs: Pairs,
  r: Random,
  unsigned = false,
): Promise<FuzzRequest> {
  const all: Pairs = [['Action', operation], ['Version', service === 'sts' ? '2011-06-15' : '2010-05-08'], ...pairs];
  // Now and then a required parameter goes missing, or one comes twice.
  if (r.chance(0.05)) all.splice(2 + r.int(Math.max(1, all.length - 2)), 1);
  if (r.chance(0.03) && all.length > 2) all.push(all[2 + r.int(all.length - 2)] ?? ['x', 'y']);
  const body = form(all);
  const expect = { kind: 'query', operation, codes: queryCodes(service, operation) } as const;
  if (unsigned) {
    const headers: [string, string][] = [['content-type', FORM_TYPE]];
    if (r.chance(0.1)) headers.push(['authorization', r.pick(['', 'AWS4-HMAC-SHA256 garbage', 'Bearer x'])]);
    if (r.chance(0.05)) headers.push(['x-amz-security-token', r.pick(['', 'garbage'])]);
    return { family, method: 'POST', target: '/', headers, body: Buffer.from(body), expect };
  }
  const headers = await sign(service, 'POST', '/', {}, { 'content-type': FORM_TYPE }, body, fed.lab.port);
  return { family, method: 'POST', target: '/', headers: Object.entries(headers), body: Buffer.from(body), expect };
}

async function webIdentityToken(r: Random, fed: FederationLab): Promise<string> {
  if (r.chance(0.25)) {
    // Odd claims the lab's issuer signs: they reach the checks after the signature.
    const issuer = r.chance(0.8) ? OIDC_ISSUER : 'github';
    const base = {
      iss: issuer === 'github' ? GITHUB_ISSUER : OIDC_ISSUER,
      sub: 'fuzz-sub',
      aud: issuer === 'github' ? 'sts.amazonaws.com' : OIDC_CLIENT,
    };
    const claims = hostileClaims(r, base, fed.nowSeconds);
    const signed = await fed.mint({
      issuer,
      sub: 'fuzz-sub',
      ...(issuer === 'github' ? {} : { aud: OIDC_CLIENT }),
      claims,
      ...(r.chance(0.3) ? { alg: r.pick(['ES256', 'ES384', 'ES512', 'RS512']) } : {}),
    });
    if (signed !== undefined) return signed;
  }
  return hostileJwt(r, fed.jwtSeeds, fed.nowSeconds);
}

async function samlAssertion(r: Random, fed: FederationLab): Promise<string> {
  if (r.chance(0.25)) {
    const signed = await fed.assertion(hostileAssertionRequest(r, fed.samlProviderArn, fed.samlRoleArn));
    if (signed !== undefined) return signed;
  }
  return hostileSamlAssertion(r, fed.samlSeeds);
}

function roleArn(r: Random, fed: FederationLab, good: string): string {
  return maybe(r, 0.15, good, () =>
    r.pick([
      `arn:aws:iam::${fed.account}:role/fuzz-nope`,
      'arn:aws:iam::999999999999:role/fuzz-web-role',
      fed.samlRoleArn,
      fed.webRoleArn,
      `arn:aws:iam::${fed.account}:role/github`.replace('github', 'fuzz-github-role'),
      `arn:aws:iam::${fed.account}:role/${'a'.repeat(600)}`,
      `arn:aws:iam::${fed.account}:user/fuzz`,
      'arn:aws:iam:::role/x',
      'arn:',
      odd(r),
    ]),
  );
}

async function federationRequest(r: Random, fed: FederationLab): Promise<FuzzRequest> {
  const family = 'federation';
  const extras = (pairs: Pairs): Pairs => {
    if (r.chance(0.1)) pairs.push(['DurationSeconds', oddDuration(r)]);
    if (r.chance(0.05)) pairs.push(['Policy', policy(r)]);
    if (r.chance(0.05)) pairs.push(['PolicyArns.member.1.arn', r.pick(['arn:aws:iam::aws:policy/ReadOnlyAccess', 'nope', odd(r)])]);
    return pairs;
  };
  switch (r.int(8)) {
    case 0:
    case 1:
    case 2: {
      const pairs: Pairs = [
        ['RoleArn', roleArn(r, fed, r.chance(0.9) ? fed.webRoleArn : `arn:aws:iam::${fed.account}:role/fuzz-github-role`)],
        ['RoleSessionName', maybe(r, 0.1, 'fuzz-session', () => r.pick(['', 'a', 'x'.repeat(65), 'a b', 'a\u0000b', 'ok@name=,.']))],
        ['WebIdentityToken', await webIdentityToken(r, fed)],
      ];
      if (r.chance(0.05)) pairs.push(['ProviderId', r.pick(['www.amazon.com', 'graph.facebook.com', '', odd(r)])]);
      return queryRequest(fed, family, 'sts', 'AssumeRoleWithWebIdentity', extras(pairs), r, r.chance(0.85));
    }
    case 3:
    case 4:
    case 5: {
      const pairs: Pairs = [
        ['RoleArn', roleArn(r, fed, fed.samlRoleArn)],
        [
          'PrincipalArn',
          maybe(r, 0.15, fed.samlProviderArn, () =>
            r.pick([
              fed.samlProviderArnOf(SPARE_SAML_PROVIDER),
              fed.samlProviderArnOf('nope'),
              fed.oidcProviderArnOf(OIDC_ISSUER),
              `arn:aws:iam::999999999999:saml-provider/${SAML_PROVIDER}`,
              odd(r),
            ]),
          ),
        ],
        ['SAMLAssertion', await samlAssertion(r, fed)],
      ];
      return queryRequest(fed, family, 'sts', 'AssumeRoleWithSAML', extras(pairs), r, r.chance(0.85));
    }
    case 6: {
      const pairs: Pairs = [];
      for (let i = 1, n = r.pick([0, 1, 1, 2, 10, 11]); i <= n; i++) pairs.push([`Audience.member.${i}`, maybe(r, 0.2, `aud-${i}`, () => odd(r))]);
      pairs.push([
        'SigningAlgorithm',
        maybe(r, 0.2, r.pick(['RS256', 'ES384']), () => r.pick(['HS256', 'none', 'rs256', 'ES256', 'RS2566', '', odd(r)])),
      ]);
      if (r.chance(0.4)) pairs.push(['DurationSeconds', r.pick(['60', '59', '300', '3600', '3601', '0', '-1', 'abc'])]);
      for (let i = 1, n = r.chance(0.3) ? r.pick([1, 2, 50, 51]) : 0; i <= n; i++) {
        pairs.push([`Tags.member.${i}.Key`, maybe(r, 0.2, `k${i % 3}`, () => odd(r))], [`Tags.member.${i}.Value`, maybe(r, 0.2, 'v', () => odd(r))]);
      }
      return queryRequest(fed, family, 'sts', 'GetWebIdentityToken', pairs, r);
    }
    default: {
      const pairs: Pairs = [
        [
          'TargetPrincipal',
          r.pick([
            fed.account,
            '999999999999',
            `arn:aws:iam::${fed.account}:root`,
            `arn:aws:iam::${fed.account}:user/x`,
            'arn:aws:iam::1:root',
            odd(r),
          ]),
        ],
        [
          'TaskPolicyArn.arn',
          r.pick(['arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials', 'arn:aws:iam::aws:policy/ReadOnlyAccess', odd(r)]),
        ],
      ];
      if (r.chance(0.3)) pairs.push(['DurationSeconds', r.pick(['900', '901', '0', '-1', 'abc'])]);
      return queryRequest(fed, family, 'sts', 'AssumeRoot', pairs, r);
    }
  }
}

const OIDC_URLS = [
  'https://fuzz-a.example.com',
  'https://fuzz-b.example.com/path',
  'https://fuzz-b.example.com/path/',
  'https://FUZZ-A.example.com',
  'https://fuzz-c.example.com:8443',
  'https://',
  'http://fuzz-d.example.com',
  'https://fuzz e.example.com',
  'https://fuzz-f.example.com?x=1',
  'https://fuzz-g.example.com#f',
  'https://user:pw@fuzz-h.example.com',
  'https://[::1]',
  'https://fuzz-i.example.com:99999',
  `https://${'a'.repeat(300)}.example.com`,
  'https://ä.example.com',
  'https://%00.example.com',
  'HTTPS://fuzz-j.example.com',
  'https://fuzz-k.example.com/../x',
  'https:///x',
  'https://a.tokens.sts.global.api.aws',
  'fuzz-l.example.com',
  '',
];

function oidcArn(r: Random, fed: FederationLab, mayBePrimary: boolean): string {
  return r.pick([
    fed.oidcProviderArnOf(r.pick(OIDC_URLS)),
    fed.oidcProviderArnOf(SPARE_OIDC_URL),
    ...(mayBePrimary ? [fed.oidcProviderArnOf(OIDC_ISSUER), fed.oidcProviderArnOf(GITHUB_ISSUER)] : []),
    `arn:aws:iam::${fed.account}:oidc-provider/`,
    'arn:aws:iam::999999999999:oidc-provider/spare.example.com',
    `arn:aws:iam::${fed.account}:saml-provider/${SAML_PROVIDER}`,
    odd(r),
  ]);
}

function samlArn(r: Random, fed: FederationLab, mayBePrimary: boolean): string {
  return r.pick([
    fed.samlProviderArnOf(`fuzz-s${r.int(6)}`),
    fed.samlProviderArnOf(SPARE_SAML_PROVIDER),
    ...(mayBePrimary ? [fed.samlProviderArn] : []),
    fed.samlProviderArnOf(odd(r)),
    'arn:aws:iam::999999999999:saml-provider/fuzz-idp',
    fed.oidcProviderArnOf(SPARE_OIDC_URL),
    odd(r),
  ]);
}

function list(r: Random, name: string, values: () => string, sizes: readonly number[]): Pairs {
  return Array.from({ length: r.pick(sizes) }, (_, i): [string, string] => [`${name}.member.${i + 1}`, values()]);
}

function tags(r: Random): Pairs {
  return Array.from({ length: r.pick([0, 0, 1, 2, 51]) }, (_, i): [string, string][] => [
    [`Tags.member.${i + 1}.Key`, maybe(r, 0.2, `k${i}`, () => odd(r))],
    [`Tags.member.${i + 1}.Value`, maybe(r, 0.2, 'v', () => odd(r))],
  ]).flat();
}

function thumbprint(r: Random): string {
  return maybe(r, 0.4, 'b'.repeat(40), () => r.pick(['b'.repeat(39), 'b'.repeat(41), 'g'.repeat(40), 'B'.repeat(40), '', odd(r)]));
}

function privateKey(r: Random, fed: FederationLab): string {
  return r.pick([
    fed.privateKeyPem,
    '',
    'garbage',
    '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n',
    fed.privateKeyPem.replace(/A/g, 'B'),
    odd(r),
  ]);
}

async function providersRequest(r: Random, fed: FederationLab): Promise<FuzzRequest> {
  const op = (name: string, pairs: Pairs): Promise<FuzzRequest> => queryRequest(fed, 'providers', 'iam', name, pairs, r);
  switch (r.int(22)) {
    case 0:
    case 1:
      return op('CreateOpenIDConnectProvider', [
        ['Url', r.pick(OIDC_URLS)],
        ...list(
          r,
          'ClientIDList',
          () => maybe(r, 0.2, `client-${r.int(4)}`, () => r.pick(['', 'x'.repeat(255), 'x'.repeat(256), odd(r)])),
          [0, 1, 2, 101],
        ),
        ...list(r, 'ThumbprintList', () => thumbprint(r), [0, 1, 5, 6]),
        ...tags(r),
      ]);
    case 2:
      return op(r.pick(['GetOpenIDConnectProvider', 'ListOpenIDConnectProviderTags']), [['OpenIDConnectProviderArn', oidcArn(r, fed, true)]]);
    case 3:
      return op('DeleteOpenIDConnectProvider', [['OpenIDConnectProviderArn', oidcArn(r, fed, false)]]);
    case 4:
      return op(r.pick(['AddClientIDToOpenIDConnectProvider', 'RemoveClientIDFromOpenIDConnectProvider']), [
        ['OpenIDConnectProviderArn', oidcArn(r, fed, false)],
        ['ClientID', maybe(r, 0.3, 'spare', () => r.pick(['', 'x'.repeat(256), odd(r)]))],
      ]);
    case 5:
      return op('UpdateOpenIDConnectProviderThumbprint', [
        ['OpenIDConnectProviderArn', oidcArn(r, fed, true)],
        ...list(r, 'ThumbprintList', () => thumbprint(r), [0, 1, 5, 6]),
      ]);
    case 6:
      return op(r.pick(['TagOpenIDConnectProvider', 'UntagOpenIDConnectProvider']), [
        ['OpenIDConnectProviderArn', oidcArn(r, fed, true)],
        ...tags(r),
        ...list(r, 'TagKeys', () => maybe(r, 0.3, 'k0', () => odd(r)), [0, 1, 51]),
      ]);
    case 7:
      return op(r.pick(['ListOpenIDConnectProviders', 'ListSAMLProviders']), r.chance(0.2) ? [['MaxItems', odd(r)]] : []);
    case 8:
    case 9:
    case 10: {
      const pairs: Pairs = [
        ['Name', maybe(r, 0.2, `fuzz-s${r.int(6)}`, () => r.pick(['', 'a'.repeat(129), 'a b', 'a/b', odd(r)]))],
        ['SAMLMetadataDocument', hostileMetadata(r, fed.saml.metadata)],
        ...tags(r),
      ];
      if (r.chance(0.2)) pairs.push(['AssertionEncryptionMode', r.pick(['Allowed', 'Required', 'required', '', odd(r)])]);
      if (r.chance(0.1)) pairs.push(['AddPrivateKey', privateKey(r, fed)]);
      return op('CreateSAMLProvider', pairs);
    }
    case 11:
    case 12: {
      const pairs: Pairs = [['SAMLProviderArn', samlArn(r, fed, false)]];
      if (r.chance(0.8)) pairs.push(['SAMLMetadataDocument', hostileMetadata(r, fed.saml.metadata)]);
      if (r.chance(0.2)) pairs.push(['AssertionEncryptionMode', r.pick(['Allowed', 'Required', odd(r)])]);
      if (r.chance(0.2)) pairs.push(['AddPrivateKey', privateKey(r, fed)]);
      if (r.chance(0.2)) pairs.push(['RemovePrivateKey', r.pick(['A'.repeat(26), '', odd(r)])]);
      return op('UpdateSAMLProvider', pairs);
    }
    case 13:
      return op(r.pick(['GetSAMLProvider', 'ListSAMLProviderTags']), [['SAMLProviderArn', samlArn(r, fed, true)]]);
    case 14:
      return op('DeleteSAMLProvider', [['SAMLProviderArn', samlArn(r, fed, false)]]);
    case 15:
      return op(r.pick(['TagSAMLProvider', 'UntagSAMLProvider']), [
        ['SAMLProviderArn', samlArn(r, fed, true)],
        ...tags(r),
        ...list(r, 'TagKeys', () => maybe(r, 0.3, 'k0', () => odd(r)), [0, 1, 51]),
      ]);
    case 16:
    case 17:
      return op(
        r.pick([
          'EnableOutboundWebIdentityFederation',
          'GetOutboundWebIdentityFederationInfo',
          'GetOutboundWebIdentityFederationInfo',
          'DisableOutboundWebIdentityFederation',
        ]),
        [],
      );
    case 18:
      return op(
        r.pick([
          'EnableOrganizationsRootCredentialsManagement',
          'DisableOrganizationsRootCredentialsManagement',
          'EnableOrganizationsRootSessions',
          'DisableOrganizationsRootSessions',
          'ListOrganizationsFeatures',
        ]),
        [],
      );
    case 19:
      return op(
        r.pick([
          'GetDelegationRequest',
          'AcceptDelegationRequest',
          'RejectDelegationRequest',
          'AssociateDelegationRequest',
          'UpdateDelegationRequest',
          'SendDelegationToken',
        ]),
        [['DelegationRequestId', r.pick(['d-1234567890', '', odd(r)])]],
      );
    case 20:
      return op(
        'ListDelegationRequests',
        r.chance(0.5)
          ? [
              ['Marker', odd(r)],
              ['MaxItems', r.pick(['1', '0', '1001', odd(r)])],
            ]
          : [],
      );
    default:
      return op('CreateDelegationRequest', [
        ['Description', odd(r)],
        ['Permissions.PolicyTemplateArn', odd(r)],
        ['RequestMessage', odd(r)],
      ]);
  }
}

const admin = (family: FederationFamily, method: string, target: string, body: string, headers: [string, string][] = []): FuzzRequest => ({
  family,
  method,
  target,
  headers: [['content-type', 'application/json'], ...headers],
  body: Buffer.from(body),
  expect: { kind: 'admin-json' },
});

function oddJson(r: Random): string {
  return r.pick([
    '',
    '{',
    '[]',
    'null',
    '"x"',
    '1',
    '{"a":1,}',
    nestedJson(r.pick([100, 10_000]), 'array'),
    `{"a":${nestedJson(5000, 'object')}}`,
    '\uFEFF{}',
    '{"__proto__":{"x":1}}',
  ]);
}

function tokenBody(r: Random, fed: FederationLab): string {
  if (r.chance(0.15)) return oddJson(r);
  const body: Record<string, unknown> = { issuer: r.pick([OIDC_ISSUER, 'github', 'eks']), sub: 'fuzz-sub', aud: OIDC_CLIENT };
  for (let n = 1 + r.int(2); n > 0; n--) {
    const field = r.pick(['issuer', 'sub', 'aud', 'claims', 'expiresIn', 'alg', 'region']);
    body[field] = r.pick<unknown>(
      field === 'issuer'
        ? [
            'https://fuzz-a.example.com',
            'http://x',
            'https://',
            'https://a b',
            'https://x?y',
            `https://${'a'.repeat(300)}`,
            'https://user:pw@x',
            'https://x.tokens.sts.global.api.aws',
            'gitlab',
            '',
            1,
            null,
          ]
        : field === 'claims'
          ? [
              hostileClaims(r, { iss: OIDC_ISSUER, sub: 'fuzz-sub', aud: OIDC_CLIENT }, fed.nowSeconds),
              [],
              'x',
              null,
              { exp: 1e300 },
              { exp: -1e300 },
              { iat: 'x' },
            ]
          : field === 'expiresIn'
            ? [0, 1, -1, 1.5, 1e300, 31_622_401, '15m', '1h', '-1h', '1e9', 'abc', '', null, [], '100000d']
            : field === 'alg'
              ? ['RS256', 'ES512', 'HS256', 'none', '', 1, null]
              : field === 'region'
                ? ['us-east-1', 'mars-1', '', 'a'.repeat(200), 1, null]
                : ['', 'x'.repeat(5000), 1, null, [], ['a', 1], {}, 'a\u0000b', '\ud800'],
    );
  }
  return JSON.stringify(body);
}

function containerBody(r: Random, fed: FederationLab, pod: boolean): string {
  if (r.chance(0.15)) return oddJson(r);
  const roleArn = `arn:aws:iam::${fed.account}:role/${pod ? 'fuzz-pod-role' : 'fuzz-ecs-role'}`;
  const body: Record<string, unknown> = { roleArn };
  const fields = pod
    ? ['roleArn', 'clusterName', 'namespace', 'serviceAccount', 'podName', 'region', 'bogus']
    : ['roleArn', 'cluster', 'region', 'bogus'];
  for (let n = 1 + r.int(3); n > 0; n--) {
    body[r.pick(fields)] = r.pick<unknown>([
      '',
      'ok-name',
      'UPPER',
      'a'.repeat(300),
      'a.b',
      '-a',
      'us-east-1',
      'mars-1',
      `arn:aws:iam::${fed.account}:role/nope`,
      'arn:aws:iam::999999999999:role/x',
      1,
      null,
      [],
      odd(r),
    ]);
  }
  return JSON.stringify(body);
}

function federationAdminRequest(r: Random, fed: FederationLab): FuzzRequest {
  const family = 'federation-admin';
  const issuerPath = OIDC_ISSUER.slice('https://'.length);
  switch (r.int(9)) {
    case 0:
      return admin(
        family,
        r.pick(['GET', 'GET', 'GET', 'POST', 'DELETE', 'HEAD']),
        r.pick([
          `/_iamlab/oidc/${issuerPath}/.well-known/openid-configuration`,
          `/_iamlab/oidc/${issuerPath}/.well-known/jwks.json`,
          '/_iamlab/oidc/token.actions.githubusercontent.com/.well-known/jwks.json',
          '/_iamlab/oidc/nope.example.com/.well-known/jwks.json',
          '/_iamlab/oidc/%ff/.well-known/jwks.json',
          '/_iamlab/oidc/%00/.well-known/openid-configuration',
          '/_iamlab/oidc//.well-known/jwks.json',
          '/_iamlab/oidc/.well-known/jwks.json',
          `/_iamlab/oidc/${'a'.repeat(8000)}/.well-known/jwks.json`,
          `/_iamlab/oidc/${issuerPath}/.well-known/jwks.json?x=%ff`,
          `/_iamlab/oidc/${issuerPath}/../../health/.well-known/jwks.json`,
          '/_iamlab/oidc/issuers',
          '/_iamlab/oidc/issuers/',
          '/_iamlab/oidc/',
          '/_iamlab/oidc',
          '/_iamlab/oidc/%ff',
        ]),
        '',
        r.chance(0.2) ? [['host', r.pick(['evil.example', '', '[::1]:1', 'a'.repeat(500), 'x"y'])]] : [],
      );
    case 1:
    case 2:
      return admin(
        family,
        r.chance(0.9) ? 'POST' : r.pick(['GET', 'PUT']),
        r.pick(['/_iamlab/oidc/token', '/_iamlab/oidc/token/', '/_iamlab/oidc/token?x=1']),
        tokenBody(r, fed),
      );
    case 3:
      return admin(
        family,
        r.pick(['GET', 'GET', 'POST', 'PUT']),
        r.pick([
          '/_iamlab/saml/metadata',
          '/_iamlab/saml/metadata?format=json',
          '/_iamlab/saml/metadata?format=%ff',
          '/_iamlab/saml',
          '/_iamlab/saml/',
          '/_iamlab/saml/%ff',
          '/_iamlab/samlx',
        ]),
        '',
      );
    case 4:
    case 5:
      return admin(
        family,
        r.chance(0.9) ? 'POST' : 'GET',
        '/_iamlab/saml/assertion',
        r.chance(0.15) ? oddJson(r) : JSON.stringify(hostileAssertionRequest(r, fed.samlProviderArn, fed.samlRoleArn)),
      );
    default: {
      const pod = r.chance(0.5);
      const prefix = pod ? '/_iamlab/pod-identity-associations' : '/_iamlab/tasks';
      const real = pod ? fed.pod?.id : fed.task?.id;
      const id = r.pick(['nope', '%ff', '%00', '..%2f..%2fhealth', 'a'.repeat(3000), enc(odd(r)), '', real ?? 'x']);
      const method = r.pick(['GET', 'GET', 'POST', 'POST', 'DELETE', 'PUT', 'PATCH']);
      // The genuine task and pod are only ever read: they must keep working.
      const target = r.chance(0.5)
        ? r.pick([prefix, `${prefix}/`, `${prefix}?x=1`])
        : `${prefix}/${method === 'DELETE' && id === real ? 'nope' : id}`;
      return admin(family, method, target, method === 'POST' ? containerBody(r, fed, pod) : '');
    }
  }
}

function agentsRequest(r: Random, fed: FederationLab): FuzzRequest {
  const family = 'agents';
  const method = r.chance(0.85) ? 'GET' : r.pick(['POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS']);
  const headers: [string, string][] = [];
  if (r.chance(0.5)) {
    const task = fed.task;
    const id = task?.credentialsId ?? 'x';
    const target = r.pick([
      `/_iamlab/ecs-agent/v2/credentials/${id}`,
      `/_iamlab/ecs-agent/v2/credentials/${id}`,
      `/_iamlab/ecs-agent/v1/credentials?id=${id}`,
      `/_iamlab/ecs-agent/v2/credentials/${id}/extra`,
      `/_iamlab/ecs-agent/v2/credentials/${id}?x=%ff`,
      '/_iamlab/ecs-agent/v2/credentials/',
      '/_iamlab/ecs-agent/v2/credentials',
      '/_iamlab/ecs-agent/v1/credentials',
      '/_iamlab/ecs-agent/v1/credentials?id=',
      '/_iamlab/ecs-agent/v1/credentials?id=%ff&id=x',
      '/_iamlab/ecs-agent/v2/credentials/%ff',
      '/_iamlab/ecs-agent/v2/credentials/%00',
      `/_iamlab/ecs-agent/v2/credentials/${'a'.repeat(5000)}`,
      '/_iamlab/ecs-agent',
      '/_iamlab/ecs-agent/',
      '/_iamlab/ecs-agent/v3/metadata',
      '/_iamlab/ecs-agent/../health',
      '/_iamlab/ecs-agentx',
    ]);
    const token = task?.token ?? '';
    if (r.chance(0.9))
      headers.push([
        'authorization',
        r.pick([token, token, `${token} `, `Bearer ${token}`, token.slice(1), '', 'x'.repeat(8000), fed.pod?.token ?? 'y']),
      ]);
    if (r.chance(0.2)) headers.push(['authorization', token]);
    return {
      family,
      method,
      target,
      headers,
      body: Buffer.alloc(0),
      expect: { kind: target.startsWith('/_iamlab/ecs-agentx') ? 'admin-json' : 'ecs-agent' },
    };
  }
  const token = fed.pod?.token ?? '';
  const target = r.pick([
    '/_iamlab/eks-pod-identity-agent/v1/credentials',
    '/_iamlab/eks-pod-identity-agent/v1/credentials',
    '/_iamlab/eks-pod-identity-agent/v1/credentials?x=1',
    '/_iamlab/eks-pod-identity-agent/v1/credentials/',
    '/_iamlab/eks-pod-identity-agent/',
    '/_iamlab/eks-pod-identity-agent',
    '/_iamlab/eks-pod-identity-agent/v1/%ff',
  ]);
  if (r.chance(0.9)) {
    headers.push([
      'authorization',
      r.pick([
        token,
        token,
        `Bearer ${token}`,
        `bearer ${token}`,
        '',
        ' ',
        hostileJwt(r, { tokens: [token], publicJwks: [] }, fed.nowSeconds),
        fed.task?.token ?? 'x',
        'a.b.c',
      ]),
    ]);
  }
  return { family, method, target, headers, body: Buffer.alloc(0), expect: { kind: 'pod-agent' } };
}

export async function makeFederationRequest(r: Random, family: FederationFamily, fed: FederationLab): Promise<FuzzRequest> {
  await fed.refresh();
  switch (family) {
    case 'federation':
      return federationRequest(r, fed);
    case 'providers':
      return providersRequest(r, fed);
    case 'federation-admin':
      return federationAdminRequest(r, fed);
    case 'agents':
      return agentsRequest(r, fed);
  }
}
