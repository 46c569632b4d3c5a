/**
 * The policies that apply to a caller (aws-behaviour.md §7.1): a user's inline, attached and groups'
 * policies; a role's inline and attached ones; the permissions boundary; and a role session's session
 * policies (inline text and managed ARNs from the token); a federated user's session the policies of the user
 * that asked for it, limited by its session policies (aws-behaviour.md §10.5). Compiled once (`compilePolicy` caches by content)
 * and kept per caller until IAM changes, so a request does only map lookups before evaluating.
 */
import type { Credential } from '../../auth/credentials.js';
import type { Principal } from '../../auth/principal.js';
import type { SessionClaims } from '../../auth/session-claims.js';
import type { CompiledPolicy, RequestPrincipal } from '../../policy/evaluator.js';
import { compilePolicy } from '../../policy/evaluator.js';
import type { PolicyKind } from '../../policy/types.js';
import { parsePolicy } from '../../policy/validate/index.js';
import type { PrincipalPolicies, ResolvedPolicy } from '../iam/iam-reads.js';
import { resolveManaged, rolePolicies, userPolicies } from '../iam/iam-reads.js';
import type { IamState } from '../iam/iam-state.js';
import { PASSWORD_POLICY_GRANT_NAME, passwordPolicyGrant } from '../iam/password-policy-grant.js';
import type { TagRecord, UserRecord } from '../iam/records.js';
import { InternalError } from '../../errors/aws-error.js';

export interface CallerPolicies {
  readonly principal: RequestPrincipal;
  readonly identity: readonly CompiledPolicy[];
  readonly boundary: CompiledPolicy | undefined;
  /** Undefined when the session was given no session policy (§7.1 step 7). */
  readonly session: readonly CompiledPolicy[] | undefined;
  /** aws:PrincipalTag values: the user's or role's tags, overridden by session tags (§1.3). */
  readonly tags: Readonly<Record<string, string>>;
}

function requestPrincipalOf(principal: Exclude<Principal, { type: 'anonymous' }>): RequestPrincipal {
  switch (principal.type) {
    case 'root':
      return { kind: 'root', account: principal.account };
    case 'user':
      return { kind: 'user', account: principal.account, arn: principal.arn, id: principal.userId, name: principal.userName };
    case 'assumed-role':
      return {
        kind: 'assumed-role',
        account: principal.account,
        roleArn: principal.roleArn,
        roleId: principal.roleId,
        sessionArn: principal.arn,
        sessionName: principal.sessionName,
      };
    case 'federated-user':
      return { kind: 'federated-user', account: principal.account, arn: principal.arn, name: principal.name };
  }
}

/**
 * Root's identity side when root asked for a federation token: root may do everything in its account, so the
 * session policies alone limit the session (IAM-UG id_credentials_temp_control-access_getfederationtoken).
 */
const ROOT_ALLOWS_ALL = (() => {
  const parsed = parsePolicy('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}', 'identity');
  if (parsed.kind !== 'ok') throw new InternalError('the root policy of federated sessions does not parse');
  return compilePolicy(parsed.document, { name: 'root', kind: 'identity' });
})();

function compiled(policy: ResolvedPolicy, kind: PolicyKind): CompiledPolicy | undefined {
  if (policy.document === undefined) return undefined;
  return compilePolicy(policy.document, { name: policy.name, ...(policy.arn === undefined ? {} : { arn: policy.arn }), kind });
}

function identityOf(policies: PrincipalPolicies): CompiledPolicy[] {
  const all = [...policies.inline, ...policies.managed, ...policies.groups.flatMap((g) => [...g.inline, ...g.managed])];
  return all.map((p) => compiled(p, 'identity')).filter((p): p is CompiledPolicy => p !== undefined);
}

/** The account password policy's grant to `user`, as one more identity-based policy (password-policy-grant.ts). */
function accountGrants(iam: IamState, user: UserRecord): CompiledPolicy[] {
  const text = passwordPolicyGrant(iam.index, user);
  if (text === undefined) return [];
  const parsed = parsePolicy(text, 'identity');
  if (parsed.kind !== 'ok') throw new InternalError('the password policy grant does not parse');
  return [compilePolicy(parsed.document, { name: PASSWORD_POLICY_GRANT_NAME, kind: 'identity' })];
}

/**
 * Session tags win over the entity's tags; keys compare case-insensitively and keep the session's case. Built in a
 * Map: assigned into an object, a tag key `__proto__` (a valid key) would vanish.
 */
export function mergeTags(entityTags: readonly TagRecord[], sessionTags: SessionClaims['tags']): Record<string, string> {
  const out = new Map<string, string>();
  const byLower = new Map<string, string>();
  for (const tag of entityTags) {
    out.set(tag.Key, tag.Value);
    byLower.set(tag.Key.toLowerCase(), tag.Key);
  }
  for (const tag of sessionTags ?? []) {
    const previous = byLower.get(tag.key.toLowerCase());
    if (previous !== undefined) out.delete(previous);
    out.set(tag.key, tag.value);
    byLower.set(tag.key.toLowerCase(), tag.key);
  }
  return Object.fromEntries(out);
}

/** The inline and managed session policies of a session, or undefined when it has none. */
function sessionPoliciesOf(iam: IamState, claims: SessionClaims | undefined): CompiledPolicy[] | undefined {
  if (claims === undefined || (claims.policy === undefined && (claims.policyArns ?? []).length === 0)) return undefined;
  const out: CompiledPolicy[] = [];
  if (claims.policy !== undefined) {
    const parsed = parsePolicy(claims.policy, 'session');
    if (parsed.kind === 'ok') out.push(compilePolicy(parsed.document, { name: 'session policy', kind: 'session' }));
  }
  for (const arn of claims.policyArns ?? []) {
    const resolved = resolveManaged(iam, arn, 'session');
    const policy = resolved === undefined ? undefined : compiled(resolved, 'session');
    if (policy !== undefined) out.push(policy);
  }
  return out;
}

function callerPolicies(iam: IamState, principal: Exclude<Principal, { type: 'anonymous' }>, credential: Credential): CallerPolicies {
  const requestPrincipal = requestPrincipalOf(principal);
  const claims = credential.kind === 'temporary' ? credential.session : undefined;
  switch (principal.type) {
    case 'root':
      return { principal: requestPrincipal, identity: [], boundary: undefined, session: undefined, tags: {} };
    case 'user': {
      const user = iam.index.get('user', principal.userId);
      if (user === undefined) return { principal: requestPrincipal, identity: [], boundary: undefined, session: undefined, tags: {} };
      const policies = userPolicies(iam, user);
      return {
        principal: requestPrincipal,
        identity: [...identityOf(policies), ...accountGrants(iam, user)],
        boundary: policies.boundary === undefined ? undefined : compiled(policies.boundary, 'boundary'),
        session: sessionPoliciesOf(iam, claims),
        tags: mergeTags(user.tags, undefined),
      };
    }
    case 'assumed-role': {
      const role = iam.index.get('role', principal.roleId);
      if (role === undefined) return { principal: requestPrincipal, identity: [], boundary: undefined, session: [], tags: {} };
      const policies = rolePolicies(iam, role);
      return {
        principal: requestPrincipal,
        identity: identityOf(policies),
        boundary: policies.boundary === undefined ? undefined : compiled(policies.boundary, 'boundary'),
        session: sessionPoliciesOf(iam, claims),
        tags: mergeTags(role.tags, claims?.tags),
      };
    }
    case 'federated-user': {
      // No session policy: the engine denies everything not granted to the session by a resource policy (§7.1).
      const session = sessionPoliciesOf(iam, claims);
      if (principal.issuerUserId === undefined) {
        return { principal: requestPrincipal, identity: [ROOT_ALLOWS_ALL], boundary: undefined, session, tags: mergeTags([], claims?.tags) };
      }
      const user = iam.index.get('user', principal.issuerUserId);
      if (user === undefined) return { principal: requestPrincipal, identity: [], boundary: undefined, session: [], tags: {} };
      const policies = userPolicies(iam, user);
      return {
        principal: requestPrincipal,
        identity: identityOf(policies),
        // [U] the user's permissions boundary limits its federated sessions as it limits the user.
        boundary: policies.boundary === undefined ? undefined : compiled(policies.boundary, 'boundary'),
        session,
        tags: mergeTags(user.tags, claims?.tags),
      };
    }
  }
}

const CACHE_LIMIT = 10_000;

/** Caller policies per credential, dropped wholesale whenever IAM changes (a rare event next to requests). */
export class CallerPolicyCache {
  readonly #iam: IamState;
  readonly #cache = new Map<string, CallerPolicies>();

  constructor(iam: IamState) {
    this.#iam = iam;
    iam.onChange(() => this.#cache.clear());
  }

  get(principal: Exclude<Principal, { type: 'anonymous' }>, credential: Credential): CallerPolicies {
    // A temporary key is one session (its own session policies and tags); long-term keys share their owner's.
    const key = credential.kind === 'temporary' ? `s:${credential.accessKeyId}` : `${principal.type}:${principal.userId}`;
    let hit = this.#cache.get(key);
    if (hit === undefined) {
      if (this.#cache.size >= CACHE_LIMIT) this.#cache.clear();
      hit = callerPolicies(this.#iam, principal, credential);
      this.#cache.set(key, hit);
    }
    return hit;
  }
}
