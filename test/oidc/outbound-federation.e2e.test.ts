/**
 * Outbound web identity federation with the real JS SDK (aws-federation.md §6): IAM Enable/Disable/Get…Info per
 * account, STS GetWebIdentityToken authorized by the caller's policies and their condition keys, the token's
 * claims, and its verification the way an outside service does it — the account issuer's discovery document and
 * JWKS as the lab serves them, checked by the lab's verifier and by WebCrypto.
 */
import assert from 'node:assert/strict';
import { webcrypto } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  CreateOpenIDConnectProviderCommand,
  DisableOutboundWebIdentityFederationCommand,
  EnableOutboundWebIdentityFederationCommand,
  GetOutboundWebIdentityFederationInfoCommand,
  PutRolePolicyCommand,
  TagRoleCommand,
  TagUserCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleWithWebIdentityCommand, GetWebIdentityTokenCommand, type GetWebIdentityTokenCommandInput } from '@aws-sdk/client-sts';
import type { Jwk, JwkSet } from '../../src/federation/jwt/jwk.js';
import { parseJwt, type ParsedJwt } from '../../src/federation/jwt/parse-jwt.js';
import { verifyJwt } from '../../src/federation/jwt/verify-jwt.js';
import { ACCOUNT, allow, failure, policy, StsLab, trust, type Keys } from '../sts/sts-lab.js';

const ISSUER = /^https:\/\/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\.tokens\.sts\.global\.api\.aws$/;
const NAMESPACE = 'https://sts.amazonaws.com/';
const AUDIENCE = 'https://api.example.com';

function parsed(jwt: string): ParsedJwt {
  const outcome = parseJwt(jwt);
  if (outcome.kind === 'malformed') assert.fail(outcome.problem);
  return outcome;
}

describe('outbound web identity federation', () => {
  let s: StsLab;
  let alice: Keys & { arn: string };
  let issuer = '';

  /** What an external service does with the token: discovery → jwks_uri → key by kid → signature. */
  async function verifyAsOutsider(jwt: string): Promise<Record<string, unknown>> {
    const token = parsed(jwt);
    const iss = token.payload['iss'] as string;
    const discovery = (await (
      await fetch(`${s.lab.endpoint}/_iamlab/oidc/${iss.slice('https://'.length)}/.well-known/openid-configuration`)
    ).json()) as Record<string, unknown>;
    assert.equal(discovery['issuer'], iss);
    assert.deepEqual(discovery['id_token_signing_alg_values_supported'], ['RS256', 'ES384']);
    const jwks = (await (await fetch(discovery['jwks_uri'] as string)).json()) as JwkSet;
    assert.deepEqual(verifyJwt(token, jwks), { kind: 'ok', kid: token.header.kid });
    const jwk = jwks.keys.find((key) => key.kid === token.header.kid) as Jwk;
    const hash = { name: `SHA-${token.header.alg.slice(2)}` };
    const algorithm = token.header.alg === 'ES384' ? { name: 'ECDSA', namedCurve: 'P-384', hash } : { name: 'RSASSA-PKCS1-v1_5', hash };
    const key = await webcrypto.subtle.importKey('jwk', jwk as webcrypto.JsonWebKey, algorithm, false, ['verify']);
    assert.equal(await webcrypto.subtle.verify({ name: algorithm.name, hash }, key, token.signature, Buffer.from(token.signingInput)), true);
    return token.payload;
  }

  async function getToken(
    keys: Keys,
    input: Partial<GetWebIdentityTokenCommandInput> = {},
  ): Promise<{ token: string; expiration: Date | undefined }> {
    const client = s.stsAs(keys);
    try {
      const out = await client.send(new GetWebIdentityTokenCommand({ Audience: [AUDIENCE], SigningAlgorithm: 'RS256', ...input }));
      return { token: out.WebIdentityToken ?? '', expiration: out.Expiration };
    } finally {
      client.destroy();
    }
  }

  before(async () => {
    s = await StsLab.start({ keepData: true });
    alice = await s.user(
      'alice',
      policy(
        allow('sts:GetWebIdentityToken', '*', {
          Condition: {
            'ForAllValues:StringEquals': { 'sts:IdentityTokenAudience': [AUDIENCE, 'https://other.example.com'] },
            NumericLessThanEquals: { 'sts:DurationSeconds': '900' },
          },
        }),
        allow('sts:AssumeRole', `arn:aws:iam::${ACCOUNT}:role/*`),
      ),
    );
    await s.iam.send(new TagUserCommand({ UserName: 'alice', Tags: [{ Key: 'team', Value: 'data' }] }));
  });
  after(async () => {
    await s.dispose();
  });

  it('before it is enabled: Get… and Disable answer 404 FeatureDisabled, GetWebIdentityToken 403', async () => {
    const info = await failure(() => s.iam.send(new GetOutboundWebIdentityFederationInfoCommand({})));
    assert.deepEqual([info.code, info.status], ['FeatureDisabled', 404]);
    assert.equal(info.message, 'Outbound identity federation is not enabled for this account.');
    const disable = await failure(() => s.iam.send(new DisableOutboundWebIdentityFederationCommand({})));
    assert.deepEqual([disable.code, disable.status], ['FeatureDisabled', 404]);
    const token = await failure(() => getToken(alice));
    assert.deepEqual([token.code, token.status], ['OutboundWebIdentityFederationDisabledException', 403]);
    assert.equal(token.message, 'The outbound web identity federation feature is not enabled for this account.');
  });

  it('Enable gives the account its issuer; a second Enable is 409 FeatureEnabled; Get reports it', async () => {
    const enabled = await s.iam.send(new EnableOutboundWebIdentityFederationCommand({}));
    issuer = enabled.IssuerIdentifier ?? '';
    assert.match(issuer, ISSUER);
    const again = await failure(() => s.iam.send(new EnableOutboundWebIdentityFederationCommand({})));
    assert.deepEqual([again.code, again.status], ['FeatureEnabled', 409]);
    assert.equal(again.message, 'Outbound identity federation is already enabled for this account.');
    const info = await s.iam.send(new GetOutboundWebIdentityFederationInfoCommand({}));
    assert.deepEqual([info.IssuerIdentifier, info.JwtVendingEnabled], [issuer, true]);
  });

  it('an IAM user’s token names the user, carries the account, region and tags, and verifies against the served JWKS', async () => {
    const before = s.lab.clock.now();
    const { token, expiration } = await getToken(alice, {
      Tags: [
        { Key: 'job-id', Value: 'job-2024-001' },
        { Key: 'priority', Value: 'high' },
      ],
    });
    const claims = await verifyAsOutsider(token);
    assert.deepEqual(Object.keys(parsed(token).header), ['alg', 'typ', 'kid']);
    assert.equal(claims['iss'], issuer);
    assert.equal(claims['aud'], AUDIENCE);
    assert.equal(claims['sub'], alice.arn);
    assert.equal(claims['nbf'], undefined);
    assert.match(claims['jti'] as string, /^[0-9a-f-]{36}$/);
    const iat = claims['iat'] as number;
    assert.ok(Math.abs(iat * 1000 - before) < 3000);
    assert.equal(claims['exp'], iat + 300);
    assert.equal(expiration?.getTime(), (iat + 300) * 1000);
    assert.deepEqual(claims[NAMESPACE], {
      aws_account: ACCOUNT,
      source_region: 'us-east-1',
      principal_tags: { team: 'data' },
      request_tags: { 'job-id': 'job-2024-001', priority: 'high' },
    });
  });

  it('ES384 and several audiences', async () => {
    const { token } = await getToken(alice, { SigningAlgorithm: 'ES384', Audience: [AUDIENCE, 'https://other.example.com'], DurationSeconds: 900 });
    const jwt = parsed(token);
    assert.equal(jwt.header.alg, 'ES384');
    assert.equal(jwt.signature.length, 96);
    const claims = await verifyAsOutsider(token);
    assert.deepEqual(claims['aud'], [AUDIENCE, 'https://other.example.com']);
    assert.equal((claims['exp'] as number) - (claims['iat'] as number), 900);
  });

  it('the caller’s policy decides, with sts:IdentityTokenAudience and sts:DurationSeconds', async () => {
    const audience = await failure(() => getToken(alice, { Audience: ['https://evil.example.com'] }));
    assert.deepEqual([audience.code, audience.status], ['AccessDenied', 403]);
    assert.match(audience.message, new RegExp(`^User: ${alice.arn} is not authorized to perform: sts:GetWebIdentityToken on resource: \\*`));
    const mixed = await failure(() => getToken(alice, { Audience: [AUDIENCE, 'https://evil.example.com'] }));
    assert.equal(mixed.code, 'AccessDenied');
    const long = await failure(() => getToken(alice, { DurationSeconds: 1800 }));
    assert.equal(long.code, 'AccessDenied');
    const bob = await s.user('bob');
    assert.equal((await failure(() => getToken(bob))).code, 'AccessDenied');
  });

  it('a tag key `__proto__` is a tag like any other: in aws:TagKeys for the policy, and among the principal tags', async () => {
    // Assigned into a plain object, `__proto__` was dropped: a policy limiting aws:TagKeys let it through, and the token
    // then carried it; a principal tag of that name went missing from the token.
    const carol = await s.user(
      'carol',
      policy(allow('sts:GetWebIdentityToken', '*', { Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] } } })),
    );
    await s.iam.send(new TagUserCommand({ UserName: 'carol', Tags: [{ Key: '__proto__', Value: 'p' }] }));
    const { token } = await getToken(carol, { Tags: [{ Key: 'team', Value: 'x' }] });
    assert.deepEqual((parsed(token).payload[NAMESPACE] as Record<string, unknown>)['principal_tags'], { ['__proto__']: 'p' });
    for (const key of ['__proto__', 'constructor']) {
      const refused = await failure(() => getToken(carol, { Tags: [{ Key: key, Value: 'x' }] }));
      assert.equal(refused.code, 'AccessDenied', key);
    }
  });

  it('bad input: an unknown algorithm is a ValidationError, too many claims JWTPayloadSizeExceededException', async () => {
    const algorithm = await failure(() => getToken(alice, { SigningAlgorithm: 'RS384' }));
    assert.deepEqual([algorithm.code, algorithm.status], ['ValidationError', 400]);
    assert.match(algorithm.message, /Member must satisfy enum value set: \[RS256, ES384\]/);
    const tags = Array.from({ length: 50 }, (_, i) => ({ Key: `k${String(i).padStart(3, '0')}${'x'.repeat(100)}`, Value: 'v'.repeat(200) }));
    const large = await failure(() => getToken(alice, { Tags: tags }));
    assert.deepEqual([large.code, large.status], ['JWTPayloadSizeExceededException', 400]);
  });

  it('a role session’s token names the role; it may not outlive the session', async () => {
    const role = await s.role('DataProcessingRole', trust({ AWS: `arn:aws:iam::${ACCOUNT}:root` }), { Path: '/jobs/' });
    await s.iam.send(
      new PutRolePolicyCommand({ RoleName: 'DataProcessingRole', PolicyName: 'tokens', PolicyDocument: policy(allow('sts:GetWebIdentityToken')) }),
    );
    await s.iam.send(new TagRoleCommand({ RoleName: 'DataProcessingRole', Tags: [{ Key: 'environment', Value: 'production' }] }));
    const session = await s.assume(alice, { RoleArn: role.arn, RoleSessionName: 'job-1', DurationSeconds: 900 });
    const { token } = await getToken(session, { DurationSeconds: 600 });
    const claims = await verifyAsOutsider(token);
    assert.equal(claims['sub'], `arn:aws:iam::${ACCOUNT}:role/jobs/DataProcessingRole`);
    assert.deepEqual((claims[NAMESPACE] as Record<string, unknown>)['principal_tags'], { environment: 'production' });
    const escalation = await failure(() => getToken(session, { DurationSeconds: 1200 }));
    assert.deepEqual([escalation.code, escalation.status], ['SessionDurationEscalationException', 403]);
    assert.match(escalation.message, /beyond its original expiration time/);
    // On the virtual clock: ten minutes on, even five more minutes would outlive the session.
    s.lab.clock.advance(11 * 60_000);
    assert.equal((await failure(() => getToken(session, { DurationSeconds: 300 }))).code, 'SessionDurationEscalationException');
    assert.ok((await getToken(session, { DurationSeconds: 60 })).token.length > 0);
  });

  it('its tokens do not come back in through AssumeRoleWithWebIdentity, even with an IAM provider for the issuer', async () => {
    const { OpenIDConnectProviderArn: provider } = await s.iam.send(
      new CreateOpenIDConnectProviderCommand({ Url: issuer, ClientIDList: [AUDIENCE] }),
    );
    const role = await s.role(
      'FromOutbound',
      policy({ Effect: 'Allow', Principal: { Federated: provider }, Action: 'sts:AssumeRoleWithWebIdentity' }),
    );
    const { token } = await getToken(alice);
    const refused = await failure(() =>
      s.sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: role.arn, RoleSessionName: 'back-in', WebIdentityToken: token })),
    );
    assert.deepEqual([refused.code, refused.status], ['InvalidIdentityToken', 400]);
    assert.match(refused.message, /^Couldn't retrieve verification key from your identity provider/);
  });

  it('Disable stops new tokens, keeps the issuer and its keys; Enable again brings back the same issuer', async () => {
    const { token } = await getToken(alice);
    await s.iam.send(new DisableOutboundWebIdentityFederationCommand({}));
    const info = await s.iam.send(new GetOutboundWebIdentityFederationInfoCommand({}));
    assert.deepEqual([info.IssuerIdentifier, info.JwtVendingEnabled], [issuer, false]);
    assert.equal((await failure(() => getToken(alice))).code, 'OutboundWebIdentityFederationDisabledException');
    const again = await failure(() => s.iam.send(new DisableOutboundWebIdentityFederationCommand({})));
    assert.deepEqual(
      [again.code, again.status, again.message],
      ['FeatureDisabled', 404, 'Outbound identity federation is already disabled for this account.'],
    );
    await verifyAsOutsider(token);
    const reenabled = await s.iam.send(new EnableOutboundWebIdentityFederationCommand({}));
    assert.equal(reenabled.IssuerIdentifier, issuer);
  });

  it('the issuer is listed with its account, and its state survives a restart', async () => {
    const listed = (await (await fetch(`${s.lab.endpoint}/_iamlab/oidc/issuers`)).json()) as {
      issuers: { issuer: string; outboundAccount?: string }[];
    };
    assert.deepEqual(
      listed.issuers.filter((i) => i.outboundAccount !== undefined),
      [{ ...listed.issuers.find((i) => i.issuer === issuer), outboundAccount: ACCOUNT }],
    );
    const { token } = await getToken(alice);
    const dataDir = s.lab.dataDir;
    await s.dispose();
    s = await StsLab.start({ dataDir });
    const info = await s.iam.send(new GetOutboundWebIdentityFederationInfoCommand({}));
    assert.deepEqual([info.IssuerIdentifier, info.JwtVendingEnabled], [issuer, true]);
    await verifyAsOutsider(token);
  });
});
