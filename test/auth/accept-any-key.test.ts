/**
 * `--accept-any-key` below the gateway (design.md "Accepting any key"): which keys the lookup takes as the
 * named account's root and which it leaves to AWS's checks; authentication skipping only the signature;
 * signed aws-chunked bodies read without their secret; the setting's spelling.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { resolveConfig } from '../../src/app/config.js';
import { authenticate } from '../../src/auth/authenticate.js';
import type { AuthResult } from '../../src/auth/authenticate.js';
import { authenticateSigV2 } from '../../src/auth/authenticate-sigv2.js';
import { decodeAwsChunked } from '../../src/auth/chunked/index.js';
import { sealToken } from '../../src/auth/sealed-token.js';
import type { SessionClaims } from '../../src/auth/session-claims.js';
import { SessionOpener } from '../../src/auth/session-opener.js';
import { parseSigV2 } from '../../src/auth/sigv2/index.js';
import { parseSignature, signRequest, SigningKeyCache } from '../../src/auth/sigv4/index.js';
import type { SignableRequest } from '../../src/auth/sigv4/index.js';
import { AwsError } from '../../src/errors/aws-error.js';
import { IdSource, seededRandom } from '../../src/ids/id-source.js';
import { CredentialView } from '../../src/services/identity/credential-view.js';
import { IdentityLookup } from '../../src/services/identity/identity-lookup.js';
import { IamState } from '../../src/services/iam/iam-state.js';
import type { RoleRecord } from '../../src/services/iam/records.js';
import type { Store } from '../../src/store/port.js';
import { accountsRepo } from '../../src/store/repos/identity-repo.js';
import type { StoredAccessKey } from '../../src/store/repos/identity-repo.js';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';
import { AMZ_DATE, collect, crc32Base64, pieces, SCOPE, SEED, signedBody } from '../s3-wire/chunked-fixtures.js';

const LAB = '123456789012';
const ANY = '000000000000';
const NOW = Date.UTC(2030, 0, 2, 3, 4, 5);
const TOKEN_KEY = Buffer.alloc(32, 7);
const ids = new IdSource(seededRandom('accept-any-key'));

const rootKey: StoredAccessKey = {
  accessKeyId: ids.accessKeyId('AKIA', LAB),
  secretAccessKey: ids.secretAccessKey(),
  account: LAB,
  owner: { type: 'root' },
  status: 'Active',
  createdMs: NOW,
};
const role: RoleRecord = {
  kind: 'role',
  account: LAB,
  id: 'AROAROLEROLEROLEROLE1',
  name: 'worker',
  path: '/',
  createdMs: NOW,
  trust: '{}',
  trustPrincipalIds: [],
  description: null,
  maxSessionDuration: 3600,
  boundaryArn: null,
  tags: [],
  inline: [],
  attached: [],
};

function sessionOf(roleId: string): { accessKeyId: string; token: string } {
  const accessKeyId = ids.accessKeyId('ASIA', LAB);
  const claims: SessionClaims = {
    v: 1,
    kind: 'assumed-role',
    accessKeyId,
    account: LAB,
    subject: { type: 'role', roleId, roleArn: `arn:aws:iam::${LAB}:role/worker`, roleName: 'worker', sessionName: 's' },
    issuedMs: NOW,
    expiresMs: NOW + 3_600_000,
    tags: [],
    transitiveTagKeys: [],
  };
  return { accessKeyId, token: sealToken(TOKEN_KEY, claims, Buffer.from(ids.hex(24), 'hex')) };
}

describe('the lookup under --accept-any-key', () => {
  let store: Store;
  let iam: IamState;
  let view: CredentialView;
  let opener: SessionOpener;
  const lookup = (acceptAnyKey?: string): IdentityLookup => new IdentityLookup(view, opener, iam, acceptAnyKey);

  beforeEach(async () => {
    store = await openSqliteStore({ memory: true });
    await store.transaction((tx) => accountsRepo.insert(tx, { id: LAB, createdMs: NOW }));
    iam = await IamState.load(store);
    view = new CredentialView();
    iam.deriveCredentials(view);
    await iam.mutate(() => ({
      writes: [
        { op: 'put-key', key: rootKey },
        { op: 'put', record: role },
      ],
      result: undefined,
    }));
    opener = new SessionOpener(TOKEN_KEY);
  });
  afterEach(async () => {
    await store.close();
  });

  it('without it, a key the lab does not know is not found', () => {
    assert.equal(lookup().find('test'), undefined);
    assert.equal(lookup().find('testing', 'testing'), undefined);
  });

  it('takes a key the lab does not know as the root of the account named, and ignores a session token the lab did not issue', () => {
    assert.deepEqual(lookup(ANY).find('test'), {
      kind: 'any-key',
      accessKeyId: 'test',
      principal: { type: 'root', account: ANY, arn: `arn:aws:iam::${ANY}:root`, userId: ANY, accessKeyId: 'test' },
      sessionTokenIgnored: false,
    });
    const withToken = lookup(ANY).find('testing', 'testing');
    assert.equal(withToken?.kind, 'any-key');
    assert.equal(withToken?.kind === 'any-key' && withToken.sessionTokenIgnored, true, "moto's AWS_SESSION_TOKEN=testing");
    const emptyToken = lookup(ANY).find('AKIAIOSFODNN7EXAMPLE', '');
    assert.equal(emptyToken?.kind === 'any-key' && emptyToken.sessionTokenIgnored, false, 'an empty token is no token');
    assert.equal(lookup(LAB).find('test')?.principal.arn, `arn:aws:iam::${LAB}:root`, "the lab's own account may be named");
  });

  it('leaves every key the lab knows to the usual checks: long-term keys, and lab sessions however they are presented', () => {
    const longTerm = lookup(ANY).find(rootKey.accessKeyId);
    assert.equal(longTerm?.kind, 'long-term', 'a known key, verified with its secret');
    assert.equal(
      lookup(ANY).find(rootKey.accessKeyId, 'testing')?.kind,
      'long-term',
      'a known key with a foreign token: refused later (tokenBelongs)',
    );

    const live = sessionOf(role.id);
    assert.equal(lookup(ANY).find(live.accessKeyId, live.token)?.kind, 'temporary');
    assert.equal(lookup(ANY).find('test', live.token), undefined, "the lab's token with another key id");
    assert.equal(lookup(ANY).find('ASIAIOSFODNN7EXAMPLE', live.token), undefined, "the lab's token with another ASIA key id");
    const orphan = sessionOf('AROAGONEGONEGONEGONE1');
    assert.equal(lookup(ANY).find(orphan.accessKeyId, orphan.token), undefined, 'a session whose role is gone');
  });

  it("refuses an id of the lab's making that names one of its accounts (a deleted key, a session key without its token)", async () => {
    await iam.mutate(() => ({ writes: [{ op: 'delete-key', key: rootKey }], result: undefined }));
    assert.equal(lookup(ANY).find(rootKey.accessKeyId), undefined, 'a deleted key');
    const live = sessionOf(role.id);
    assert.equal(lookup(ANY).find(live.accessKeyId), undefined, 'a session key without its token');
    assert.equal(lookup(ANY).find(live.accessKeyId, 'testing'), undefined, 'a session key with a foreign token');
    assert.equal(lookup(ANY).find(ids.accessKeyId('AKIA', '444455556666'))?.kind, 'any-key', 'the same shape naming no account of the lab');
  });
});

describe('authentication of a key taken by --accept-any-key', () => {
  const host = 'sts.us-east-1.amazonaws.com';
  const request: SignableRequest = { method: 'POST', rawTarget: '/', headers: [['Host', host]] };
  const anyKey = {
    find: (accessKeyId: string) =>
      accessKeyId === rootKey.accessKeyId
        ? {
            kind: 'long-term' as const,
            accessKeyId,
            secretAccessKey: rootKey.secretAccessKey,
            status: 'Active' as const,
            principal: { type: 'root' as const, account: LAB, arn: `arn:aws:iam::${LAB}:root`, userId: LAB, accessKeyId },
          }
        : {
            kind: 'any-key' as const,
            accessKeyId,
            principal: { type: 'root' as const, account: ANY, arn: `arn:aws:iam::${ANY}:root`, userId: ANY, accessKeyId },
            sessionTokenIgnored: false,
          },
  };

  function authenticateSigned(accessKeyId: string, secretAccessKey: string, signedAtMs: number, wallNowMs = NOW): AuthResult {
    const signed = signRequest({ request, accessKeyId, secretAccessKey, region: 'us-east-1', service: 'sts', signedAtMs });
    const parse = parseSignature(signed);
    assert.equal(parse.kind, 'sigv4');
    if (parse.kind !== 'sigv4') throw new Error('not sigv4');
    return authenticate({
      request: signed,
      parsed: parse.parsed,
      bodySha256Hex: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      credentials: anyKey,
      wallNowMs,
      toVirtual: (ms) => ms,
      presignedStart: (_signature, signedAt) => signedAt,
      signingKeys: new SigningKeyCache(16),
    });
  }

  it('does not check the signature of an unknown key, but still its signing time', () => {
    const accepted = authenticateSigned('test', 'whatever', NOW);
    assert.equal(accepted.kind, 'authenticated');
    assert.equal(accepted.kind === 'authenticated' && accepted.principal.arn, `arn:aws:iam::${ANY}:root`);
    const late = authenticateSigned('test', 'whatever', NOW - 20 * 60_000);
    assert.equal(late.kind === 'failed' && late.failure.kind, 'signing-time', 'a request signed 20 minutes ago');
  });

  it('still refuses a known key signed with a wrong secret', () => {
    const wrong = authenticateSigned(rootKey.accessKeyId, 'wrong', NOW);
    assert.equal(wrong.kind === 'failed' && wrong.failure.kind, 'signature-mismatch');
    assert.equal(authenticateSigned(rootKey.accessKeyId, rootKey.secretAccessKey, NOW).kind, 'authenticated');
  });

  it('takes an unknown key in SigV2 without its signature, and checks a known one', () => {
    const sigv2 = (accessKeyId: string): ReturnType<typeof authenticateSigV2> => {
      const raw: SignableRequest = {
        method: 'GET',
        rawTarget: '/bucket/key',
        headers: [
          ['Host', '127.0.0.1'],
          ['Authorization', `AWS ${accessKeyId}:${Buffer.alloc(20, 1).toString('base64')}`],
        ],
      };
      const parsed = parseSigV2(raw);
      if (parsed.kind !== 'sigv2') throw new Error('not sigv2');
      return authenticateSigV2({ request: raw, parsed, authPath: '/bucket/key', credentials: anyKey });
    };
    const accepted = sigv2('test');
    assert.equal(accepted.kind === 'authenticated' && accepted.credential.kind, 'any-key');
    const refused = sigv2(rootKey.accessKeyId);
    assert.equal(refused.kind === 'failed' && refused.failure.kind, 'signature-mismatch');
  });
});

describe('signed aws-chunked bodies of a key taken by --accept-any-key', () => {
  const data = [Buffer.from('hello '), Buffer.from('world'.repeat(500))];
  const whole = Buffer.concat(data);
  const rejectsWith = (promise: Promise<unknown>, code: string): Promise<void> =>
    assert.rejects(promise, (error: unknown) => error instanceof AwsError && error.code === code);

  it('decode without checking chunk or trailer signatures (the secret is unknown)', async () => {
    // Signed by the fixtures with a secret the decoder never sees, and with a wrong seed signature.
    const wrongSeed = { signingKey: Buffer.alloc(32), amzDate: AMZ_DATE, scope: SCOPE, seedSignature: SEED };
    await rejectsWith(collect(decodeAwsChunked(pieces(signedBody(data), 100), { framing: 'signed', signing: wrongSeed })), 'SignatureDoesNotMatch');
    assert.deepEqual(await collect(decodeAwsChunked(pieces(signedBody(data), 100), { framing: 'signed', signing: 'unverified' })), whole);
    const trailed = (crc: string): Promise<Buffer> =>
      collect(
        decodeAwsChunked(pieces(signedBody(data, ['x-amz-checksum-crc32', crc]), 64), {
          framing: 'signed-trailer',
          signing: 'unverified',
          declaredTrailers: ['x-amz-checksum-crc32'],
        }),
      );
    assert.deepEqual(await trailed(crc32Base64(whole)), whole);
    await rejectsWith(trailed('AAAAAA=='), 'BadDigest');
  });

  it('still refuse framing that is wrong: a chunk without its signature, a trailer without its signature', async () => {
    const unsignedChunk = Buffer.from(`${whole.length.toString(16)}\r\n${whole.toString('latin1')}\r\n0\r\n\r\n`, 'latin1');
    await assert.rejects(collect(decodeAwsChunked(pieces(unsignedChunk, 100), { framing: 'signed', signing: 'unverified' })), AwsError);
    const noTrailerSignature = Buffer.from(
      signedBody(data)
        .toString('latin1')
        .replace(/\r\n\r\n$/, '\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n'),
      'latin1',
    );
    await rejectsWith(
      collect(
        decodeAwsChunked(pieces(noTrailerSignature, 100), {
          framing: 'signed-trailer',
          signing: 'unverified',
          declaredTrailers: ['x-amz-checksum-crc32'],
        }),
      ),
      'SignatureDoesNotMatch',
    );
  });
});

describe('the --accept-any-key setting', () => {
  const resolve = (flag: string | undefined, env: NodeJS.ProcessEnv): ReturnType<typeof resolveConfig> =>
    resolveConfig({ acceptAnyKey: flag }, env, '/tmp');

  it('is off by default, read from IAMLAB_ACCEPT_ANY_KEY, and the flag wins', () => {
    const off = resolve(undefined, {});
    assert.equal(off.kind === 'ok' && off.config.acceptAnyKey, undefined);
    const empty = resolve(undefined, { IAMLAB_ACCEPT_ANY_KEY: '' });
    assert.equal(empty.kind === 'ok' && empty.config.acceptAnyKey, undefined);
    const env = resolve(undefined, { IAMLAB_ACCEPT_ANY_KEY: ANY });
    assert.equal(env.kind === 'ok' && env.config.acceptAnyKey, ANY);
    const flag = resolve(LAB, { IAMLAB_ACCEPT_ANY_KEY: ANY });
    assert.equal(flag.kind === 'ok' && flag.config.acceptAnyKey, LAB);
  });

  it('takes 12 digits only, and says which setting is wrong', () => {
    const flag = resolve('test', {});
    assert.equal(flag.kind === 'error' && flag.message, '`--accept-any-key` takes the 12-digit id of the account unknown keys act as, not `test`');
    const env = resolve(undefined, { IAMLAB_ACCEPT_ANY_KEY: '12345' });
    assert.equal(env.kind === 'error' && env.message, 'IAMLAB_ACCEPT_ANY_KEY takes the 12-digit id of the account unknown keys act as, not `12345`');
  });
});
