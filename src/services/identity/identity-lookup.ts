/**
 * The `CredentialLookup` authentication uses: long-term keys from the in-memory `CredentialView`, temporary
 * keys from their sealed session token (`auth/session-opener.ts`). A session whose role or user no longer
 * exists is not found, so it fails like an unknown key: 403 `InvalidClientTokenId` "The security token
 * included in the request is invalid." (aws-behaviour.md §1.9). [U] AWS documents that deleting a role
 * breaks its sessions but not the exact error; InvalidClientTokenId is what a token IAM no longer honours
 * gets everywhere else. Roles and users are matched by unique id: a recreated role does not revive them.
 */
import type { Credential, CredentialLookup } from '../../auth/credentials.js';
import type { SessionClaims } from '../../auth/session-claims.js';
import type { SessionOpener } from '../../auth/session-opener.js';
import type { IamState } from '../iam/iam-state.js';
import type { CredentialView } from './credential-view.js';

export class IdentityLookup implements CredentialLookup {
  readonly #view: CredentialView;
  readonly #opener: SessionOpener;
  readonly #iam: IamState;

  constructor(view: CredentialView, opener: SessionOpener, iam: IamState) {
    this.#view = view;
    this.#opener = opener;
    this.#iam = iam;
  }

  find(accessKeyId: string, sessionToken?: string): Credential | undefined {
    if (sessionToken === undefined || sessionToken === '' || !accessKeyId.startsWith('ASIA')) return this.#view.find(accessKeyId);
    const credential = this.#opener.open(accessKeyId, sessionToken);
    if (credential === undefined || !subjectExists(this.#iam, credential.session)) return undefined;
    return credential;
  }
}

function subjectExists(iam: IamState, claims: SessionClaims): boolean {
  const { subject } = claims;
  switch (subject.type) {
    case 'role':
      return iam.index.get('role', subject.roleId) !== undefined;
    case 'user':
      return iam.index.get('user', subject.userId) !== undefined;
    case 'root':
      return true;
    case 'federated-user':
      // [U] as for a GetSessionToken session: the user that asked for it must still exist (aws-behaviour.md §10.5).
      return subject.issuerUserId === undefined || iam.index.get('user', subject.issuerUserId) !== undefined;
  }
}
