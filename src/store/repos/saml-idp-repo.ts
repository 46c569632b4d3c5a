/**
 * The lab's one SAML identity provider (services/saml-idp): its RSA key, self-signed certificate and entity
 * ID, made on first use and kept so that metadata given to IAM stays valid across restarts. A reset clears the
 * store, and the next use makes a new IdP — as the SAML providers that trusted the old one are gone too.
 */
import type { Tx } from '../port.js';
import { COLLECTIONS } from './collections.js';

export interface StoredSamlIdp {
  readonly entityId: string;
  /** PKCS#8 PEM. */
  readonly privateKeyPem: string;
  /** base64 of the certificate's DER. */
  readonly certificate: string;
  /** Virtual time of creation. */
  readonly createdMs: number;
}

const IDP_KEY = 'idp';

export const samlIdpRepo = {
  get: async (tx: Tx): Promise<StoredSamlIdp | undefined> =>
    tx.get<StoredSamlIdp & { readonly [key: string]: string | number }>(COLLECTIONS.samlIdp, IDP_KEY),
  /** Stores the IdP unless one exists; returns the one stored afterwards. */
  insertOrGet: async (tx: Tx, idp: StoredSamlIdp): Promise<StoredSamlIdp> => {
    if (await tx.insert(COLLECTIONS.samlIdp, IDP_KEY, { ...idp })) return idp;
    const stored = await samlIdpRepo.get(tx);
    return stored ?? idp;
  },
};
