/**
 * The lab's SAML identity provider: one per lab, made on first use (an RSA-2048 key and a self-signed
 * certificate) and kept in the store. It publishes metadata for IAM CreateSAMLProvider and issues signed
 * Responses for AssumeRoleWithSAML, dated on the lab's virtual clock (design.md "Time"): an assertion made
 * before `iamlab clock advance 10m` is as stale as AWS would find it ten minutes later.
 */
import type { KeyObject } from 'node:crypto';
import { createPrivateKey, generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import type { Clock } from '../../clock/clock.js';
import { buildIdpMetadata } from '../../federation/saml/build-idp-metadata.js';
import { buildSamlResponse } from '../../federation/saml/build-saml-response.js';
import { selfSignedCertificate } from '../../federation/saml/self-signed-certificate.js';
import type { IdSource } from '../../ids/id-source.js';
import type { Store } from '../../store/port.js';
import { samlIdpRepo } from '../../store/repos/saml-idp-repo.js';
import type { StoredSamlIdp } from '../../store/repos/saml-idp-repo.js';
import type { SamlAssertionRequest } from './saml-assertion-request.js';
import { planAssertion } from './saml-assertion-request.js';

/** The IdP's entity ID and Issuer: under `.local`, a name that resolves nowhere and so is never mistaken for a real IdP. */
export const LAB_IDP_ENTITY_ID = 'https://idp.iamlab.local/saml';
/** Where metadata says a browser would sign in; the lab issues assertions through its admin API instead. */
const LAB_IDP_SSO_URL = 'https://idp.iamlab.local/saml/sso';
const CERTIFICATE_YEARS = 30;
const YEAR_MS = 365 * 86_400_000;

interface SamlIdpMetadata {
  readonly xml: string;
  readonly entityId: string;
  readonly certificate: string;
}

type IssuedAssertion =
  | {
      readonly kind: 'ok';
      /** base64 of the Response, for `--saml-assertion`. */
      readonly assertion: string;
      readonly issuer: string;
      readonly assertionId: string;
      readonly issueInstantMs: number;
      readonly notOnOrAfterMs: number;
    }
  | { readonly kind: 'error'; readonly problems: readonly string[] };

interface LabSamlIdpDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly ids: IdSource;
  /** Injected in tests; by default a new RSA-2048 key, made off the event loop. */
  readonly generateKey?: () => Promise<KeyObject>;
}

const generateRsaKey = async (): Promise<KeyObject> => (await promisify(generateKeyPair)('rsa', { modulusLength: 2048 })).privateKey;

export class LabSamlIdp {
  /** The parsed key of the stored IdP, kept while the store holds the same one (a reset replaces it). */
  #parsed: { readonly certificate: string; readonly privateKey: KeyObject } | undefined;

  constructor(private readonly deps: LabSamlIdpDeps) {}

  async metadata(): Promise<SamlIdpMetadata> {
    const idp = await this.#idp();
    const xml = buildIdpMetadata({
      entityId: idp.entityId,
      certificate: idp.certificate,
      singleSignOnUrl: LAB_IDP_SSO_URL,
      nameIdFormats: [
        'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
        'urn:oasis:names:tc:SAML:2.0:nameid-format:transient',
        'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
        'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
      ],
    });
    return { xml, entityId: idp.entityId, certificate: idp.certificate };
  }

  async assertion(request: SamlAssertionRequest): Promise<IssuedAssertion> {
    const planned = planAssertion(request);
    if (planned.kind === 'error') return planned;
    const { plan } = planned;
    const idp = await this.#idp();
    const nowMs = this.deps.clock.now();
    // XML IDs must not start with a digit (xs:ID is an NCName): `_` and 32 hex digits, as many IdPs write them.
    const assertionId = `_${this.deps.ids.hex(32)}`;
    const notOnOrAfterMs = nowMs + plan.expiresInMs;
    const xml = buildSamlResponse(
      {
        issuer: idp.entityId,
        responseId: `_${this.deps.ids.hex(32)}`,
        assertionId,
        issueInstantMs: nowMs,
        nameId: plan.nameId,
        nameIdFormat: plan.nameIdFormat,
        recipient: plan.recipient,
        audiences: [plan.audience],
        subjectNotOnOrAfterMs: notOnOrAfterMs,
        notBeforeMs: nowMs,
        notOnOrAfterMs,
        attributes: plan.attributes,
        signResponse: plan.signResponse,
      },
      { privateKey: idp.privateKey, certificate: idp.certificate },
    );
    return {
      kind: 'ok',
      assertion: Buffer.from(xml, 'utf8').toString('base64'),
      issuer: idp.entityId,
      assertionId,
      issueInstantMs: nowMs,
      notOnOrAfterMs,
    };
  }

  /** The stored IdP, made and stored first when there is none (the store settles a race between two makers). */
  async #idp(): Promise<StoredSamlIdp & { readonly privateKey: KeyObject }> {
    const { store } = this.deps;
    let stored = await store.transaction((tx) => samlIdpRepo.get(tx));
    if (stored === undefined) {
      const made = await this.#make();
      stored = await store.transaction((tx) => samlIdpRepo.insertOrGet(tx, made));
    }
    if (this.#parsed?.certificate !== stored.certificate) {
      this.#parsed = { certificate: stored.certificate, privateKey: createPrivateKey(stored.privateKeyPem) };
    }
    return { ...stored, privateKey: this.#parsed.privateKey };
  }

  async #make(): Promise<StoredSamlIdp> {
    const privateKey = await (this.deps.generateKey ?? generateRsaKey)();
    const nowMs = this.deps.clock.now();
    // A day's slack before now: a relying party whose clock lags the lab's still sees a valid certificate.
    const certificate = selfSignedCertificate({
      privateKey,
      commonName: 'idp.iamlab.local',
      serialNumber: Buffer.from(`01${this.deps.ids.hex(30)}`, 'hex'),
      notBeforeMs: nowMs - 86_400_000,
      notAfterMs: nowMs + CERTIFICATE_YEARS * YEAR_MS,
    });
    const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    return { entityId: LAB_IDP_ENTITY_ID, privateKeyPem, certificate, createdMs: nowMs };
  }
}
