/**
 * The fuzzer's requests to the federation surfaces (issue #16), each with what its answer must be:
 * - `federation`: AssumeRoleWithWebIdentity and AssumeRoleWithSAML, unsigned as their callers send them, with
 *   hostile tokens and assertions (hostile-jwt.ts, hostile-saml.ts) or odd values the lab's issuers signed;
 *   GetWebIdentityToken and AssumeRoot, signed, with odd parameters;
 * - `providers`: IAM's OIDC and SAML provider operations with odd URLs, thumbprints, client ids and metadata
 *   documents, outbound federation, organizations root access, delegation requests;
 * - `federation-admin`: `/_iamlab/oidc/*`, `/_iamlab/saml/*`, `/_iamlab/tasks`, `/_iamlab/pod-identity-associations`;
 * - `agents`: the ECS agent and the EKS Pod Identity Agent with odd paths, methods and tokens.
 * The genuine providers, roles, task and pod of federation-lab.ts are never deleted: what must keep working.
 */
import type { FederationLab } from './federation-lab.js';
import type { FederationFamily } from './federation-values.js';
import { agentsRequest, federationAdminRequest } from './fuzz-federation-routes.js';
import { providersRequest } from './fuzz-providers.js';
import { stsFederationRequest } from './fuzz-sts-federation.js';
import type { FuzzRequest } from './fuzz-wire.js';
import type { Random } from './lab-process.js';

export async function makeFederationRequest(r: Random, family: FederationFamily, fed: FederationLab): Promise<FuzzRequest> {
  await fed.refresh();
  switch (family) {
    case 'federation':
      return stsFederationRequest(r, fed);
    case 'providers':
      return providersRequest(r, fed);
    case 'federation-admin':
      return federationAdminRequest(r, fed);
    case 'agents':
      return agentsRequest(r, fed);
  }
}
