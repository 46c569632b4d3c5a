/**
 * SAML identity providers (aws-federation.md §3.1–3.2): CreateSAMLProvider, GetSAMLProvider, ListSAMLProviders,
 * UpdateSAMLProvider, DeleteSAMLProvider. Tags are in `tags.ts` with the other entities'. Each operation acts on
 * the provider's ARN; ListSAMLProviders names no resource (`*`).
 */
import { samlProviderArn } from '../../../arn/arn.js';
import type * as Iam from '../../../protocol/models/iam.js';
import { defineOperation } from '../../operation.js';
import type { Operation, ServiceContext } from '../../operation.js';
import { iamErrors } from '../iam-errors.js';
import { arnOf } from '../iam-index.js';
import { requireSamlProvider } from '../lookup.js';
import { sortByKey } from '../paginate.js';
import type { SamlPrivateKeyRecord, SamlProviderRecord } from '../records.js';
import { checkPrivateKey, readMetadata } from '../saml-provider-inputs.js';
import { listedTags, mergeTags } from '../tags.js';

/** `AssertionEncryptionMode` when none is given (recorded GetSAMLProvider after a plain create, §3.1). */
const DEFAULT_ENCRYPTION_MODE = 'Allowed';

/** 22–64 of `[A-Z0-9]`, the model's shape of both `SAMLProviderUUID` and `KeyId`. */
const newId = (ctx: ServiceContext): string => ctx.ids.hex(26).toUpperCase();

function addPrivateKey(ctx: ServiceContext, keys: readonly SamlPrivateKeyRecord[], pem: string | undefined): readonly SamlPrivateKeyRecord[] {
  if (pem === undefined) return keys;
  checkPrivateKey(pem);
  const limit = ctx.iam.quotas.privateKeysPerSamlProvider;
  // At most two, for rotation (model: PrivateKeyList max 2) [U: the text].
  if (keys.length >= limit) throw iamErrors.quota('PrivateKeysPerSAMLProvider', limit);
  return [...keys, { keyId: newId(ctx), pem, addedMs: ctx.nowMs }];
}

const sortedTags = (record: SamlProviderRecord): Iam.Tag[] => listedTags(record.tags, 'SAMLProvider').map((t) => ({ ...t }));

const arnResource = (input: { readonly SAMLProviderArn: string }): string[] => [input.SAMLProviderArn];

const createSamlProvider = defineOperation<Iam.CreateSAMLProviderRequest, Iam.CreateSAMLProviderResponse>({
  name: 'CreateSAMLProvider',
  authorization: { kind: 'policy', action: 'iam:CreateSAMLProvider', resources: (input, ctx) => [samlProviderArn(ctx.account, input.Name)] },
  handle: (input, ctx) =>
    ctx.iam.mutate((index) => {
      const { quotas } = ctx.iam;
      if (index.byName('saml-provider', ctx.account, input.Name) !== undefined) throw iamErrors.samlProviderExists(input.Name);
      if (index.count('saml-provider', ctx.account) >= quotas.samlProvidersPerAccount) {
        throw iamErrors.quota('SAMLProvidersPerAccount', quotas.samlProvidersPerAccount);
      }
      const metadata = readMetadata(input.SAMLMetadataDocument, ctx.nowMs);
      const provider: SamlProviderRecord = {
        kind: 'saml-provider',
        account: ctx.account,
        id: newId(ctx),
        name: input.Name,
        createdMs: ctx.nowMs,
        metadataDocument: input.SAMLMetadataDocument,
        ...metadata,
        assertionEncryptionMode: input.AssertionEncryptionMode ?? DEFAULT_ENCRYPTION_MODE,
        privateKeys: addPrivateKey(ctx, [], input.AddPrivateKey),
        tags: mergeTags([], input.Tags ?? [], quotas.tagsPerEntity, 'SAMLProvider'),
      };
      // `Tags` only when some were given: the recorded answer to a plain create has only the ARN (§3.1).
      const tags = provider.tags.length === 0 ? {} : { Tags: sortedTags(provider) };
      return { writes: [{ op: 'put', record: provider }], result: { SAMLProviderArn: arnOf(provider), ...tags } };
    }, ctx.requestId),
});

const getSamlProvider = defineOperation<Iam.GetSAMLProviderRequest, Iam.GetSAMLProviderResponse>({
  name: 'GetSAMLProvider',
  authorization: { kind: 'policy', action: 'iam:GetSAMLProvider', resources: arnResource },
  handle: async (input, ctx) => {
    const provider = requireSamlProvider(ctx.iam.index, ctx.account, input.SAMLProviderArn);
    // Every member present, `<Tags/>` and `<PrivateKeyList/>` when empty (recorded get-response, §3.1).
    return {
      SAMLProviderUUID: provider.id,
      SAMLMetadataDocument: provider.metadataDocument,
      CreateDate: provider.createdMs,
      ValidUntil: provider.validUntilMs,
      Tags: sortedTags(provider),
      AssertionEncryptionMode: provider.assertionEncryptionMode,
      PrivateKeyList: provider.privateKeys.map((k) => ({ KeyId: k.keyId, Timestamp: k.addedMs })),
    };
  },
});

const listSamlProviders = defineOperation<Iam.ListSAMLProvidersRequest, Iam.ListSAMLProvidersResponse>({
  name: 'ListSAMLProviders',
  authorization: { kind: 'policy', action: 'iam:ListSAMLProviders', resources: () => ['*'] },
  handle: async (_input, ctx) => ({
    // `Arn`, `ValidUntil`, `CreateDate` (recorded list-response); no tags (model documentation).
    SAMLProviderList: sortByKey(ctx.iam.index.all('saml-provider', ctx.account), arnOf).map((p) => ({
      Arn: arnOf(p),
      ValidUntil: p.validUntilMs,
      CreateDate: p.createdMs,
    })),
  }),
});

const updateSamlProvider = defineOperation<Iam.UpdateSAMLProviderRequest, Iam.UpdateSAMLProviderResponse>({
  name: 'UpdateSAMLProvider',
  authorization: { kind: 'policy', action: 'iam:UpdateSAMLProvider', resources: arnResource },
  handle: (input, ctx) =>
    ctx.iam.mutate((index) => {
      const provider = requireSamlProvider(index, ctx.account, input.SAMLProviderArn);
      // [U] a new document's ValidUntil, when it has no validUntil, counts from this upload.
      const metadata =
        input.SAMLMetadataDocument === undefined
          ? {}
          : { metadataDocument: input.SAMLMetadataDocument, ...readMetadata(input.SAMLMetadataDocument, ctx.nowMs) };
      let privateKeys = provider.privateKeys;
      // Removal first, so that one request may swap keys when two are held [U: the model's doc says two requests].
      if (input.RemovePrivateKey !== undefined) {
        const keyId = input.RemovePrivateKey;
        if (!privateKeys.some((k) => k.keyId === keyId)) throw iamErrors.noSuchSamlPrivateKey(keyId);
        privateKeys = privateKeys.filter((k) => k.keyId !== keyId);
      }
      privateKeys = addPrivateKey(ctx, privateKeys, input.AddPrivateKey);
      const updated: SamlProviderRecord = {
        ...provider,
        ...metadata,
        assertionEncryptionMode: input.AssertionEncryptionMode ?? provider.assertionEncryptionMode,
        privateKeys,
      };
      return { writes: [{ op: 'put', record: updated }], result: { SAMLProviderArn: arnOf(updated) } };
    }, ctx.requestId),
});

const deleteSamlProvider = defineOperation<Iam.DeleteSAMLProviderRequest, Record<string, never>>({
  name: 'DeleteSAMLProvider',
  authorization: { kind: 'policy', action: 'iam:DeleteSAMLProvider', resources: arnResource },
  handle: (input, ctx) =>
    ctx.iam.mutate((index) => {
      // Not idempotent: a missing provider is 404 with Get's text [R: delete-not-found].
      const provider = requireSamlProvider(index, ctx.account, input.SAMLProviderArn);
      return {
        writes: [{ op: 'delete', record: provider }],
        events: [{ type: 'saml-provider-deleted', account: provider.account, arn: arnOf(provider) }],
        result: {},
      };
    }, ctx.requestId),
});

export const samlProviderOperations: Operation[] = [createSamlProvider, getSamlProvider, listSamlProviders, updateSamlProvider, deleteSamlProvider];
