/**
 * The token issuers the lab plays — any issuer URL a user names, the GitHub Actions and EKS presets, and every
 * account's outbound web identity federation issuer (aws-federation.md §2.7, §2.8, §6) — with their signing keys,
 * in memory and in the store (a StateView, store/state-view.ts). A key is made the first time an issuer signs
 * with an algorithm and kept, so tokens stay verifiable across restarts; a reset forgets them all.
 */
import { generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import { JWS_ALGORITHMS, type JwsAlgorithm } from '../../federation/jwt/jose-algorithms.js';
import { jwkThumbprint, publicJwk, type JwkSet } from '../../federation/jwt/jwk.js';
import type { IdSource } from '../../ids/id-source.js';
import type { LabSync } from '../../store/lab-sync.js';
import type { Json, Store } from '../../store/port.js';
import type { ViewSpec } from '../../store/state-view.js';
import { StateView } from '../../store/state-view.js';
import { isOutboundIssuerUrl, outboundIssuerUrl } from './issuer-url.js';
import { uuidV4 } from '../../lib/uuid.js';
import {
  EKS_CLUSTER_ID_KEY,
  OIDC_ISSUERS_COLLECTION,
  outboundFromJson,
  outboundKey,
  outboundToJson,
  signingKeyFromJson,
  signingKeyKey,
  signingKeyToJson,
  type OidcWrite,
  type OutboundFederation,
  type SigningKey,
} from './issuer-records.js';

interface IssuersData {
  /** Issuer URL → its keys, in the order of `JWS_ALGORITHMS` (one per algorithm). */
  readonly keys: Map<string, SigningKey[]>;
  eksClusterId: string | undefined;
  readonly outbound: Map<string, OutboundFederation>;
}

const generate = promisify(generateKeyPair);
const ALG_ORDER = Object.keys(JWS_ALGORITHMS);
const RSA_BITS = 2048;

const ISSUERS_VIEW: ViewSpec<IssuersData, OidcWrite> = {
  name: 'OIDC issuers',
  read: async (tx) => {
    const data: IssuersData = { keys: new Map(), eksClusterId: undefined, outbound: new Map() };
    const writes: OidcWrite[] = [];
    for (const { key, value } of await tx.list(OIDC_ISSUERS_COLLECTION)) {
      if (key.startsWith('key|')) writes.push({ kind: 'put-key', key: signingKeyFromJson(value) });
      else if (key.startsWith('outbound|')) writes.push({ kind: 'put-outbound', record: outboundFromJson(value) });
      else if (key === EKS_CLUSTER_ID_KEY) writes.push({ kind: 'put-eks-cluster-id', id: (value as { id: string }).id });
    }
    ISSUERS_VIEW.apply(data, writes);
    return data;
  },
  write: async (tx, writes) => {
    for (const write of writes) {
      switch (write.kind) {
        case 'put-key':
          await tx.put(OIDC_ISSUERS_COLLECTION, signingKeyKey(write.key.issuer, write.key.alg), signingKeyToJson(write.key));
          break;
        case 'put-eks-cluster-id':
          await tx.put(OIDC_ISSUERS_COLLECTION, EKS_CLUSTER_ID_KEY, { id: write.id });
          break;
        case 'put-outbound':
          await tx.put(OIDC_ISSUERS_COLLECTION, outboundKey(write.record.account), outboundToJson(write.record));
          break;
      }
    }
  },
  apply: (data, writes) => {
    for (const write of writes) {
      switch (write.kind) {
        case 'put-key': {
          const list = (data.keys.get(write.key.issuer) ?? []).filter((k) => k.alg !== write.key.alg);
          data.keys.set(
            write.key.issuer,
            [...list, write.key].sort((a, b) => ALG_ORDER.indexOf(a.alg) - ALG_ORDER.indexOf(b.alg)),
          );
          break;
        }
        case 'put-eks-cluster-id':
          data.eksClusterId = write.id;
          break;
        case 'put-outbound':
          data.outbound.set(write.record.account, write.record);
          break;
      }
    }
  },
  // Signing keys are key objects: through the change feed they travel as they are stored.
  encode: (writes) =>
    writes.map((write): Json => {
      switch (write.kind) {
        case 'put-key':
          return { kind: write.kind, key: signingKeyToJson(write.key) };
        case 'put-outbound':
          return { kind: write.kind, record: outboundToJson(write.record) };
        case 'put-eks-cluster-id':
          return { kind: write.kind, id: write.id };
      }
    }),
  decode: (json) =>
    (json as readonly { readonly kind: string; readonly key?: Json; readonly record?: Json; readonly id?: string }[]).map((write): OidcWrite => {
      if (write.kind === 'put-key') return { kind: 'put-key', key: signingKeyFromJson(write.key ?? null) };
      if (write.kind === 'put-outbound') return { kind: 'put-outbound', record: outboundFromJson(write.record ?? null) };
      return { kind: 'put-eks-cluster-id', id: String(write.id) };
    }),
};

type EnableOutcome = { readonly kind: 'enabled' | 'already-enabled'; readonly record: OutboundFederation };

interface IssuerSummary {
  readonly issuer: string;
  readonly keys: readonly { readonly kid: string; readonly alg: JwsAlgorithm; readonly createdMs: number }[];
  /** Set for an account's outbound web identity federation issuer. */
  readonly outboundAccount?: string;
}

export class OidcIssuers {
  readonly #view: StateView<IssuersData, OidcWrite, never>;
  readonly #ids: IdSource;

  private constructor(view: StateView<IssuersData, OidcWrite, never>, ids: IdSource) {
    this.#view = view;
    this.#ids = ids;
  }

  static async load(store: Store, ids: IdSource, sync?: LabSync): Promise<OidcIssuers> {
    return new OidcIssuers(await StateView.load<IssuersData, OidcWrite, never>(store, ISSUERS_VIEW, sync === undefined ? {} : { sync }), ids);
  }

  /** Re-reads the store (reset, recovery after an outage). */
  reload(): Promise<void> {
    return this.#view.reload();
  }

  /**
   * The public keys of an issuer the lab signs for, as its `jwks_uri` serves them; undefined when the lab
   * holds no key for it (a token from such an issuer cannot be verified, aws-federation.md §2.2 step 4).
   */
  publicKeys(issuer: string): JwkSet | undefined {
    const keys = this.#view.data.keys.get(issuer);
    return keys === undefined ? undefined : { keys: keys.map((key) => key.jwk) };
  }

  /**
   * `publicKeys` for AssumeRoleWithWebIdentity: never an outbound federation issuer's, whose tokens AWS does not
   * take back in (aws-federation.md §6.2; IAM-UG id_roles_providers_outbound_getting_started).
   */
  inboundPublicKeys(issuer: string): JwkSet | undefined {
    return isOutboundIssuerUrl(issuer) ? undefined : this.publicKeys(issuer);
  }

  /** Every issuer the lab holds keys for, in URL order. */
  issuers(): IssuerSummary[] {
    const outbound = new Map([...this.#view.data.outbound.values()].map((record) => [outboundIssuerUrl(record.issuerId), record.account]));
    return [...this.#view.data.keys.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([issuer, keys]) => {
        const account = outbound.get(issuer);
        return {
          issuer,
          keys: keys.map(({ kid, alg, createdMs }) => ({ kid, alg, createdMs })),
          ...(account === undefined ? {} : { outboundAccount: account }),
        };
      });
  }

  /** The issuer's key for `alg`, made (and stored) now when it has none yet. */
  async signingKey(issuer: string, alg: JwsAlgorithm, nowMs: number): Promise<SigningKey> {
    const existing = this.#find(issuer, alg);
    if (existing !== undefined) return existing;
    return this.#view.mutate(async (data) => {
      const made = data.keys.get(issuer)?.find((key) => key.alg === alg);
      if (made !== undefined) return { result: made };
      const key = await newSigningKey(issuer, alg, nowMs);
      return { writes: [{ kind: 'put-key', key }], result: key };
    });
  }

  /** The lab's EKS cluster id (32 upper-case hex digits, aws-federation.md §2.8), made once and kept. */
  async eksClusterId(): Promise<string> {
    const known = this.#view.data.eksClusterId;
    if (known !== undefined) return known;
    return this.#view.mutate((data) => {
      if (data.eksClusterId !== undefined) return { result: data.eksClusterId };
      const id = this.#ids.hex(32).toUpperCase();
      return { writes: [{ kind: 'put-eks-cluster-id', id }], result: id };
    });
  }

  outboundFederation(account: string): OutboundFederation | undefined {
    return this.#view.data.outbound.get(account);
  }

  /**
   * Turns the account's outbound federation on, with its issuer's keys for both algorithms GetWebIdentityToken
   * offers (RS256, ES384, aws-federation.md §6.2) made now so its JWKS is complete before the first token.
   * `already-enabled` changes nothing.
   */
  async enableOutbound(account: string, nowMs: number): Promise<EnableOutcome> {
    return this.#view.mutate<EnableOutcome>(async (data) => {
      const current = data.outbound.get(account);
      if (current?.enabled === true) return { result: { kind: 'already-enabled', record: current } };
      const record: OutboundFederation = {
        account,
        issuerId: current?.issuerId ?? uuidV4(Buffer.from(this.#ids.hex(32), 'hex')),
        enabled: true,
        changedMs: nowMs,
      };
      const issuer = outboundIssuerUrl(record.issuerId);
      const writes: OidcWrite[] = [{ kind: 'put-outbound', record }];
      for (const alg of ['RS256', 'ES384'] as const) {
        if (data.keys.get(issuer)?.some((key) => key.alg === alg) !== true) {
          writes.push({ kind: 'put-key', key: await newSigningKey(issuer, alg, nowMs) });
        }
      }
      return { writes, result: { kind: 'enabled', record } };
    });
  }

  /** Turns it off; the issuer id and keys are kept (issued tokens stay verifiable, aws-federation.md §6.1). */
  async disableOutbound(account: string, nowMs: number): Promise<'disabled' | 'not-enabled'> {
    return this.#view.mutate((data) => {
      const current = data.outbound.get(account);
      if (current?.enabled !== true) return { result: 'not-enabled' as const };
      return { writes: [{ kind: 'put-outbound', record: { ...current, enabled: false, changedMs: nowMs } }], result: 'disabled' as const };
    });
  }

  #find(issuer: string, alg: JwsAlgorithm): SigningKey | undefined {
    return this.#view.data.keys.get(issuer)?.find((key) => key.alg === alg);
  }
}

async function newSigningKey(issuer: string, alg: JwsAlgorithm, nowMs: number): Promise<SigningKey> {
  const spec = JWS_ALGORITHMS[alg];
  const { privateKey } = spec.kty === 'RSA' ? await generate('rsa', { modulusLength: RSA_BITS }) : await generate('ec', { namedCurve: spec.crv });
  const kid = jwkThumbprint(publicJwk(privateKey, '', alg));
  return { issuer, alg, kid, privateKey, jwk: publicJwk(privateKey, kid, alg), createdMs: nowMs };
}
