/**
 * IAM OpenID Connect providers through the real JS SDK (aws-federation.md §1; docs/aws-behaviour.md §11.1): the
 * answers LocalStack recorded from AWS (test_iam_oidc.snapshot.json, February 2026) — codes, statuses and texts
 * exactly — the members of each answer, persistence across a restart, authorization on the provider's ARN, and
 * the reads the STS side uses.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import {
  AddClientIDToOpenIDConnectProviderCommand,
  CreateAccessKeyCommand,
  CreateOpenIDConnectProviderCommand,
  CreateUserCommand,
  DeleteOpenIDConnectProviderCommand,
  GetAccountSummaryCommand,
  GetOpenIDConnectProviderCommand,
  ListOpenIDConnectProvidersCommand,
  ListOpenIDConnectProviderTagsCommand,
  PutUserPolicyCommand,
  RemoveClientIDFromOpenIDConnectProviderCommand,
  TagOpenIDConnectProviderCommand,
  UntagOpenIDConnectProviderCommand,
  UpdateOpenIDConnectProviderThumbprintCommand,
} from '@aws-sdk/client-iam';
import type { IAMClient } from '@aws-sdk/client-iam';
import { oidcProviderByArn, oidcProviderByUrl } from '../../src/services/iam/index.js';
import type { OidcProviderView } from '../../src/services/iam/index.js';
import { awsCli, awsCliVersion, SKIP_NO_AWS_CLI } from '../support/clients.js';
import { failure, startIamLab } from './iam-lab.js';
import type { IamLab } from './iam-lab.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const ACCOUNT = '123456789012';
const arnOf = (urlWithoutScheme: string): string => `arn:aws:iam::${ACCOUNT}:oidc-provider/${urlWithoutScheme}`;

describe('IAM OIDC providers', () => {
  let l: IamLab;
  let iam: IAMClient;
  before(async () => {
    l = await startIamLab();
    iam = l.iam;
  });
  after(() => l.dispose());

  const create = (Url: string, extra: Partial<{ ClientIDList: string[]; ThumbprintList: string[]; Tags: { Key: string; Value: string }[] }> = {}) =>
    iam.send(new CreateOpenIDConnectProviderCommand({ Url, ThumbprintList: [A], ...extra }));

  it('creates with the URL minus https:// as the ARN, path kept; Get answers the Url without scheme and every list (LS-SNAP create-*, get-response)', async () => {
    const plain = await create('https://oidc-basic.example.com');
    assert.equal(plain.OpenIDConnectProviderArn, arnOf('oidc-basic.example.com'));
    assert.equal(plain.Tags, undefined, 'no Tags member when none were given (create-https)');
    const withPath = await create('https://oidc-get.example.com/test', { ThumbprintList: [B], ClientIDList: ['client-id-1'] });
    assert.equal(withPath.OpenIDConnectProviderArn, arnOf('oidc-get.example.com/test'));
    const got = await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: withPath.OpenIDConnectProviderArn }));
    assert.equal(got.Url, 'oidc-get.example.com/test');
    assert.deepEqual(got.ClientIDList, ['client-id-1']);
    assert.deepEqual(got.ThumbprintList, [B]);
    assert.deepEqual(got.Tags, []);
    assert.ok(got.CreateDate instanceof Date);
  });

  it('refuses a URL that is not https:// with a host: 400 ValidationError (LS-SNAP invalid-url)', async () => {
    for (const Url of ['example.org', 'http://example.org', 'https://example.org/x?a=b', 'https://', 'https:///path', 'https://exa mple.org']) {
      assert.deepEqual(
        await failure(() => create(Url)),
        { code: 'ValidationError', status: 400, message: 'Invalid Open ID Connect Provider URL' },
        Url,
      );
    }
  });

  it('answers the three Coral errors in AWS order and count (LS-SNAP multiple-validation-errors)', async () => {
    const f = await failure(() =>
      iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'b'.repeat(256), ThumbprintList: ['b'.repeat(41)], ClientIDList: ['b'.repeat(256)] })),
    );
    assert.deepEqual(f, {
      code: 'ValidationError',
      status: 400,
      message:
        "3 validation errors detected: Value at 'clientIDList' failed to satisfy constraint: Member must satisfy constraint: " +
        '[Member must have length less than or equal to 255, Member must have length greater than or equal to 1]; ' +
        "Value at 'thumbprintList' failed to satisfy constraint: Member must satisfy constraint: " +
        '[Member must have length less than or equal to 40, Member must have length greater than or equal to 40]; ' +
        "Value at 'url' failed to satisfy constraint: Member must have length less than or equal to 255",
    });
  });

  it('a second provider with the same URL is 409 EntityAlreadyExists naming the URL with its scheme (LS-SNAP duplicate-error)', async () => {
    await create('https://oidc-dup-04669428.example.com');
    assert.deepEqual(await failure(() => create('https://oidc-dup-04669428.example.com')), {
      code: 'EntityAlreadyExists',
      status: 409,
      message: 'Provider with url https://oidc-dup-04669428.example.com already exists.',
    });
  });

  it('URLs compare exactly: case and a trailing slash make other providers (aws-federation.md §1.2)', async () => {
    const upper = await create('https://Case.example.com');
    const lower = await create('https://case.example.com');
    const slash = await create('https://case.example.com/');
    assert.deepEqual(
      [upper, lower, slash].map((r) => r.OpenIDConnectProviderArn),
      [arnOf('Case.example.com'), arnOf('case.example.com'), arnOf('case.example.com/')],
    );
    const got = await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arnOf('case.example.com/') }));
    assert.equal(got.Url, 'case.example.com/');
  });

  it('six thumbprints: 400 InvalidInput in AWS words; 101 client ids: 409 LimitExceeded (LS-SNAP too-many-thumbprints, quota-error)', async () => {
    assert.deepEqual(
      await failure(() => create('https://oidc-thumbs.example.com', { ThumbprintList: ['a', 'b', 'c', 'd', 'e', 'f'].map((c) => c.repeat(40)) })),
      {
        code: 'InvalidInput',
        status: 400,
        message: 'Thumbprint list must contain fewer than 5 entries.',
      },
    );
    const ids = Array.from({ length: 101 }, (_, i) => String(i));
    assert.deepEqual(await failure(() => create('https://oidc-clients.example.com', { ClientIDList: ids })), {
      code: 'LimitExceeded',
      status: 409,
      message: 'Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100',
    });
    // Five thumbprints are allowed.
    await create('https://oidc-five.example.com', { ThumbprintList: ['a', 'b', 'c', 'd', 'e'].map((c) => c.repeat(40)) });
  });

  it('Get and Delete of a missing provider use their own recorded texts; Delete is not idempotent (LS-SNAP not-found-error, test_delete_*)', async () => {
    assert.deepEqual(
      await failure(() => iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arnOf('non-existent.example.com') }))),
      { code: 'NoSuchEntity', status: 404, message: `OpenIDConnect Provider not found for arn ${arnOf('non-existent.example.com')}` },
    );
    const { OpenIDConnectProviderArn: arn = '' } = await create('https://oidc-delete.example.com');
    const deleted = await iam.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
    assert.equal(deleted.$metadata.httpStatusCode, 200);
    assert.deepEqual(await failure(() => iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }))), {
      code: 'NoSuchEntity',
      status: 404,
      message: `OpenIDConnect Provider not found for arn ${arn}`,
    });
    assert.deepEqual(await failure(() => iam.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }))), {
      code: 'NoSuchEntity',
      status: 404,
      message: `OpenId connect Provider ${arn} cannot be found.`,
    });
    // Another account's provider is a resource of that account, which no policy of this one can grant; a value
    // that is not an ARN is InvalidInput, whoever asks.
    const other = 'arn:aws:iam::111111111111:oidc-provider/oidc-basic.example.com';
    assert.equal((await failure(() => iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: other })))).code, 'AccessDenied');
    assert.deepEqual(await failure(() => iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: 'not-an-arn-at-all-xyz' }))), {
      code: 'InvalidInput',
      status: 400,
      message: 'ARN not-an-arn-at-all-xyz is not valid.',
    });
  });

  it('UpdateOpenIDConnectProviderThumbprint replaces the list; empty lists are present in Get (LS-SNAP after-update)', async () => {
    const { OpenIDConnectProviderArn: arn = '' } = await create('https://oidc-update.example.com', { ThumbprintList: [B] });
    await iam.send(
      new UpdateOpenIDConnectProviderThumbprintCommand({ OpenIDConnectProviderArn: arn, ThumbprintList: ['c'.repeat(40), 'd'.repeat(40)] }),
    );
    const got = await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
    assert.deepEqual(got.ThumbprintList, ['c'.repeat(40), 'd'.repeat(40)]);
    assert.deepEqual(got.ClientIDList, []);
    assert.deepEqual(got.Tags, []);
    assert.equal(got.Url, 'oidc-update.example.com');
    const six = ['a', 'b', 'c', 'd', 'e', 'f'].map((c) => c.repeat(40));
    assert.equal(
      (await failure(() => iam.send(new UpdateOpenIDConnectProviderThumbprintCommand({ OpenIDConnectProviderArn: arn, ThumbprintList: six })))).code,
      'InvalidInput',
    );
    assert.equal(
      (
        await failure(() =>
          iam.send(new UpdateOpenIDConnectProviderThumbprintCommand({ OpenIDConnectProviderArn: arnOf('nope.example.com'), ThumbprintList: [A] })),
        )
      ).message,
      `OpenIDConnect Provider not found for arn ${arnOf('nope.example.com')}`,
    );
  });

  it('client ids are a set: Add is idempotent, Remove of an absent one succeeds, the 101st is LimitExceeded', async () => {
    const { OpenIDConnectProviderArn: arn = '' } = await create('https://oidc-clients-set.example.com', { ClientIDList: ['x', 'x', 'y'] });
    const ids = async (): Promise<string[] | undefined> =>
      (await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }))).ClientIDList;
    assert.deepEqual(await ids(), ['x', 'y']);
    await iam.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'x' }));
    await iam.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'sts.amazonaws.com' }));
    assert.deepEqual(await ids(), ['x', 'y', 'sts.amazonaws.com']);
    await iam.send(new RemoveClientIDFromOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'y' }));
    await iam.send(new RemoveClientIDFromOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'never-added' }));
    assert.deepEqual(await ids(), ['x', 'sts.amazonaws.com']);
    for (let i = 0; i < 98; i += 1)
      await iam.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: `c${i}` }));
    assert.equal((await ids())?.length, 100);
    assert.deepEqual(
      await failure(() => iam.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'one-more' }))),
      {
        code: 'LimitExceeded',
        status: 409,
        message: 'Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100',
      },
    );
  });

  it('tags: sorted by key, untag, pages of MaxItems, 50 at most (LS-SNAP after-tagging, after-untagging, final-page, tags-limit-error)', async () => {
    const { OpenIDConnectProviderArn: arn = '', Tags } = await create('https://oidc-tag.example.com', {
      Tags: [
        { Key: 'k2', Value: 'v2' },
        { Key: 'k1', Value: 'v1' },
      ],
    });
    assert.deepEqual(Tags, [
      { Key: 'k1', Value: 'v1' },
      { Key: 'k2', Value: 'v2' },
    ]);
    await iam.send(new TagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, Tags: [{ Key: 'k0', Value: 'v0' }] }));
    await iam.send(new UntagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, TagKeys: ['k2'] }));
    const got = await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
    assert.deepEqual(got.Tags, [
      { Key: 'k0', Value: 'v0' },
      { Key: 'k1', Value: 'v1' },
    ]);
    const listed = await iam.send(new ListOpenIDConnectProviderTagsCommand({ OpenIDConnectProviderArn: arn }));
    assert.deepEqual([listed.Tags, listed.IsTruncated, listed.Marker], [got.Tags, false, undefined]);

    const ten = Array.from({ length: 10 }, (_, i) => ({ Key: `k${String(i).padStart(2, '0')}`, Value: `v${i}` }));
    const { OpenIDConnectProviderArn: many = '' } = await create('https://oidc-tagsmax.example.com', { Tags: ten });
    const first = await iam.send(new ListOpenIDConnectProviderTagsCommand({ OpenIDConnectProviderArn: many, MaxItems: 4 }));
    const second = await iam.send(new ListOpenIDConnectProviderTagsCommand({ OpenIDConnectProviderArn: many, MaxItems: 4, Marker: first.Marker }));
    const third = await iam.send(new ListOpenIDConnectProviderTagsCommand({ OpenIDConnectProviderArn: many, Marker: second.Marker }));
    assert.deepEqual(
      [first, second, third].map((p) => [p.Tags?.length, p.IsTruncated, p.Marker !== undefined]),
      [
        [4, true, true],
        [4, true, true],
        [2, false, false],
      ],
    );
    assert.deepEqual([...(first.Tags ?? []), ...(second.Tags ?? []), ...(third.Tags ?? [])], ten);

    const fifty = Array.from({ length: 50 }, (_, i) => ({ Key: `k${String(i).padStart(2, '0')}`, Value: `v${i}` }));
    const { OpenIDConnectProviderArn: full = '' } = await create('https://oidc-tagslimit.example.com', { Tags: fifty });
    assert.deepEqual(
      await failure(() =>
        iam.send(new TagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: full, Tags: [{ Key: 'string', Value: 'string' }] })),
      ),
      { code: 'LimitExceeded', status: 409, message: 'The number of tags has reached the maximum limit.' },
    );
  });

  it('ListOpenIDConnectProviders lists ARNs only, in ARN order; GetAccountSummary counts them (LS-SNAP list-response)', async () => {
    for (const i of [2, 0, 1]) await create(`https://oidc-list-${i}.example.com`);
    const listed = await iam.send(new ListOpenIDConnectProvidersCommand({}));
    const arns = (listed.OpenIDConnectProviderList ?? []).map((p) => p.Arn ?? '');
    assert.deepEqual(
      arns.filter((a) => a.includes('oidc-list-')),
      [0, 1, 2].map((i) => arnOf(`oidc-list-${i}.example.com`)),
    );
    assert.deepEqual(arns, [...arns].sort());
    for (const entry of listed.OpenIDConnectProviderList ?? []) assert.deepEqual(Object.keys(entry), ['Arn']);
    const summary = await iam.send(new GetAccountSummaryCommand({}));
    assert.equal(summary.SummaryMap?.['Providers'], arns.length);
  });

  it('the STS side finds a provider by the token issuer exactly, and by ARN', async () => {
    await create('https://issuer.example.com/tenant', { ClientIDList: ['sts.amazonaws.com'], Tags: [{ Key: 'team', Value: 'a' }] });
    const state = l.lab.parts.iam;
    const found: OidcProviderView | undefined = oidcProviderByUrl(state, ACCOUNT, 'https://issuer.example.com/tenant');
    assert.ok(found !== undefined);
    assert.deepEqual(
      { ...found, createdMs: typeof found.createdMs },
      {
        arn: arnOf('issuer.example.com/tenant'),
        url: 'https://issuer.example.com/tenant',
        account: ACCOUNT,
        clientIds: ['sts.amazonaws.com'],
        thumbprints: [A],
        createdMs: 'number',
        tags: [{ Key: 'team', Value: 'a' }],
      },
    );
    for (const iss of [
      'https://issuer.example.com/tenant/',
      'https://Issuer.example.com/tenant',
      'issuer.example.com/tenant',
      'http://issuer.example.com/tenant',
    ]) {
      assert.equal(oidcProviderByUrl(state, ACCOUNT, iss), undefined, iss);
    }
    assert.equal(oidcProviderByUrl(state, '111111111111', 'https://issuer.example.com/tenant'), undefined);
    assert.deepEqual(oidcProviderByArn(state, arnOf('issuer.example.com/tenant')), found);
    assert.equal(oidcProviderByArn(state, arnOf('Issuer.example.com/tenant')), undefined);
  });

  it('authorization: iam:<Action> on the provider ARN (CreateOpenIDConnectProvider on the ARN to be)', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'oidc-reader' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'oidc-reader' }))).AccessKey;
    const reader = l.client({ accessKeyId: key?.AccessKeyId ?? '', secretAccessKey: key?.SecretAccessKey ?? '' });
    const allowed = arnOf('oidc-basic.example.com');
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'oidc-reader',
        PolicyName: 'read-one',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: ['iam:GetOpenIDConnectProvider', 'iam:CreateOpenIDConnectProvider'],
              Resource: `arn:aws:iam::${ACCOUNT}:oidc-provider/allowed.example.com`,
            },
          ],
        }),
      }),
    );
    try {
      const denied = await failure(() => reader.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: allowed })));
      assert.equal(denied.status, 403);
      assert.match(denied.message, new RegExp(`iam:GetOpenIDConnectProvider on resource: ${allowed.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      await reader.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://allowed.example.com' }));
      const got = await reader.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arnOf('allowed.example.com') }));
      assert.equal(got.Url, 'allowed.example.com');
      assert.deepEqual(got.ThumbprintList, [], 'no thumbprint given, none computed');
      assert.equal((await failure(() => reader.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://other.example.com' })))).status, 403);
      // Malformed input fails the same for a caller without permission (aws-behaviour.md §10.2).
      assert.equal((await failure(() => reader.send(new CreateOpenIDConnectProviderCommand({ Url: 'example.org' })))).code, 'ValidationError');
    } finally {
      reader.destroy();
    }
  });

  it('aws iam get-open-id-connect-provider prints the provider', async (t) => {
    if (awsCliVersion() === false) return t.skip(SKIP_NO_AWS_CLI);
    const arn = arnOf('oidc-get.example.com/test');
    const result = await awsCli(l.lab.endpoint, l.root, ['iam', 'get-open-id-connect-provider', '--open-id-connect-provider-arn', arn]);
    assert.equal(result.code, 0, result.stderr);
    const out = JSON.parse(result.stdout) as { Url: string; ClientIDList: string[]; ThumbprintList: string[]; Tags: unknown[] };
    assert.deepEqual([out.Url, out.ClientIDList, out.ThumbprintList, out.Tags], ['oidc-get.example.com/test', ['client-id-1'], [B], []]);
  });
});

describe('IAM OIDC providers across a restart, and the idempotent-delete switch', () => {
  it('providers, their client ids, thumbprints and tags survive a restart', async () => {
    const first = await startIamLab({ keepData: true });
    const { dataDir } = first;
    const arn = arnOf('persist.example.com/p');
    try {
      await first.iam.send(
        new CreateOpenIDConnectProviderCommand({
          Url: 'https://persist.example.com/p',
          ClientIDList: ['aud-1'],
          ThumbprintList: [A],
          Tags: [{ Key: 'k', Value: 'v' }],
        }),
      );
      await first.iam.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'aud-2' }));
      await first.iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://gone.example.com' }));
      await first.iam.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arnOf('gone.example.com') }));
    } finally {
      await first.dispose();
    }
    const second = await startIamLab({ dataDir });
    try {
      const got = await second.iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
      assert.deepEqual(
        [got.Url, got.ClientIDList, got.ThumbprintList, got.Tags],
        ['persist.example.com/p', ['aud-1', 'aud-2'], [A], [{ Key: 'k', Value: 'v' }]],
      );
      const listed = await second.iam.send(new ListOpenIDConnectProvidersCommand({}));
      assert.deepEqual(listed.OpenIDConnectProviderList, [{ Arn: arn }]);
      assert.equal(oidcProviderByUrl(second.lab.parts.iam, ACCOUNT, 'https://persist.example.com/p')?.arn, arn);
    } finally {
      await second.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('IAMLAB_OIDC_DELETE_MISSING=succeed makes deleting a missing provider succeed, as the API reference describes', async () => {
    const l = await startIamLab({ env: { IAMLAB_OIDC_DELETE_MISSING: 'succeed' } });
    try {
      const answer = await l.iam.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arnOf('never.example.com') }));
      assert.equal(answer.$metadata.httpStatusCode, 200);
    } finally {
      await l.dispose();
    }
  });
});
