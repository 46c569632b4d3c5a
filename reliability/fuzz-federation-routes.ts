/**
 * The fuzzer's requests to the federation routes of the admin API — `/_iamlab/oidc/*`, `/_iamlab/saml/*`,
 * `/_iamlab/tasks`, `/_iamlab/pod-identity-associations` — and to the two container credential agents, with odd
 * paths, methods, bodies and tokens. The genuine task and pod of federation-lab.ts are only ever read.
 */
import type { FederationLab } from './federation-lab.js';
import { OIDC_CLIENT, OIDC_ISSUER } from './federation-lab.js';
import type { FederationFamily } from './federation-values.js';
import { odd } from './federation-values.js';
import type { FuzzRequest } from './fuzz-wire.js';
import { enc } from './fuzz-wire.js';
import { hostileClaims, hostileJwt, nestedJson } from './hostile-jwt.js';
import { hostileAssertionRequest } from './hostile-saml.js';
import type { Random } from './lab-process.js';

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

export function federationAdminRequest(r: Random, fed: FederationLab): FuzzRequest {
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

export function agentsRequest(r: Random, fed: FederationLab): FuzzRequest {
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
