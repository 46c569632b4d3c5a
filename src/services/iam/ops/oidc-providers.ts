/**
 * OpenID Connect identity providers (aws-federation.md §1): CreateOpenIDConnectProvider,
 * GetOpenIDConnectProvider, ListOpenIDConnectProviders, DeleteOpenIDConnectProvider,
 * AddClientIDToOpenIDConnectProvider, RemoveClientIDFromOpenIDConnectProvider,
 * UpdateOpenIDConnectProviderThumbprint. Tags are in `tags.ts` with the other entities'. Each operation acts on
 * the provider's ARN; ListOpenIDConnectProviders names no resource (`*`).
 */
import { oidcProviderArn } from '../../../arn/arn.js';
import type { AwsError } from '../../../errors/aws-error.js';
import type * as Iam from '../../../protocol/models/iam.js';
import { defineOperation } from '../../operation.js';
import type { Operation } from '../../operation.js';
import { iamErrors } from '../iam-errors.js';
import { arnOf } from '../iam-index.js';
import type { IamQuotas } from '../iam-quotas.js';
import { DEFAULT_QUOTAS } from '../iam-quotas.js';
import { requireOidcProvider } from '../lookup.js';
import { oidcProviderOfArn } from '../provider-reads.js';
import { invalidOidcUrl, oidcProviderName } from '../oidc-url.js';
import { sortByKey } from '../paginate.js';
import type { OidcProviderRecord } from '../records.js';
import { listedTags, mergeTags } from '../tags.js';

/** What DeleteOpenIDConnectProvider answers for a provider that does not exist (aws-federation.md §1.6). */
export type OidcDeleteMissing = 'not-found' | 'succeed';

/** "Thumbprint list must contain fewer than 5 entries." for six — AWS's wording, though five are allowed [R]. */
function checkThumbprints(thumbprints: readonly string[] | undefined): AwsError | undefined {
  const limit = DEFAULT_QUOTAS.thumbprintsPerOidcProvider;
  return (thumbprints?.length ?? 0) > limit ? iamErrors.invalidInput(`Thumbprint list must contain fewer than ${limit} entries.`) : undefined;
}

const clientIdQuota = (quotas: IamQuotas): AwsError => iamErrors.quota('ClientIdsPerOpenIdConnectProvider', quotas.clientIdsPerOidcProvider);

/** A set, in the order first given (aws-federation.md §1.3). */
const distinct = (values: readonly string[]): string[] => [...new Set(values)];

const sortedTags = (record: OidcProviderRecord): Iam.Tag[] => listedTags(record.tags, 'OpenIDConnectProvider').map((t) => ({ ...t }));

const arnResource = (input: { readonly OpenIDConnectProviderArn: string }): string[] => [input.OpenIDConnectProviderArn];

const createOidcProvider = defineOperation<Iam.CreateOpenIDConnectProviderRequest, Iam.CreateOpenIDConnectProviderResponse>({
  name: 'CreateOpenIDConnectProvider',
  authorization: {
    kind: 'policy',
    action: 'iam:CreateOpenIDConnectProvider',
    resources: (input, ctx) => [oidcProviderArn(ctx.account, oidcProviderName(input.Url) ?? input.Url)],
  },
  // The URL, then the thumbprints, then the client ids (the order LocalStack's AWS-validated provider checks
  // them in); all before any policy is evaluated, as malformed input (aws-behaviour.md §10.2).
  validate: (input) => {
    if (oidcProviderName(input.Url) === undefined) return invalidOidcUrl();
    const thumbprints = checkThumbprints(input.ThumbprintList);
    if (thumbprints !== undefined) return thumbprints;
    if (distinct(input.ClientIDList ?? []).length > DEFAULT_QUOTAS.clientIdsPerOidcProvider) return clientIdQuota(DEFAULT_QUOTAS);
    return undefined;
  },
  handle: (input, ctx) =>
    ctx.iam.mutate((index) => {
      const name = oidcProviderName(input.Url);
      if (name === undefined) throw invalidOidcUrl();
      const { quotas } = ctx.iam;
      const clientIds = distinct(input.ClientIDList ?? []);
      if (clientIds.length > quotas.clientIdsPerOidcProvider) throw clientIdQuota(quotas);
      if (index.byName('oidc-provider', ctx.account, name) !== undefined) throw iamErrors.oidcProviderExists(input.Url);
      if (index.count('oidc-provider', ctx.account) >= quotas.oidcProvidersPerAccount) {
        // [U] the text, by analogy with the recorded client-id quota (aws-federation.md §1.2).
        throw iamErrors.quota('OpenIdConnectProvidersPerAccount', quotas.oidcProvidersPerAccount);
      }
      const provider: OidcProviderRecord = {
        kind: 'oidc-provider',
        account: ctx.account,
        id: ctx.ids.hex(32),
        name,
        createdMs: ctx.nowMs,
        clientIds,
        thumbprints: [...(input.ThumbprintList ?? [])],
        tags: mergeTags([], input.Tags ?? [], quotas.tagsPerEntity, 'OpenIDConnectProvider'),
      };
      // `Tags` only when some were given: the recorded answer to a create without tags has none (§1.7).
      const tags = provider.tags.length === 0 ? {} : { Tags: sortedTags(provider) };
      return { writes: [{ op: 'put', record: provider }], result: { OpenIDConnectProviderArn: arnOf(provider), ...tags } };
    }, ctx.requestId),
});

const getOidcProvider = defineOperation<Iam.GetOpenIDConnectProviderRequest, Iam.GetOpenIDConnectProviderResponse>({
  name: 'GetOpenIDConnectProvider',
  authorization: { kind: 'policy', action: 'iam:GetOpenIDConnectProvider', resources: arnResource },
  handle: async (input, ctx) => {
    const provider = requireOidcProvider(ctx.iam.index, ctx.account, input.OpenIDConnectProviderArn);
    // Every list present, empty ones as `<ClientIDList/>` and `<Tags/>` (recorded `after-update`, §1.7).
    return {
      Url: provider.name,
      ClientIDList: [...provider.clientIds],
      ThumbprintList: [...provider.thumbprints],
      CreateDate: provider.createdMs,
      Tags: sortedTags(provider),
    };
  },
});

const listOidcProviders = defineOperation<Iam.ListOpenIDConnectProvidersRequest, Iam.ListOpenIDConnectProvidersResponse>({
  name: 'ListOpenIDConnectProviders',
  authorization: { kind: 'policy', action: 'iam:ListOpenIDConnectProviders', resources: () => ['*'] },
  handle: async (_input, ctx) => ({
    OpenIDConnectProviderList: sortByKey(ctx.iam.index.all('oidc-provider', ctx.account).map(arnOf), (arn) => arn).map((Arn) => ({ Arn })),
  }),
});

function deleteOidcProvider(whenMissing: OidcDeleteMissing): Operation {
  return defineOperation<Iam.DeleteOpenIDConnectProviderRequest, Record<string, never>>({
    name: 'DeleteOpenIDConnectProvider',
    authorization: { kind: 'policy', action: 'iam:DeleteOpenIDConnectProvider', resources: arnResource },
    handle: (input, ctx) =>
      ctx.iam.mutate((index) => {
        const arn = input.OpenIDConnectProviderArn;
        const found = oidcProviderOfArn(index, arn);
        if (found === undefined || found.account !== ctx.account) {
          // AWS answers 404 although the model calls the operation idempotent [R: §1.6]; `succeed` follows the model.
          if (whenMissing === 'succeed') return { writes: [], result: {} };
          throw iamErrors.noSuchOidcProviderToDelete(arn);
        }
        return {
          writes: [{ op: 'delete', record: found }],
          events: [{ type: 'oidc-provider-deleted', account: found.account, arn: arnOf(found) }],
          result: {},
        };
      }, ctx.requestId),
  });
}

const addClientId = defineOperation<Iam.AddClientIDToOpenIDConnectProviderRequest, Record<string, never>>({
  name: 'AddClientIDToOpenIDConnectProvider',
  authorization: { kind: 'policy', action: 'iam:AddClientIDToOpenIDConnectProvider', resources: arnResource },
  handle: (input, ctx) =>
    ctx.iam.mutate((index) => {
      const provider = requireOidcProvider(index, ctx.account, input.OpenIDConnectProviderArn);
      // Idempotent for a client id already there (model documentation).
      if (provider.clientIds.includes(input.ClientID)) return { writes: [], result: {} };
      if (provider.clientIds.length >= ctx.iam.quotas.clientIdsPerOidcProvider) throw clientIdQuota(ctx.iam.quotas);
      const updated: OidcProviderRecord = { ...provider, clientIds: [...provider.clientIds, input.ClientID] };
      return { writes: [{ op: 'put', record: updated }], result: {} };
    }, ctx.requestId),
});

const removeClientId = defineOperation<Iam.RemoveClientIDFromOpenIDConnectProviderRequest, Record<string, never>>({
  name: 'RemoveClientIDFromOpenIDConnectProvider',
  authorization: { kind: 'policy', action: 'iam:RemoveClientIDFromOpenIDConnectProvider', resources: arnResource },
  handle: (input, ctx) =>
    ctx.iam.mutate((index) => {
      const provider = requireOidcProvider(index, ctx.account, input.OpenIDConnectProviderArn);
      // Idempotent for a client id that is not there (model documentation).
      if (!provider.clientIds.includes(input.ClientID)) return { writes: [], result: {} };
      const updated: OidcProviderRecord = { ...provider, clientIds: provider.clientIds.filter((id) => id !== input.ClientID) };
      return { writes: [{ op: 'put', record: updated }], result: {} };
    }, ctx.requestId),
});

const updateThumbprint = defineOperation<Iam.UpdateOpenIDConnectProviderThumbprintRequest, Record<string, never>>({
  name: 'UpdateOpenIDConnectProviderThumbprint',
  authorization: { kind: 'policy', action: 'iam:UpdateOpenIDConnectProviderThumbprint', resources: arnResource },
  // [U] the create-time limit and text apply here too.
  validate: (input) => checkThumbprints(input.ThumbprintList),
  handle: (input, ctx) =>
    ctx.iam.mutate((index) => {
      const provider = requireOidcProvider(index, ctx.account, input.OpenIDConnectProviderArn);
      const updated: OidcProviderRecord = { ...provider, thumbprints: [...input.ThumbprintList] };
      return { writes: [{ op: 'put', record: updated }], result: {} };
    }, ctx.requestId),
});

export function oidcProviderOperations(whenDeleteMissing: OidcDeleteMissing): Operation[] {
  return [
    createOidcProvider,
    getOidcProvider,
    listOidcProviders,
    deleteOidcProvider(whenDeleteMissing),
    addClientId,
    removeClientId,
    updateThumbprint,
  ];
}
