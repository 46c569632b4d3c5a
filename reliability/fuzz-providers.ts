/**
 * The fuzzer's IAM provider requests: OIDC and SAML providers with odd URLs, thumbprints, client ids, tags and
 * metadata documents (hostile-saml.ts), outbound web identity federation, organizations root access and
 * delegation requests. The genuine providers of federation-lab.ts are never deleted nor given new metadata.
 */
import type { FederationLab } from './federation-lab.js';
import { GITHUB_ISSUER, OIDC_ISSUER, SAML_PROVIDER, SPARE_OIDC_URL, SPARE_SAML_PROVIDER } from './federation-lab.js';
import { list, maybe, odd, queryRequest, tags } from './federation-values.js';
import type { Pairs } from './federation-values.js';
import type { FuzzRequest } from './fuzz-wire.js';
import { hostileMetadata } from './hostile-saml.js';
import type { Random } from './lab-process.js';

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

export async function providersRequest(r: Random, fed: FederationLab): Promise<FuzzRequest> {
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
