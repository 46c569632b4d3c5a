/**
 * IAM SAML providers through the real JS SDK (aws-federation.md §3.1–3.2; docs/aws-behaviour.md §11.2): the
 * answers LocalStack recorded from AWS (test_iam_saml_providers.snapshot.json, February 2026) — members, the
 * `Manifest not found` text — metadata read by the federation layer, private keys, tags, persistence across a
 * restart, and the read the STS side uses.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import {
  CreateSAMLProviderCommand,
  DeleteSAMLProviderCommand,
  GetAccountSummaryCommand,
  GetSAMLProviderCommand,
  ListSAMLProvidersCommand,
  ListSAMLProviderTagsCommand,
  TagSAMLProviderCommand,
  UntagSAMLProviderCommand,
  UpdateSAMLProviderCommand,
} from '@aws-sdk/client-iam';
import type { IAMClient } from '@aws-sdk/client-iam';
import { samlProviderByArn } from '../../src/services/iam/index.js';
import type { SamlProviderView } from '../../src/services/iam/index.js';
import { OPENSSL_RSA2048_CERTIFICATE, OPENSSL_RSA768_CERTIFICATE } from '../federation/saml-fixtures.js';
import { awsCli, awsCliVersion, SKIP_NO_AWS_CLI } from '../support/clients.js';
import { failure, startIamLab } from './iam-lab.js';
import type { IamLab } from './iam-lab.js';

const ACCOUNT = '123456789012';
const arnOf = (name: string): string => `arn:aws:iam::${ACCOUNT}:saml-provider/${name}`;

/** IdP metadata in the shape of LocalStack's recorded test (its template, with a real 2048-bit certificate). */
function metadata(options: { host?: string; certificate?: string; validUntil?: string } = {}): string {
  const host = options.host ?? 'test-idp.example.com';
  const validUntil = options.validUntil === undefined ? '' : ` validUntil="${options.validUntil}"`;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>` +
    `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://${host}/saml"${validUntil}>` +
    `<md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">` +
    `<md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data>` +
    `<ds:X509Certificate>${options.certificate ?? OPENSSL_RSA2048_CERTIFICATE}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>` +
    `<md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>` +
    `<md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:persistent</md:NameIDFormat>` +
    `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://${host}/saml/sso"/>` +
    `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://${host}/saml/sso"/>` +
    `</md:IDPSSODescriptor></md:EntityDescriptor>`
  );
}

const privateKeyPem = (): string =>
  generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

const years = (from: Date | undefined, to: Date | undefined): number => (to?.getUTCFullYear() ?? 0) - (from?.getUTCFullYear() ?? 0);

describe('IAM SAML providers', () => {
  let l: IamLab;
  let iam: IAMClient;
  before(async () => {
    l = await startIamLab();
    iam = l.iam;
  });
  after(() => l.dispose());

  const create = (
    Name: string,
    extra: Partial<{ Tags: { Key: string; Value: string }[]; AddPrivateKey: string; AssertionEncryptionMode: 'Required' | 'Allowed' }> = {},
  ) => iam.send(new CreateSAMLProviderCommand({ Name, SAMLMetadataDocument: metadata(), ...extra }));

  it('creates arn:aws:iam::<account>:saml-provider/<Name>, answering only the ARN (LS-SNAP create-response)', async () => {
    const created = await create('TestSAMLProvider-create');
    assert.equal(created.SAMLProviderArn, arnOf('TestSAMLProvider-create'));
    assert.equal(created.Tags, undefined);
  });

  it('GetSAMLProvider answers every member: mode Allowed, empty key list and tags, a UUID, ValidUntil (LS-SNAP get-response)', async () => {
    const { SAMLProviderArn: arn } = await create('TestSAMLProvider-get');
    const got = await iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn }));
    assert.equal(got.AssertionEncryptionMode, 'Allowed');
    assert.deepEqual(got.PrivateKeyList, []);
    assert.deepEqual(got.Tags, []);
    assert.equal(got.SAMLMetadataDocument, metadata());
    assert.match(got.SAMLProviderUUID ?? '', /^[A-Z0-9]{22,64}$/);
    assert.ok(got.CreateDate instanceof Date);
    // No validUntil in the metadata: a century ahead (aws-behaviour.md §11.2 [U]).
    assert.equal(years(got.CreateDate, got.ValidUntil), 100);
  });

  it("ValidUntil is the metadata's validUntil when it has one", async () => {
    const { SAMLProviderArn: arn } = await iam.send(
      new CreateSAMLProviderCommand({ Name: 'valid-until', SAMLMetadataDocument: metadata({ validUntil: '2031-05-06T07:08:09Z' }) }),
    );
    const got = await iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn }));
    assert.equal(got.ValidUntil?.toISOString(), '2031-05-06T07:08:09.000Z');
  });

  it('Get, Delete and the other operations of a missing provider: 404 Manifest not found (LS-SNAP get-not-found, delete-not-found)', async () => {
    const missing = arnOf('NonExistentProvider');
    const expected = { code: 'NoSuchEntity', status: 404, message: `Manifest not found for arn ${missing}` };
    assert.deepEqual(await failure(() => iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: missing }))), expected);
    assert.deepEqual(await failure(() => iam.send(new DeleteSAMLProviderCommand({ SAMLProviderArn: missing }))), expected);
    assert.deepEqual(
      await failure(() => iam.send(new UpdateSAMLProviderCommand({ SAMLProviderArn: missing, AssertionEncryptionMode: 'Required' }))),
      expected,
    );
    assert.deepEqual(await failure(() => iam.send(new ListSAMLProviderTagsCommand({ SAMLProviderArn: missing }))), expected);
    assert.deepEqual(await failure(() => iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: 'not-an-arn-of-anything' }))), {
      code: 'InvalidInput',
      status: 400,
      message: 'ARN not-an-arn-of-anything is not valid.',
    });
  });

  it('Delete removes the provider, and a second Delete is 404 (LS-SNAP delete-response)', async () => {
    const { SAMLProviderArn: arn = '' } = await create('TestSAMLProvider-delete');
    assert.ok((await iam.send(new ListSAMLProvidersCommand({}))).SAMLProviderList?.some((p) => p.Arn === arn));
    const deleted = await iam.send(new DeleteSAMLProviderCommand({ SAMLProviderArn: arn }));
    assert.equal(deleted.$metadata.httpStatusCode, 200);
    assert.ok(!(await iam.send(new ListSAMLProvidersCommand({}))).SAMLProviderList?.some((p) => p.Arn === arn));
    assert.equal((await failure(() => iam.send(new DeleteSAMLProviderCommand({ SAMLProviderArn: arn })))).status, 404);
    assert.equal(samlProviderByArn(l.lab.parts.iam, arn), undefined);
  });

  it('a second provider of the same name is 409 EntityAlreadyExists', async () => {
    await create('dup-provider');
    assert.deepEqual(await failure(() => create('dup-provider')), {
      code: 'EntityAlreadyExists',
      status: 409,
      message: 'Provider with name dup-provider already exists.',
    });
  });

  it('metadata IAM cannot use is 400 InvalidInput `Could not parse metadata.`: not XML, no IdP descriptor, a 768-bit key', async () => {
    const documents = [
      'x'.repeat(1200),
      metadata().replace(/IDPSSODescriptor/g, 'SPSSODescriptor'),
      metadata({ certificate: OPENSSL_RSA768_CERTIFICATE }),
      `\uFEFF${metadata()}`,
      metadata().replace('<md:EntityDescriptor', '<!DOCTYPE x [<!ENTITY e "e">]><md:EntityDescriptor'),
    ];
    for (const [i, SAMLMetadataDocument] of documents.entries()) {
      assert.deepEqual(
        await failure(() => iam.send(new CreateSAMLProviderCommand({ Name: `bad-${i}`, SAMLMetadataDocument }))),
        { code: 'InvalidInput', status: 400, message: 'Could not parse metadata.' },
        `document ${i}`,
      );
    }
    const { SAMLProviderArn: arn } = await create('update-bad');
    assert.equal(
      (await failure(() => iam.send(new UpdateSAMLProviderCommand({ SAMLProviderArn: arn, SAMLMetadataDocument: 'y'.repeat(1500) })))).message,
      'Could not parse metadata.',
    );
    // Shorter than the model's 1000 characters: the Coral error.
    const short = await failure(() => iam.send(new CreateSAMLProviderCommand({ Name: 'short', SAMLMetadataDocument: '<x/>' })));
    assert.deepEqual(
      [short.code, short.message],
      [
        'ValidationError',
        "1 validation error detected: Value at 'sAMLMetadataDocument' failed to satisfy constraint: Member must have length greater than or equal to 1000",
      ],
    );
  });

  it('UpdateSAMLProvider replaces the metadata and answers the ARN (LS-SNAP update-response, get-after-update)', async () => {
    const { SAMLProviderArn: arn = '' } = await create('TestSAMLProvider-update');
    const before = await iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn }));
    const updated = await iam.send(
      new UpdateSAMLProviderCommand({ SAMLProviderArn: arn, SAMLMetadataDocument: metadata({ host: 'updated-idp.example.com' }) }),
    );
    assert.equal(updated.SAMLProviderArn, arn);
    const got = await iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn }));
    assert.ok(got.SAMLMetadataDocument?.includes('updated-idp.example.com'));
    assert.deepEqual([got.SAMLProviderUUID, got.AssertionEncryptionMode, got.PrivateKeyList, got.Tags], [before.SAMLProviderUUID, 'Allowed', [], []]);
    assert.equal(samlProviderByArn(l.lab.parts.iam, arn)?.entityId, 'https://updated-idp.example.com/saml');
  });

  it('private keys: added on create or update, listed by KeyId and Timestamp, two at most, removed by KeyId; encryption mode kept', async () => {
    const first = privateKeyPem();
    const { SAMLProviderArn: arn = '' } = await create('keys', { AddPrivateKey: first, AssertionEncryptionMode: 'Required' });
    const keys = async () => (await iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn }))).PrivateKeyList ?? [];
    const [one] = await keys();
    assert.match(one?.KeyId ?? '', /^[A-Z0-9]{22,64}$/);
    assert.ok(one?.Timestamp instanceof Date);
    await iam.send(new UpdateSAMLProviderCommand({ SAMLProviderArn: arn, AddPrivateKey: privateKeyPem() }));
    assert.equal((await keys()).length, 2);
    const third = await failure(() => iam.send(new UpdateSAMLProviderCommand({ SAMLProviderArn: arn, AddPrivateKey: privateKeyPem() })));
    assert.deepEqual([third.code, third.status], ['LimitExceeded', 409]);
    await iam.send(new UpdateSAMLProviderCommand({ SAMLProviderArn: arn, RemovePrivateKey: one?.KeyId }));
    const left = await keys();
    assert.equal(left.length, 1);
    assert.notEqual(left[0]?.KeyId, one?.KeyId);
    const unknown = await failure(() => iam.send(new UpdateSAMLProviderCommand({ SAMLProviderArn: arn, RemovePrivateKey: one?.KeyId })));
    assert.deepEqual([unknown.code, unknown.status], ['NoSuchEntity', 404]);
    const bad = await failure(() =>
      iam.send(
        new UpdateSAMLProviderCommand({ SAMLProviderArn: arn, AddPrivateKey: '-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----\n' }),
      ),
    );
    assert.deepEqual([bad.code, bad.status], ['InvalidInput', 400]);
    const got = await iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn }));
    assert.equal(got.AssertionEncryptionMode, 'Required');
    // The STS side gets the key material; IAM's answers never carry it.
    const view: SamlProviderView | undefined = samlProviderByArn(l.lab.parts.iam, arn);
    assert.equal(view?.privateKeys.length, 1);
    assert.match(view?.privateKeys[0]?.pem ?? '', /BEGIN PRIVATE KEY/);
    await iam.send(new UpdateSAMLProviderCommand({ SAMLProviderArn: arn, AssertionEncryptionMode: 'Allowed' }));
    assert.equal((await iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn }))).AssertionEncryptionMode, 'Allowed');
  });

  it('tags: sorted by key, untag, list, 50 at most', async () => {
    const { SAMLProviderArn: arn = '', Tags } = await create('tagged', {
      Tags: [
        { Key: 'b', Value: '2' },
        { Key: 'a', Value: '1' },
      ],
    });
    assert.deepEqual(
      Tags?.map((t) => t.Key),
      ['a', 'b'],
    );
    await iam.send(new TagSAMLProviderCommand({ SAMLProviderArn: arn, Tags: [{ Key: 'c', Value: '3' }] }));
    await iam.send(new UntagSAMLProviderCommand({ SAMLProviderArn: arn, TagKeys: ['a'] }));
    const listed = await iam.send(new ListSAMLProviderTagsCommand({ SAMLProviderArn: arn }));
    assert.deepEqual([listed.Tags?.map((t) => t.Key), listed.IsTruncated], [['b', 'c'], false]);
    const many = Array.from({ length: 48 }, (_, i) => ({ Key: `k${String(i).padStart(2, '0')}`, Value: 'v' }));
    await iam.send(new TagSAMLProviderCommand({ SAMLProviderArn: arn, Tags: many }));
    assert.deepEqual(await failure(() => iam.send(new TagSAMLProviderCommand({ SAMLProviderArn: arn, Tags: [{ Key: 'one-more', Value: 'v' }] }))), {
      code: 'LimitExceeded',
      status: 409,
      message: 'The number of tags has reached the maximum limit.',
    });
  });

  it('ListSAMLProviders answers Arn, ValidUntil and CreateDate per provider, in ARN order (LS-SNAP list-response)', async () => {
    const listed = (await iam.send(new ListSAMLProvidersCommand({}))).SAMLProviderList ?? [];
    assert.ok(listed.length >= 5);
    for (const entry of listed) assert.deepEqual(Object.keys(entry).sort(), ['Arn', 'CreateDate', 'ValidUntil']);
    const arns = listed.map((p) => p.Arn ?? '');
    assert.deepEqual(arns, [...arns].sort());
    const summary = await iam.send(new GetAccountSummaryCommand({}));
    assert.equal(summary.SummaryMap?.['Providers'], listed.length);
  });

  it('the STS side reads the provider by ARN, exactly', async () => {
    const { SAMLProviderArn: arn = '' } = await create('for-sts', { Tags: [{ Key: 't', Value: 'v' }] });
    const view = samlProviderByArn(l.lab.parts.iam, arn);
    assert.ok(view !== undefined);
    assert.deepEqual(
      {
        arn: view.arn,
        name: view.name,
        account: view.account,
        entityId: view.entityId,
        signingCertificates: view.signingCertificates,
        mode: view.assertionEncryptionMode,
        keys: view.privateKeys,
        tags: view.tags,
        document: view.metadataDocument === metadata(),
        century: new Date(view.validUntilMs).getUTCFullYear() - new Date(view.createdMs).getUTCFullYear(),
      },
      {
        arn,
        name: 'for-sts',
        account: ACCOUNT,
        entityId: 'https://test-idp.example.com/saml',
        signingCertificates: [OPENSSL_RSA2048_CERTIFICATE],
        mode: 'Allowed',
        keys: [],
        tags: [{ Key: 't', Value: 'v' }],
        document: true,
        century: 100,
      },
    );
    const uuid = (await iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn }))).SAMLProviderUUID;
    assert.equal(view.uuid, uuid);
    assert.equal(samlProviderByArn(l.lab.parts.iam, arnOf('FOR-STS')), undefined);
    assert.equal(samlProviderByArn(l.lab.parts.iam, `arn:aws:iam::111111111111:saml-provider/for-sts`), undefined);
  });

  it('aws iam list-saml-providers prints the providers', async (t) => {
    if (awsCliVersion() === false) return t.skip(SKIP_NO_AWS_CLI);
    const result = await awsCli(l.lab.endpoint, l.root, ['iam', 'list-saml-providers']);
    assert.equal(result.code, 0, result.stderr);
    const out = JSON.parse(result.stdout) as { SAMLProviderList: { Arn: string }[] };
    assert.ok(out.SAMLProviderList.some((p) => p.Arn === arnOf('for-sts')));
  });
});

describe('IAM SAML providers across a restart', () => {
  it('the provider, its metadata reading, keys and tags survive a restart', async () => {
    const first = await startIamLab({ keepData: true });
    const { dataDir } = first;
    const arn = arnOf('persisted');
    let uuid: string | undefined;
    try {
      await first.iam.send(
        new CreateSAMLProviderCommand({
          Name: 'persisted',
          SAMLMetadataDocument: metadata({ validUntil: '2040-01-01T00:00:00Z' }),
          AddPrivateKey: privateKeyPem(),
          Tags: [{ Key: 'k', Value: 'v' }],
        }),
      );
      uuid = (await first.iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn }))).SAMLProviderUUID;
    } finally {
      await first.dispose();
    }
    const second = await startIamLab({ dataDir });
    try {
      const got = await second.iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn }));
      assert.deepEqual(
        [got.SAMLProviderUUID, got.ValidUntil?.toISOString(), got.PrivateKeyList?.length, got.Tags, got.SAMLMetadataDocument],
        [uuid, '2040-01-01T00:00:00.000Z', 1, [{ Key: 'k', Value: 'v' }], metadata({ validUntil: '2040-01-01T00:00:00Z' })],
      );
      assert.equal(samlProviderByArn(second.lab.parts.iam, arn)?.entityId, 'https://test-idp.example.com/saml');
    } finally {
      await second.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
