/** The pure parts behind STS: claims, token opening, request checks, key-id decoding, encoded messages. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SessionClaims } from '../../src/auth/session-claims.js';
import { readClaims } from '../../src/auth/session-claims.js';
import { SessionOpener } from '../../src/auth/session-opener.js';
import { deriveTemporarySecret, sealToken } from '../../src/auth/sealed-token.js';
import { evaluate, compilePolicy, createRequestContext } from '../../src/policy/evaluator.js';
import { parsePolicy } from '../../src/policy/validate/index.js';
import { decodeAuthorizationMessage, describeDecision, encodeAuthorizationMessage } from '../../src/services/authorizer/authorization-message.js';
import { mergeTags } from '../../src/services/authorizer/caller-policies.js';
import { sessionRestriction } from '../../src/services/identity/session-restrictions.js';
import { accountOfKeyId } from '../../src/services/sts/index.js';
import { samlConditionKeys } from '../../src/services/sts/saml-condition-keys.js';
import { durationFor, packedSize, sessionPoliciesFor, sessionTagsFor, sourceIdentityFor } from '../../src/services/sts/session-request.js';

const KEY = Buffer.alloc(32, 7);
const IV = Buffer.alloc(12, 1);

const claims: SessionClaims = {
  v: 1,
  kind: 'assumed-role',
  accessKeyId: 'ASIAAAAAAAAAAAAAAAAA',
  account: '123456789012',
  subject: { type: 'role', roleId: 'AROAAAAAAAAAAAAAAAAAA', roleArn: 'arn:aws:iam::123456789012:role/p/R', roleName: 'R', sessionName: 'sess' },
  issuedMs: 1_000,
  expiresMs: 3_601_000,
  tags: [{ key: 'team', value: 'blue' }],
  transitiveTagKeys: ['team'],
};

describe('session claims and tokens', () => {
  it('readClaims accepts version 1 and refuses other versions and shapes', () => {
    assert.deepEqual(readClaims(JSON.parse(JSON.stringify(claims))), claims);
    assert.equal(readClaims({ ...claims, v: 2 }), undefined);
    assert.equal(readClaims({ ...claims, subject: { type: 'role' } }), undefined);
    assert.equal(readClaims({ ...claims, tags: [{ key: 1 }] }), undefined);
    assert.equal(readClaims('text'), undefined);
  });

  it('the opener builds the principal, checks the key id, and forgets tokens when the key changes', () => {
    const opener = new SessionOpener(KEY, 2);
    const token = sealToken(KEY, claims, IV);
    const credential = opener.open(claims.accessKeyId, token);
    assert.equal(credential?.principal.arn, 'arn:aws:sts::123456789012:assumed-role/R/sess');
    assert.equal(credential?.principal.userId, 'AROAAAAAAAAAAAAAAAAAA:sess');
    assert.equal(credential?.secretAccessKey, deriveTemporarySecret(KEY, claims.accessKeyId));
    assert.equal(opener.open('ASIABBBBBBBBBBBBBBBB', token), undefined, 'a token presented with another key id');
    opener.setKey(Buffer.alloc(32, 8));
    assert.equal(opener.open(claims.accessKeyId, token), undefined, 'a token sealed under the old key');
  });
});

describe('AssumeRole request checks', () => {
  it('duration: default an hour, chaining capped at an hour, role maximum', () => {
    assert.deepEqual(durationFor(undefined, 3600, false), { kind: 'ok', value: 3600 });
    assert.equal(durationFor(3601, 43200, true).kind === 'ok', false);
    assert.equal(durationFor(7200, 3600, false).kind === 'ok', false);
    assert.deepEqual(durationFor(7200, 7200, false), { kind: 'ok', value: 7200 });
  });

  it('tags: case-insensitive duplicates, transitive keys among the tags, inherited transitive tags, with AWS texts', () => {
    const refusal = (result: ReturnType<typeof sessionTagsFor>): string => (result.kind === 'error' ? result.error.message : 'accepted');
    const duplicate = [
      { Key: 'a', Value: '1' },
      { Key: 'A', Value: '2' },
    ];
    assert.equal(
      refusal(sessionTagsFor(duplicate, undefined, undefined)),
      'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
    );
    assert.equal(
      refusal(sessionTagsFor([{ Key: 'a', Value: '1' }], ['b'], undefined)),
      'The specified transitive tag key must be included in the requested tags.',
    );
    assert.equal(
      refusal(sessionTagsFor([{ Key: 'TEAM', Value: 'x' }], undefined, claims)),
      "One of the specified transitive tag keys can't be set because it conflicts with a transitive tag key from the calling session.",
    );
    const inherited = sessionTagsFor([{ Key: 'env', Value: 'dev' }], undefined, claims);
    assert.ok(inherited.kind === 'ok');
    assert.deepEqual(inherited.value.tags, [
      { key: 'team', value: 'blue' },
      { key: 'env', value: 'dev' },
    ]);
    assert.deepEqual(inherited.value.transitiveTagKeys, ['team']);
  });

  it('source identity persists and cannot change or start with aws:', () => {
    assert.deepEqual(sourceIdentityFor(undefined, { ...claims, sourceIdentity: 'me' }), { kind: 'ok', value: 'me' });
    assert.equal(sourceIdentityFor('you', { ...claims, sourceIdentity: 'me' }).kind === 'ok', false);
    assert.equal(sourceIdentityFor('aws:me', undefined).kind === 'ok', false);
  });

  it('session policies: validated as session policies, at most 10 ARNs, packed size in percent', () => {
    assert.equal(
      sessionPoliciesFor('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]}', undefined)
        .kind === 'ok',
      false,
    );
    assert.equal(
      sessionPoliciesFor(
        undefined,
        Array.from({ length: 11 }, (_, i) => ({ arn: `arn:aws:iam::aws:policy/P${i}` })),
      ).kind === 'ok',
      false,
    );
    const policies = sessionPoliciesFor('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}', undefined);
    const tags = sessionTagsFor(undefined, undefined, undefined);
    assert.ok(policies.kind === 'ok' && tags.kind === 'ok');
    const packed = packedSize(policies.value, tags.value);
    assert.deepEqual(packed, { kind: 'ok', value: Math.ceil((100 * policies.value.packedChars) / 2048) });
  });

  it("principal tags: session tags override the entity's, keys compared case-insensitively", () => {
    assert.deepEqual(
      mergeTags(
        [
          { Key: 'Team', Value: 'red' },
          { Key: 'cost', Value: '1' },
        ],
        [{ key: 'team', value: 'blue' }],
      ),
      { cost: '1', team: 'blue' },
    );
  });
});

describe('saml: condition keys (aws-federation.md §3.6)', () => {
  it('maps known attribute names only: `constructor`, `toString` and `__proto__` are no keys', () => {
    const keys = samlConditionKeys({
      issuer: 'https://idp.example.com',
      recipient: 'https://signin.aws.amazon.com/saml',
      nameId: 'alice',
      nameIdFormat: undefined,
      account: '123456789012',
      providerName: 'Corp',
      attributes: new Map([
        ['constructor', ['x']],
        ['toString', ['x']],
        ['__proto__', ['x']],
        ['urn:oid:0.9.2342.19200300100.1.3', ['alice@example.com']],
      ]),
    });
    assert.deepEqual(Object.keys(keys.trust).sort(), [
      'saml:aud',
      'saml:doc',
      'saml:iss',
      'saml:mail',
      'saml:namequalifier',
      'saml:sub',
      'saml:sub_type',
    ]);
  });
});

describe('session restrictions (§1.7)', () => {
  const base = {
    kind: 'temporary',
    accessKeyId: 'ASIAAAAAAAAAAAAAAAAA',
    secretAccessKey: 'x',
    sessionToken: 't',
    issuedAtMs: 0,
    expiresAtMs: 1,
  } as const;
  const user = {
    type: 'user',
    account: '123456789012',
    arn: 'arn:aws:iam::123456789012:user/u',
    userId: 'AIDA',
    userName: 'u',
    accessKeyId: 'ASIAAAAAAAAAAAAAAAAA',
  } as const;
  const sessionToken = {
    ...base,
    principal: user,
    session: { ...claims, kind: 'session-token', subject: { type: 'user', userId: 'AIDA', userName: 'u', path: '/' } },
  } as const;

  it('GetSessionToken credentials without MFA: IAM is InvalidClientTokenId, other STS calls AccessDenied', () => {
    assert.equal(sessionRestriction(sessionToken, 'iam', 'GetUser')?.code, 'InvalidClientTokenId');
    assert.equal(sessionRestriction(sessionToken, 'sts', 'AssumeRole'), undefined);
    assert.equal(sessionRestriction(sessionToken, 'sts', 'GetCallerIdentity'), undefined);
    assert.equal(sessionRestriction(sessionToken, 'sts', 'DecodeAuthorizationMessage')?.code, 'AccessDenied');
    assert.equal(sessionRestriction({ ...sessionToken, session: { ...sessionToken.session, mfaMs: 5 } }, 'iam', 'GetUser'), undefined);
    assert.equal(sessionRestriction(sessionToken, 'sts', 'GetSessionToken')?.message, 'Cannot call GetSessionToken with session credentials');
  });
});

describe('GetAccessKeyInfo and encoded authorization messages', () => {
  it('a foreign key id decodes to its account', () => {
    assert.equal(accountOfKeyId('AKIAVCODYLSA53PQK4ZA'), '348839763073');
    assert.equal(accountOfKeyId('AKIA0000000000000000'), undefined);
  });

  it("an encoded message decodes to AWS's JSON shape, and only under the key that encoded it", () => {
    const parsed = parsePolicy('{"Version":"2012-10-17","Statement":[{"Sid":"No","Effect":"Deny","Action":"ec2:*","Resource":"*"}]}', 'identity');
    assert.ok(parsed.kind === 'ok');
    const context = createRequestContext({ 'aws:SourceIp': '127.0.0.1', 'aws:TagKeys': ['a', 'b'] });
    const result = evaluate({
      principal: { kind: 'user', account: '123456789012', arn: 'arn:aws:iam::123456789012:user/u', id: 'AIDAX', name: 'u' },
      action: 'ec2:RunInstances',
      resource: 'arn:aws:ec2:us-east-1:123456789012:instance/*',
      context,
      identityPolicies: [compilePolicy(parsed.document, { name: 'p', kind: 'identity' })],
    });
    const encoded = encodeAuthorizationMessage(KEY, describeDecision(result, context), IV);
    const decoded = decodeAuthorizationMessage(KEY, encoded);
    assert.deepEqual(decoded, {
      allowed: false,
      explicitDeny: true,
      matchedStatements: { items: [{ statementId: 'No', effect: 'DENY', sourcePolicyName: 'p', sourcePolicyType: 'identity' }] },
      failures: { items: [] },
      context: {
        principal: { id: 'AIDAX', name: 'u', arn: 'arn:aws:iam::123456789012:user/u' },
        action: 'ec2:RunInstances',
        resource: 'arn:aws:ec2:us-east-1:123456789012:instance/*',
        conditions: {
          items: [
            { key: 'aws:SourceIp', values: { items: [{ value: '127.0.0.1' }] } },
            { key: 'aws:TagKeys', values: { items: [{ value: 'a' }, { value: 'b' }] } },
          ],
        },
      },
    });
    assert.equal(decodeAuthorizationMessage(Buffer.alloc(32, 9), encoded), undefined);
    assert.equal(decodeAuthorizationMessage(KEY, sealToken(KEY, claims, IV)), undefined, 'a session token is not a message');
  });
});

describe('configuration switches', () => {
  it('IAMLAB_ACCESS_DENIED_STYLE and IAMLAB_ROLE_SESSION_MFA: defaults, accepted values, refusals', async () => {
    const { resolveConfig } = await import('../../src/app/config.js');
    const defaults = resolveConfig({}, {}, '/tmp');
    assert.ok(defaults.kind === 'ok');
    assert.deepEqual(defaults.config.authorizer, { accessDeniedStyle: 'classic', roleSessionMfa: 'documented' });
    const set = resolveConfig({}, { IAMLAB_ACCESS_DENIED_STYLE: 'contextual', IAMLAB_ROLE_SESSION_MFA: 'carried' }, '/tmp');
    assert.ok(set.kind === 'ok');
    assert.deepEqual(set.config.authorizer, { accessDeniedStyle: 'contextual', roleSessionMfa: 'carried' });
    assert.deepEqual(resolveConfig({}, { IAMLAB_ACCESS_DENIED_STYLE: 'loud' }, '/tmp'), {
      kind: 'error',
      message: 'IAMLAB_ACCESS_DENIED_STYLE takes `classic` or `contextual`, not `loud`',
    });
    assert.equal(resolveConfig({}, { IAMLAB_ROLE_SESSION_MFA: 'yes' }, '/tmp').kind === 'ok', false);
  });
});
