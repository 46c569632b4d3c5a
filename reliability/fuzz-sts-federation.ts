/**
 * The fuzzer's STS federation requests: AssumeRoleWithWebIdentity and AssumeRoleWithSAML, unsigned as their
 * callers send them, with hostile tokens and assertions (hostile-jwt.ts, hostile-saml.ts) or odd values the
 * lab's own issuers signed (so that they reach the checks after the signature); GetWebIdentityToken and
 * AssumeRoot, signed, with odd parameters.
 */
import type { FederationLab } from './federation-lab.js';
import { GITHUB_ISSUER, OIDC_CLIENT, OIDC_ISSUER, SAML_PROVIDER, SPARE_SAML_PROVIDER } from './federation-lab.js';
import type { Pairs } from './federation-values.js';
import { maybe, odd, oddDuration, policy, queryRequest } from './federation-values.js';
import type { FuzzRequest } from './fuzz-wire.js';
import { hostileClaims, hostileJwt } from './hostile-jwt.js';
import { hostileAssertionRequest, hostileSamlAssertion } from './hostile-saml.js';
import type { Random } from './lab-process.js';

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

export async function stsFederationRequest(r: Random, fed: FederationLab): Promise<FuzzRequest> {
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
