/**
 * AssumeRoleWithWebIdentity end to end with the JS SDK (aws-federation.md §2): tokens minted by the lab's
 * issuers and verified against their keys, the IAM OIDC provider's client ids, GitHub-shaped trust
 * conditions, session tags from the token, the virtual clock on `exp`, and AWS's errors for each refusal.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  CreateOpenIDConnectProviderCommand,
  CreateRoleCommand,
  IAMClient,
  ListRolesCommand,
  ListUsersCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { signJwt } from '../../src/federation/jwt/sign-jwt.js';
import { startTestLab } from '../support/test-lab.js';
import type { TestLab } from '../support/test-lab.js';
import { failure } from '../support/failure.js';
import { temporaryCredentials } from '../support/temporary-credentials.js';

const GITHUB = 'https://token.actions.githubusercontent.com';
const MAIN = 'repo:octo-org/octo-repo:ref:refs/heads/main';

describe('AssumeRoleWithWebIdentity', () => {
  let lab: TestLab;
  let iam: IAMClient;
  let sts: STSClient;
  let providerArn: string;

  async function token(body: Record<string, unknown>): Promise<string> {
    const response = await fetch(`${lab.endpoint}/_iamlab/oidc/token`, { method: 'POST', body: JSON.stringify(body) });
    const json = (await response.json()) as { token?: string; error?: string };
    assert.equal(response.status, 200, json.error);
    return json.token as string;
  }

  const assume = (webIdentityToken: string, extra: Partial<{ RoleArn: string; RoleSessionName: string; DurationSeconds: number }> = {}) =>
    sts.send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: `arn:aws:iam::${lab.accountId}:role/deploy`,
        RoleSessionName: 'gh-run-42',
        WebIdentityToken: webIdentityToken,
        ...extra,
      }),
    );

  before(async () => {
    lab = await startTestLab();
    const credentials = { accessKeyId: lab.rootAccessKeyId, secretAccessKey: lab.rootSecretAccessKey };
    iam = new IAMClient({ endpoint: lab.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
    // No credentials: the operation is unsigned (`noAuth`), as the SDKs send it.
    sts = new STSClient({
      endpoint: lab.endpoint,
      region: 'us-east-1',
      maxAttempts: 1,
      credentials: async () => ({ accessKeyId: 'unused', secretAccessKey: 'unused' }),
    });
    const created = await iam.send(new CreateOpenIDConnectProviderCommand({ Url: GITHUB, ClientIDList: ['sts.amazonaws.com'] }));
    providerArn = created.OpenIDConnectProviderArn as string;
    const host = 'token.actions.githubusercontent.com';
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'deploy',
        MaxSessionDuration: 7200,
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Federated: providerArn },
              Action: ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession'],
              Condition: { StringEquals: { [`${host}:aud`]: 'sts.amazonaws.com', [`${host}:sub`]: MAIN } },
            },
          ],
        }),
      }),
    );
  });

  after(async () => {
    iam.destroy();
    sts.destroy();
    await lab.dispose();
  });

  it('gives the main branch a role session that names the provider, the subject and the audience', async () => {
    const answer = await assume(await token({ issuer: 'github', sub: MAIN }));
    assert.equal(answer.AssumedRoleUser?.Arn, `arn:aws:sts::${lab.accountId}:assumed-role/deploy/gh-run-42`);
    assert.match(answer.AssumedRoleUser?.AssumedRoleId ?? '', /^AROA[A-Z0-9]+:gh-run-42$/);
    assert.equal(answer.SubjectFromWebIdentityToken, MAIN);
    assert.equal(answer.Audience, 'sts.amazonaws.com');
    assert.equal(answer.Provider, providerArn);
    assert.equal(answer.PackedPolicySize, undefined);
    assert.match(answer.Credentials?.AccessKeyId ?? '', /^ASIA/);
    const expiresIn = (answer.Credentials?.Expiration?.getTime() ?? 0) - lab.clock.toWall(lab.clock.now());
    assert.ok(Math.abs(expiresIn - 3600_000) < 5000, `the default session lasts an hour, not ${expiresIn} ms`);
    const session = new STSClient({
      endpoint: lab.endpoint,
      region: 'us-east-1',
      maxAttempts: 1,
      credentials: temporaryCredentials(answer.Credentials),
    });
    const me = await session.send(new GetCallerIdentityCommand({}));
    assert.equal(me.Arn, `arn:aws:sts::${lab.accountId}:assumed-role/deploy/gh-run-42`);
    session.destroy();
  });

  it("keeps aws:FederatedProvider and the token's sub for the session's own requests", async () => {
    const host = 'token.actions.githubusercontent.com';
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'deploy',
        PolicyName: 'by-provenance',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: 'iam:ListRoles',
              Resource: '*',
              Condition: { StringEquals: { 'aws:FederatedProvider': providerArn, [`${host}:sub`]: MAIN } },
            },
            {
              Effect: 'Allow',
              Action: 'iam:ListUsers',
              Resource: '*',
              Condition: { StringEquals: { [`${host}:sub`]: 'repo:octo-org/octo-repo:pull_request' } },
            },
          ],
        }),
      }),
    );
    const answer = await assume(await token({ issuer: 'github', sub: MAIN }));
    const session = new IAMClient({
      endpoint: lab.endpoint,
      region: 'us-east-1',
      maxAttempts: 1,
      credentials: temporaryCredentials(answer.Credentials),
    });
    assert.ok((await session.send(new ListRolesCommand({}))).Roles?.some((role) => role.RoleName === 'deploy'));
    assert.equal((await failure(() => session.send(new ListUsersCommand({})))).code, 'AccessDenied');
    session.destroy();
  });

  it("refuses a pull request's token: the trust policy's sub condition does not match", async () => {
    const refused = await failure(() => token({ issuer: 'github', sub: 'repo:octo-org/octo-repo:pull_request' }).then((t) => assume(t)));
    assert.deepEqual(refused, { code: 'AccessDenied', status: 403, message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity' });
  });

  it('refuses a missing role exactly as a trust policy that does not allow the provider', async () => {
    const refused = await failure(async () =>
      assume(await token({ issuer: 'github', sub: MAIN }), { RoleArn: `arn:aws:iam::${lab.accountId}:role/none` }),
    );
    assert.deepEqual(refused, { code: 'AccessDenied', status: 403, message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity' });
  });

  it('refuses an expired token with ExpiredTokenException once the clock has moved past exp', async () => {
    const minted = await token({ issuer: 'github', sub: MAIN, expiresIn: '5m' });
    const exp = (JSON.parse(Buffer.from(minted.split('.')[1] as string, 'base64url').toString()) as { exp: number }).exp;
    lab.clock.advance(6 * 60_000);
    const refused = await failure(() => assume(minted));
    assert.equal(refused.code, 'ExpiredTokenException');
    assert.equal(refused.status, 400);
    assert.match(refused.message, new RegExp(`^Token expired: current date/time \\d+ must be before the expiration date/time ${exp}$`));
  });

  it('refuses a wrong audience, a tampered token, and a token signed with a key the lab does not hold', async () => {
    const wrongAudience = await failure(async () => assume(await token({ issuer: 'github', sub: MAIN, aud: 'https://github.com/octo-org' })));
    assert.deepEqual(wrongAudience, { code: 'InvalidIdentityToken', status: 400, message: 'Incorrect token audience' });

    const good = await token({ issuer: 'github', sub: MAIN });
    const [header, payload, signature] = good.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: 'repo:evil/repo:ref:refs/heads/main' })).toString('base64url');
    const tampered = await failure(() => assume(`${header}.${forged}.${signature}`));
    const keyNotFound =
      "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements";
    assert.deepEqual(tampered, { code: 'InvalidIdentityToken', status: 400, message: keyNotFound });

    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const { kid } = JSON.parse(Buffer.from(header, 'base64url').toString()) as { kid: string };
    const outside = signJwt({ alg: 'RS256', kid, privateKey, claims });
    assert.deepEqual(await failure(() => assume(outside)), { code: 'InvalidIdentityToken', status: 400, message: keyNotFound });
  });

  it('names the issuer when no IAM OIDC provider is registered for it, and asks for aud when the token has none', async () => {
    const eks = await token({ issuer: 'eks', sub: 'system:serviceaccount:default:app' });
    const iss = (JSON.parse(Buffer.from(eks.split('.')[1] as string, 'base64url').toString()) as { iss: string }).iss;
    assert.deepEqual(await failure(() => assume(eks)), {
      code: 'InvalidIdentityToken',
      status: 400,
      message: `No OpenIDConnect provider found in your account for ${iss}`,
    });
    assert.deepEqual(await failure(() => assume('not-a-jwt')), {
      code: 'InvalidIdentityToken',
      status: 400,
      message: 'The web identity token is not a well-formed JWT',
    });
  });

  it('carries session tags from the token, and reports PackedPolicySize then', async () => {
    const minted = await token({
      issuer: 'github',
      sub: MAIN,
      claims: { 'https://aws.amazon.com/tags': { principal_tags: { Project: ['Automation'] }, transitive_tag_keys: ['Project'] } },
    });
    const answer = await assume(minted);
    assert.equal(typeof answer.PackedPolicySize, 'number');
  });

  it('holds DurationSeconds to the role maximum with AWS message', async () => {
    const refused = await failure(async () => assume(await token({ issuer: 'github', sub: MAIN }), { DurationSeconds: 7201 }));
    assert.deepEqual(refused, {
      code: 'ValidationError',
      status: 400,
      message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    });
  });
});
