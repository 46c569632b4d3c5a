/**
 * The `CredentialLookup` authentication uses: long-term keys from the in-memory `CredentialView`, temporary
 * keys from their sealed session token (`auth/session-opener.ts`). A session whose role or user no longer
 * exists is not found, so it fails like an unknown key: 403 `InvalidClientTokenId` "The security token
 * included in the request is invalid." (aws-behaviour.md §1.9). [U] AWS documents that deleting a role
 * breaks its sessions but not the exact error; InvalidClientTokenId is what a token IAM no longer honours
 * gets everywhere else. Roles and users are matched by unique id: a recreated role does not revive them.
 *
 * With `--accept-any-key <account>` (design.md "Accepting any key"), a key the lab does not know is that
 * account's root, unverified. "Does not know" is narrow, so that everything the lab issued keeps AWS's checks:
 * no long-term key of that id; no session token that opens under the lab key (a lab session presented with
 * another key id, or whose role or user is gone, is still refused); and not an id of the lab's own making —
 * `AKIA`/`ASIA` ids carry their account (ids/id-source.ts), so an id naming one of the lab's accounts is a
 * deleted key, or a session key sent without its token, and is refused as AWS refuses it. A session token the
 * lab cannot open is ignored: moto's documented fixtures set `AWS_SESSION_TOKEN=testing`.
 */
import { rootArn } from '../../arn/arn.js';
import type { AnyKeyCredential, Credential, CredentialLookup } from '../../auth/credentials.js';
import type { SessionClaims } from '../../auth/session-claims.js';
import type { SessionOpener } from '../../auth/session-opener.js';
import type { IamState } from '../iam/iam-state.js';
import { accountOfKeyId } from '../sts/get-access-key-info.js';
import type { CredentialView } from './credential-view.js';

/** The shape of the key ids the lab mints: the prefix, then the account under a set top bit (ids/id-source.ts). */
const LAB_KEY_ID = /^A[KS]IA[Q-Z2-7][A-Z2-7]{15}$/;

export class IdentityLookup implements CredentialLookup {
  readonly #view: CredentialView;
  readonly #opener: SessionOpener;
  readonly #iam: IamState;
  readonly #anyKeyAccount: string | undefined;

  /** `acceptAnyKey`: the account whose root a key the lab does not know acts as (`--accept-any-key`), or undefined. */
  constructor(view: CredentialView, opener: SessionOpener, iam: IamState, acceptAnyKey?: string) {
    this.#view = view;
    this.#opener = opener;
    this.#iam = iam;
    this.#anyKeyAccount = acceptAnyKey;
  }

  find(accessKeyId: string, sessionToken?: string): Credential | undefined {
    const known = this.#findKnown(accessKeyId, sessionToken);
    if (known !== undefined || this.#anyKeyAccount === undefined) return known;
    return this.#anyKey(this.#anyKeyAccount, accessKeyId, sessionToken === '' ? undefined : sessionToken);
  }

  #findKnown(accessKeyId: string, sessionToken: string | undefined): Credential | undefined {
    if (sessionToken === undefined || sessionToken === '' || !accessKeyId.startsWith('ASIA')) return this.#view.find(accessKeyId);
    const credential = this.#opener.open(accessKeyId, sessionToken);
    if (credential === undefined || !subjectExists(this.#iam, credential.session)) return undefined;
    return credential;
  }

  /** The root of `account` for a key the lab does not know, or undefined when the lab knows it after all. */
  #anyKey(account: string, accessKeyId: string, sessionToken: string | undefined): AnyKeyCredential | undefined {
    if (this.#view.find(accessKeyId) !== undefined) return undefined;
    if (sessionToken !== undefined && this.#opener.openAny(sessionToken) !== undefined) return undefined;
    if (LAB_KEY_ID.test(accessKeyId)) {
      const owner = accountOfKeyId(accessKeyId);
      if (owner !== undefined && this.#iam.index.account(owner) !== undefined) return undefined;
    }
    return {
      kind: 'any-key',
      accessKeyId,
      principal: { type: 'root', account, arn: rootArn(account), userId: account, accessKeyId },
      sessionTokenIgnored: sessionToken !== undefined,
    };
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
