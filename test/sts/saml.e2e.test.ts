/**
 * AssumeRoleWithSAML end to end with the JS SDK (aws-federation.md §3): the lab's identity provider's metadata
 * registered with IAM CreateSAMLProvider, responses it signs verified against that metadata's certificate,
 * the `saml:` keys in the trust policy, the session's members and its duration, and AWS's errors for a
 * tampered response, another IdP's signature, a response redeemed too late, a missing session name and a
 * Role attribute that does not name the role.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { CreateRoleCommand, CreateSAMLProviderCommand, IAMClient } from '@aws-sdk/client-iam';
import { AssumeRoleWithSAMLCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { buildIdpMetadata } from '../../src/federation/saml/build-idp-metadata.js';
import { startTestLab } from '../support/test-lab.js';
import type { TestLab } from '../support/test-lab.js';
import { failure } from '../support/failure.js';
import { temporaryCredentials } from '../support/temporary-credentials.js';
import { testKey } from '../federation/saml-keys.js';

const NOT_AUTHORIZED = 'Not authorized to perform sts:AssumeRoleWithSAML';

describe('AssumeRoleWithSAML', () => {
  let lab: TestLab;
  let iam: IAMClient;
  let sts: STSClient;
  let provider: string;
  let role: string;

  async function assertion(body: Record<string, unknown>): Promise<string> {
    const response = await fetch(`${lab.endpoint}/_iamlab/saml/assertion`, {
      method: 'POST',
      body: JSON.stringify({ provider, role, subject: 'alice@example.com', ...body }),
    });
    const json = (await response.json()) as { assertion?: string; error?: string };
    assert.equal(response.status, 200, json.error);
    return json.assertion as string;
  }

  const assume = (samlAssertion: string, extra: Partial<{ RoleArn: string; PrincipalArn: string; DurationSeconds: number }> = {}) =>
    sts.send(new AssumeRoleWithSAMLCommand({ RoleArn: role, PrincipalArn: provider, SAMLAssertion: samlAssertion, ...extra }));

  before(async () => {
    lab = await startTestLab();
    const credentials = { accessKeyId: lab.rootAccessKeyId, secretAccessKey: lab.rootSecretAccessKey };
    iam = new IAMClient({ endpoint: lab.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
    sts = new STSClient({
      endpoint: lab.endpoint,
      region: 'us-east-1',
      maxAttempts: 1,
      credentials: async () => ({ accessKeyId: 'unused', secretAccessKey: 'unused' }),
    });
    const metadata = await (await fetch(`${lab.endpoint}/_iamlab/saml/metadata`)).text();
    provider = (await iam.send(new CreateSAMLProviderCommand({ Name: 'Corp', SAMLMetadataDocument: metadata }))).SAMLProviderArn as string;
    const created = await iam.send(
      new CreateRoleCommand({
        RoleName: 'engineer',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Federated: provider },
              Action: ['sts:AssumeRoleWithSAML', 'sts:TagSession'],
              Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' }, StringLike: { 'saml:sub': '*@example.com' } },
            },
          ],
        }),
      }),
    );
    role = created.Role?.Arn as string;
  });

  after(async () => {
    iam.destroy();
    sts.destroy();
    await lab.dispose();
  });

  it('gives the subject a role session with the members AWS sends', async () => {
    const answer = await assume(await assertion({ subjectFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent' }));
    assert.equal(answer.AssumedRoleUser?.Arn, `arn:aws:sts::${lab.accountId}:assumed-role/engineer/alice@example.com`);
    assert.match(answer.AssumedRoleUser?.AssumedRoleId ?? '', /^AROA[A-Z0-9]+:alice@example\.com$/);
    assert.equal(answer.Subject, 'alice@example.com');
    assert.equal(answer.SubjectType, 'persistent');
    assert.equal(answer.Issuer, 'https://idp.iamlab.local/saml');
    assert.equal(answer.Audience, 'https://signin.aws.amazon.com/saml');
    // base64(SHA-1(Issuer + account + "/" + provider name)) (aws-federation.md §3.7)
    assert.equal(answer.NameQualifier, createHash('sha1').update(`https://idp.iamlab.local/saml${lab.accountId}/Corp`).digest('base64'));
    assert.equal(answer.PackedPolicySize, undefined);
    const expiresIn = (answer.Credentials?.Expiration?.getTime() ?? 0) - lab.clock.toWall(lab.clock.now());
    assert.ok(Math.abs(expiresIn - 3600_000) < 5000, `the default session lasts an hour, not ${expiresIn} ms`);
    const session = new STSClient({
      endpoint: lab.endpoint,
      region: 'us-east-1',
      maxAttempts: 1,
      credentials: temporaryCredentials(answer.Credentials),
    });
    assert.equal((await session.send(new GetCallerIdentityCommand({}))).Arn, answer.AssumedRoleUser?.Arn);
    session.destroy();
  });

  it('a SessionDuration attribute shortens the session; session tags report PackedPolicySize', async () => {
    const answer = await assume(await assertion({ sessionDuration: 1800, attributes: { 'PrincipalTag:team': 'blue' } }));
    const expiresIn = (answer.Credentials?.Expiration?.getTime() ?? 0) - lab.clock.toWall(lab.clock.now());
    assert.ok(Math.abs(expiresIn - 1800_000) < 5000, `SessionDuration 1800 gives 30 minutes, not ${expiresIn} ms`);
    assert.equal(typeof answer.PackedPolicySize, 'number');
    // Outside 900–43200 seconds the attribute shortens nothing: the hour of the default.
    const odd = await assume(await assertion({ sessionDuration: 1 }));
    const oddIn = (odd.Credentials?.Expiration?.getTime() ?? 0) - lab.clock.toWall(lab.clock.now());
    assert.ok(Math.abs(oddIn - 3600_000) < 5000, `SessionDuration 1 is ignored, not ${oddIn} ms`);
  });

  it('refuses a subject the trust policy does not allow, and a Role attribute naming another role, with AccessDenied', async () => {
    assert.deepEqual(await failure(async () => assume(await assertion({ subject: 'mallory@evil.example' }))), {
      code: 'AccessDenied',
      status: 403,
      message: NOT_AUTHORIZED,
    });
    const other = `arn:aws:iam::${lab.accountId}:role/other`;
    assert.deepEqual(await failure(async () => assume(await assertion({ role: other }))), {
      code: 'AccessDenied',
      status: 403,
      message: NOT_AUTHORIZED,
    });
  });

  it('refuses a tampered response and one signed by another identity provider: Response signature invalid', async () => {
    const good = Buffer.from(await assertion({}), 'base64').toString('utf8');
    const tampered = Buffer.from(good.replace('alice@example.com</saml:NameID>', 'admin@example.com</saml:NameID>')).toString('base64');
    assert.notEqual(tampered, Buffer.from(good).toString('base64'), 'the NameID was replaced');
    const invalid = { code: 'InvalidIdentityToken', status: 400, message: 'Response signature invalid' };
    assert.deepEqual(await failure(() => assume(tampered)), invalid);

    // Another IdP registered under the same name would have its own certificate: the lab's signature does not verify with it.
    const { certificate } = testKey('other-idp');
    const otherMetadata = buildIdpMetadata({
      entityId: 'https://idp.iamlab.local/saml',
      certificate,
      singleSignOnUrl: 'https://other.example/sso',
      nameIdFormats: [],
    });
    const otherProvider = (await iam.send(new CreateSAMLProviderCommand({ Name: 'Other', SAMLMetadataDocument: otherMetadata })))
      .SAMLProviderArn as string;
    const forOther = await assertion({ provider: otherProvider });
    assert.deepEqual(await failure(() => assume(forOther, { PrincipalArn: otherProvider })), invalid);
  });

  it('needs the response redeemed within five minutes of issuance, on the virtual clock', async () => {
    const minted = await assertion({ expiresIn: 3600 });
    lab.clock.advance(6 * 60_000);
    assert.deepEqual(await failure(() => assume(minted)), {
      code: 'ExpiredTokenException',
      status: 400,
      message: 'Token must be redeemed within 5 minutes of issuance',
    });
  });

  it('needs a RoleSessionName attribute, and a provider that exists', async () => {
    assert.deepEqual(await failure(async () => assume(await assertion({ sessionName: null }))), {
      code: 'InvalidIdentityToken',
      status: 400,
      message: 'RoleSessionName is required in AuthnResponse',
    });
    assert.deepEqual(await failure(async () => assume(await assertion({ sessionName: 'a' }))), {
      code: 'InvalidIdentityToken',
      status: 400,
      message: 'RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}',
    });
    const missing = `arn:aws:iam::${lab.accountId}:saml-provider/Missing`;
    assert.deepEqual(await failure(async () => assume(await assertion({}), { PrincipalArn: missing })), {
      code: 'InvalidIdentityToken',
      status: 400,
      message: "Specified provider doesn't exist.",
    });
  });
});
