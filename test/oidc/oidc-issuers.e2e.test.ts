/**
 * The lab's token issuers end to end (issue #16): tokens from the admin API and the CLI (in-process and the real
 * bin), checked against the discovery document and JWKS the lab serves — by the lab's verifier and by WebCrypto —
 * with GitHub's and EKS's claims, the virtual clock, keys kept across a restart, and refused requests.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { webcrypto } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';
import { base64urlDecode } from '../../src/federation/jwt/base64url.js';
import type { Jwk, JwkSet } from '../../src/federation/jwt/jwk.js';
import { parseJwt, type ParsedJwt } from '../../src/federation/jwt/parse-jwt.js';
import { verifyJwt } from '../../src/federation/jwt/verify-jwt.js';
import { repoRoot } from '../support/repo-root.js';
import { startTestLab, type TestLab } from '../support/test-lab.js';

const GITHUB = 'https://token.actions.githubusercontent.com';

async function admin(lab: TestLab, method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${lab.endpoint}/_iamlab/${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function token(lab: TestLab, body: unknown): Promise<{ token: string; expiration: string; issuer: string; kid: string; alg: string }> {
  const { status, json } = await admin(lab, 'POST', 'oidc/token', body);
  assert.equal(status, 200, JSON.stringify(json));
  return json as { token: string; expiration: string; issuer: string; kid: string; alg: string };
}

function parsed(jwt: string): ParsedJwt {
  const outcome = parseJwt(jwt);
  if (outcome.kind === 'malformed') assert.fail(outcome.problem);
  return outcome;
}

/** What an outside verifier does: discovery document → jwks_uri → the key named by kid. */
async function verifyAsOutsider(jwt: string): Promise<{ claims: Record<string, unknown>; discovery: Record<string, unknown> }> {
  const jwtParsed = parsed(jwt);
  const iss = jwtParsed.payload['iss'] as string;
  const discoveryUrl = new URL(`/_iamlab/oidc/${iss.slice('https://'.length)}/.well-known/openid-configuration`, lab().endpoint);
  const discovery = (await (await fetch(discoveryUrl)).json()) as Record<string, unknown>;
  assert.equal(discovery['issuer'], iss);
  const jwks = (await (await fetch(discovery['jwks_uri'] as string)).json()) as JwkSet;
  assert.equal(verifyJwt(jwtParsed, jwks).kind, 'ok');
  // And WebCrypto, a second implementation, agrees.
  const jwk = jwks.keys.find((key) => key.kid === jwtParsed.header.kid) as Jwk;
  const alg = jwtParsed.header.alg;
  const hash = { name: `SHA-${alg.slice(2)}` };
  const algorithm = alg.startsWith('ES') ? { name: 'ECDSA', namedCurve: jwk.crv as string, hash } : { name: 'RSASSA-PKCS1-v1_5', hash };
  const key = await webcrypto.subtle.importKey('jwk', jwk as webcrypto.JsonWebKey, algorithm, false, ['verify']);
  assert.equal(await webcrypto.subtle.verify({ name: algorithm.name, hash }, key, jwtParsed.signature, Buffer.from(jwtParsed.signingInput)), true);
  return { claims: jwtParsed.payload, discovery };
}

let current: TestLab | undefined;
const lab = (): TestLab => current as TestLab;

interface Captured extends Io {
  readonly stdout: string[];
  readonly stderr: string[];
}
async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: Captured = { stdout, stderr, out: (text) => void stdout.push(text), err: (text) => void stderr.push(text) };
  const code = await main(argv, { IAMLAB_ENDPOINT: lab().endpoint }, io);
  return { code, out: stdout.join('\n'), err: stderr.join('\n') };
}

describe('lab token issuers', () => {
  before(async () => {
    current = await startTestLab();
  });
  after(async () => {
    await lab().dispose();
  });

  it('github: a token with GitHub’s claims derived from the sub, verifiable through the served discovery document', async () => {
    const issued = await token(lab(), { issuer: 'github', sub: 'repo:octo-org/octo-repo:ref:refs/heads/main' });
    assert.equal(issued.issuer, GITHUB);
    const jwt = parsed(issued.token);
    assert.deepEqual(Object.keys(jwt.header), ['alg', 'typ', 'kid']);
    assert.equal(jwt.header.alg, 'RS256');
    assert.equal(jwt.header.kid, issued.kid);
    const { claims, discovery } = await verifyAsOutsider(issued.token);
    assert.equal(claims['iss'], GITHUB);
    assert.equal(claims['aud'], 'sts.amazonaws.com');
    assert.equal(claims['repository'], 'octo-org/octo-repo');
    assert.equal(claims['repository_owner'], 'octo-org');
    assert.equal(claims['ref'], 'refs/heads/main');
    assert.equal(claims['ref_type'], 'branch');
    assert.equal(claims['event_name'], 'push');
    assert.equal(claims['job_workflow_ref'], 'octo-org/octo-repo/.github/workflows/ci.yml@refs/heads/main');
    assert.equal(claims['workflow_ref'], 'octo-org/octo-repo/.github/workflows/ci.yml@refs/heads/main');
    for (const id of ['repository_id', 'repository_owner_id', 'actor_id', 'run_id', 'run_number', 'run_attempt']) {
      assert.match(claims[id] as string, /^[1-9]\d*$/, `${id} is a string of digits`);
    }
    assert.match(claims['jti'] as string, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const iat = claims['iat'] as number;
    assert.ok(Math.abs(iat - Math.floor(lab().clock.now() / 1000)) <= 2);
    assert.equal(claims['nbf'], iat);
    assert.equal(claims['exp'], iat + 3600);
    assert.equal(issued.expiration, new Date((iat + 3600) * 1000).toISOString());
    assert.deepEqual(discovery['id_token_signing_alg_values_supported'], ['RS256']);
    assert.deepEqual(discovery['response_types_supported'], ['id_token']);
    assert.deepEqual(discovery['subject_types_supported'], ['public']);
    assert.ok(Array.isArray(discovery['claims_supported']));
    assert.equal(discovery['jwks_uri'], `${lab().endpoint}/_iamlab/oidc/token.actions.githubusercontent.com/.well-known/jwks.json`);
  });

  it('github: the other sub formats — tag, pull request, environment with %3A, immutable ids', async () => {
    const claimsOf = async (sub: string, extra: object = {}): Promise<Record<string, unknown>> =>
      parsed((await token(lab(), { issuer: 'github', sub, ...extra })).token).payload;
    const tag = await claimsOf('repo:octo-org/octo-repo:ref:refs/tags/v1.2.0');
    assert.deepEqual([tag['ref'], tag['ref_type']], ['refs/tags/v1.2.0', 'tag']);
    const pr = await claimsOf('repo:octo-org/octo-repo:pull_request');
    assert.equal(pr['event_name'], 'pull_request');
    const env = await claimsOf('repo:octo-org/octo-repo:environment:Production%3AV1');
    assert.equal(env['environment'], 'Production:V1');
    const ids = await claimsOf('repo:octo-org@123456/octo-repo@456789:ref:refs/heads/main');
    assert.deepEqual([ids['repository'], ids['repository_owner_id'], ids['repository_id']], ['octo-org/octo-repo', '123456', '456789']);
    // The same repository always carries the same id.
    const again = await claimsOf('repo:octo-org/octo-repo:pull_request');
    assert.equal(again['repository_id'], pr['repository_id']);
    // Overrides win, and the workflow refs follow an overridden ref.
    const overridden = await claimsOf('repo:octo-org/octo-repo:environment:prod', {
      claims: { ref: 'refs/heads/release', actor: 'mona' },
      aud: ['a', 'b'],
    });
    assert.deepEqual([overridden['ref'], overridden['actor'], overridden['aud']], ['refs/heads/release', 'mona', ['a', 'b']]);
    assert.equal(overridden['job_workflow_ref'], 'octo-org/octo-repo/.github/workflows/ci.yml@refs/heads/release');
  });

  it('eks: the lab’s cluster issuer, kept; aud an array; the default service account', async () => {
    const first = await token(lab(), { issuer: 'eks' });
    assert.match(first.issuer, /^https:\/\/oidc\.eks\.us-east-1\.amazonaws\.com\/id\/[0-9A-F]{32}$/);
    const jwt = parsed(first.token);
    assert.deepEqual(Object.keys(jwt.header), ['alg', 'kid']);
    const { claims } = await verifyAsOutsider(first.token);
    assert.equal(claims['sub'], 'system:serviceaccount:default:default');
    assert.deepEqual(claims['aud'], ['sts.amazonaws.com']);
    assert.equal((claims['exp'] as number) - (claims['iat'] as number), 86_400);
    const app = await token(lab(), { issuer: 'eks', sub: 'system:serviceaccount:payments:api', region: 'eu-west-1', aud: 'sts.amazonaws.com' });
    assert.equal(app.issuer, first.issuer.replace('us-east-1', 'eu-west-1'));
    const k8s = (parsed(app.token).payload['kubernetes.io'] ?? {}) as {
      namespace: string;
      serviceaccount: { name: string; uid: string };
      pod: { name: string };
    };
    assert.equal(k8s.namespace, 'payments');
    assert.equal(k8s.serviceaccount.name, 'api');
    assert.match(k8s.serviceaccount.uid, /^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/);
    assert.match(k8s.pod.name, /^api-/);
    assert.deepEqual(parsed(app.token).payload['aud'], ['sts.amazonaws.com']);
    await verifyAsOutsider(app.token);
  });

  it('any https issuer, with RS256 and ES256 keys side by side in its JWKS', async () => {
    const issuer = 'https://idp.example.com/tenant-a';
    const rs = await token(lab(), { issuer, sub: 'alice', aud: 'my-client', claims: { email: 'alice@example.com', groups: ['dev'] } });
    const es = await token(lab(), { issuer, sub: 'alice', alg: 'ES256', expiresIn: '15m' });
    assert.equal(parsed(es.token).header.alg, 'ES256');
    assert.equal(parsed(es.token).signature.length, 64);
    const { claims, discovery } = await verifyAsOutsider(rs.token);
    assert.deepEqual(claims['groups'], ['dev']);
    await verifyAsOutsider(es.token);
    assert.deepEqual(discovery['id_token_signing_alg_values_supported'], ['RS256', 'ES256']);
    const esClaims = parsed(es.token).payload;
    assert.equal((esClaims['exp'] as number) - (esClaims['iat'] as number), 900);
    assert.equal(esClaims['aud'], undefined);
    const { json } = await admin(lab(), 'GET', 'oidc/issuers');
    const listed = (json['issuers'] as { issuer: string; keys: { alg: string }[]; jwksUrl: string }[]).find((i) => i.issuer === issuer);
    assert.deepEqual(
      listed?.keys.map((k) => k.alg),
      ['RS256', 'ES256'],
    );
    assert.equal(listed?.jwksUrl, `${lab().endpoint}/_iamlab/oidc/idp.example.com/tenant-a/.well-known/jwks.json`);
  });

  it('times follow the virtual clock', async () => {
    const before = parsed((await token(lab(), { issuer: 'github', sub: 'repo:o/r:pull_request' })).token).payload['iat'] as number;
    assert.equal((await admin(lab(), 'POST', 'clock', { action: 'advance', by: '6h' })).status, 200);
    const later = parsed((await token(lab(), { issuer: 'github', sub: 'repo:o/r:pull_request' })).token).payload['iat'] as number;
    assert.ok(later - before >= 6 * 3600 && later - before <= 6 * 3600 + 5, `${later - before}`);
  });

  it('signs claims that make `exp` something other than a time, with `expiration` null (once an Invalid time value 500)', async () => {
    for (const exp of [1e300, -1e300, 'tomorrow', null]) {
      const issued = await admin(lab(), 'POST', 'oidc/token', { issuer: 'github', sub: 'repo:o/r:ref:refs/heads/main', claims: { exp } });
      assert.equal(issued.status, 200, JSON.stringify(issued.json));
      assert.equal(issued.json['expiration'], null, String(exp));
      assert.equal(parsed(issued.json['token'] as string).payload['exp'], exp);
    }
    const odd = await token(lab(), { issuer: 'github', sub: 'x', claims: { exp: 2_000_000_000.5 } });
    assert.equal(odd.expiration, '2033-05-18T03:33:20.500Z');
  });

  it('refuses what it cannot sign, with a reason', async () => {
    const refused: readonly (readonly [unknown, RegExp])[] = [
      [{}, /`issuer` is required/],
      [{ issuer: 'http://idp.example.com', sub: 'a' }, /not an https:\/\/ URL/],
      [{ issuer: 'https://idp.example.com/?x=1', sub: 'a' }, /no query/],
      [{ issuer: 'https://abc.tokens.sts.global.api.aws', sub: 'a' }, /outbound federation issuer/],
      [{ issuer: 'github' }, /needs a sub/],
      [{ issuer: 'github', sub: 'x', alg: 'HS256' }, /`alg` must be one of/],
      [{ issuer: 'github', sub: 'x', expiresIn: 0 }, /lifetime/],
      [{ issuer: 'github', sub: 'x', expiresIn: 'soon' }, /`expiresIn` takes/],
      [{ issuer: 'github', sub: 'x', aud: [] }, /`aud` must be/],
      [{ issuer: 'github', sub: 'x', claims: [1] }, /`claims` must be/],
      [{ issuer: 'eks', region: 'mars' }, /not a region/],
      ['not an object', /JSON object/],
    ];
    for (const [body, message] of refused) {
      const { status, json } = await admin(lab(), 'POST', 'oidc/token', body);
      assert.equal(status, 400, JSON.stringify(body));
      assert.match(json['error'] as string, message);
    }
    const unknown = await admin(lab(), 'GET', 'oidc/never.example.com/.well-known/jwks.json');
    assert.equal(unknown.status, 404);
    assert.match(unknown.json['error'] as string, /holds no key for issuer `https:\/\/never\.example\.com`/);
    assert.equal((await admin(lab(), 'POST', 'oidc/idp.example.com/tenant-a/.well-known/jwks.json')).status, 405);
    assert.equal((await admin(lab(), 'GET', 'oidc/token')).status, 404);
  });

  describe('the CLI', () => {
    it('oidc token prints the token alone; --claim, repeated --aud and --expires-in shape it', async () => {
      const { code, out, err } = await cli(
        'oidc',
        'token',
        '--issuer',
        'github',
        '--sub',
        'repo:octo-org/octo-repo:ref:refs/heads/main',
        '--aud',
        'sts.amazonaws.com',
        '--aud',
        'other',
        '--claim',
        'environment=prod',
        '--claim',
        'run_number:=7',
        '--expires-in',
        '10m',
      );
      assert.equal(code, 0, err);
      assert.match(out, /^[\w-]+\.[\w-]+\.[\w-]+$/);
      const { claims } = await verifyAsOutsider(out);
      assert.deepEqual(claims['aud'], ['sts.amazonaws.com', 'other']);
      assert.equal(claims['environment'], 'prod');
      assert.equal(claims['run_number'], 7);
      assert.equal((claims['exp'] as number) - (claims['iat'] as number), 600);
      const json = await cli('oidc', 'token', '--issuer', 'eks', '--json', '--alg', 'ES384');
      assert.equal(json.code, 0, json.err);
      const view = JSON.parse(json.out) as { token: string; alg: string; issuer: string };
      assert.equal(view.alg, 'ES384');
      assert.equal(parsed(view.token).payload['iss'], view.issuer);
    });

    it('oidc issuers and oidc jwks', async () => {
      const listed = await cli('oidc', 'issuers');
      assert.equal(listed.code, 0);
      assert.match(listed.out, /^https:\/\/token\.actions\.githubusercontent\.com\n {2}keys: RS256 [\w-]{43}\n {2}jwks: http:/m);
      const jwks = await cli('oidc', 'jwks', '--issuer', 'github');
      assert.equal(jwks.code, 0, jwks.err);
      const set = JSON.parse(jwks.out) as JwkSet;
      assert.deepEqual(Object.keys(set.keys[0] ?? {}).sort(), ['alg', 'e', 'kid', 'kty', 'n', 'use']);
      const eks = await cli('oidc', 'jwks', '--issuer', 'eks', '--region', 'eu-west-1');
      assert.equal(eks.code, 0, eks.err);
      const none = await cli('oidc', 'jwks', '--issuer', 'eks', '--region', 'ap-south-1');
      assert.equal(none.code, 1);
      assert.match(none.err, /holds no key for `eks` yet/);
    });

    it('mistakes are told in one line with the usage', async () => {
      const noIssuer = await cli('oidc', 'token', '--sub', 'x');
      assert.equal(noIssuer.code, 2);
      assert.match(noIssuer.err, /^iamlab oidc token: --issuer is required/);
      const noSub = await cli('oidc', 'token', '--issuer', 'github');
      assert.equal(noSub.code, 1);
      assert.equal(noSub.err, 'iamlab oidc token: a token from `github` needs a sub');
      const badClaim = await cli('oidc', 'token', '--issuer', 'github', '--sub', 'x', '--claim', 'novalue');
      assert.equal(badClaim.code, 2);
      assert.match(badClaim.err, /--claim `novalue` is not k=v/);
      const badJson = await cli('oidc', 'token', '--issuer', 'github', '--sub', 'x', '--claim', 'a:={');
      assert.match(badJson.err, /not JSON/);
      const badDuration = await cli('oidc', 'token', '--issuer', 'github', '--sub', 'x', '--expires-in', 'later');
      assert.equal(badDuration.code, 2);
      const unknown = await cli('oidc', 'mint');
      assert.equal(unknown.code, 2);
      assert.match(unknown.err, /expected `token`, `issuers` or `jwks`/);
      const help = await cli('oidc', '--help');
      assert.equal(help.code, 0);
      assert.match(help.out, /^Usage: iamlab oidc token/);
      const listedInMain = await cli('--help');
      assert.match(listedInMain.out, /oidc token --issuer/);
    });

    it('the bin prints a token usable as $(iamlab oidc token …)', async () => {
      const { stdout } = await promisify(execFile)(process.execPath, [
        join(repoRoot(), 'bin', 'iamlab.js'),
        'oidc',
        'token',
        '--endpoint',
        lab().endpoint,
        '--issuer',
        'https://idp.example.com/tenant-a',
        '--sub',
        'bob',
      ]);
      assert.match(stdout, /^[\w-]+\.[\w-]+\.[\w-]+\n$/);
      const { claims } = await verifyAsOutsider(stdout.trim());
      assert.equal(claims['sub'], 'bob');
    });
  });
});

describe('lab token issuers across a restart', () => {
  it('keys and the EKS cluster id are kept: old tokens still verify against the served JWKS', async () => {
    current = await startTestLab({ keepData: true });
    const dataDir = current.dataDir;
    try {
      const github = await token(lab(), { issuer: 'github', sub: 'repo:o/r:ref:refs/heads/main' });
      const eks = await token(lab(), { issuer: 'eks', alg: 'ES256' });
      await lab().close();
      current = await startTestLab({ dataDir });
      await verifyAsOutsider(github.token);
      await verifyAsOutsider(eks.token);
      const again = await token(lab(), { issuer: 'eks', alg: 'ES256' });
      assert.equal(again.issuer, eks.issuer);
      assert.equal(again.kid, eks.kid);
      // A reset forgets them.
      assert.equal((await admin(lab(), 'POST', 'reset')).status, 200);
      assert.equal((await fetch(`${lab().endpoint}/_iamlab/oidc/token.actions.githubusercontent.com/.well-known/jwks.json`)).status, 404);
      const fresh = await token(lab(), { issuer: 'eks' });
      assert.notEqual(fresh.issuer, eks.issuer);
      assert.ok(base64urlDecode(fresh.kid) !== undefined);
    } finally {
      await lab()
        .dispose()
        .catch(() => undefined);
    }
  });
});
