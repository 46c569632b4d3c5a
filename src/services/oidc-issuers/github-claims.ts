/**
 * The GitHub Actions preset (aws-federation.md §2.7): issuer `https://token.actions.githubusercontent.com` and the
 * claims a workflow's token carries, derived from its `sub` as far as the sub says
 * (`repo:ORG/REPO:ref:refs/heads/BRANCH`, `…:ref:refs/tags/TAG`, `…:pull_request`, `…:environment:NAME`, and the
 * immutable-id form `repo:ORG@ID/REPO@ID:…`). What the sub cannot say (workflow file, run numbers, actor) gets a
 * plausible stable value; every claim can be overridden by the caller. IDs are strings, as GitHub sends them.
 */
import type { Json } from '../../store/port.js';
import { stableDigits, stableHex } from './stable-id.js';

export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';

/** `configure-aws-credentials` asks for this audience (aws-federation.md §2.7). */
export const GITHUB_DEFAULT_AUDIENCE = 'sts.amazonaws.com';

const SUB = /^repo:([^/:@]+)(?:@(\d+))?\/([^/:@]+)(?:@(\d+))?:(.+)$/;
const WORKFLOW_FILE = 'ci.yml';

/** `:` inside a sub's values is written `%3A` (aws-federation.md §2.7). */
const unescape = (value: string): string => value.replace(/%3A/gi, ':');

interface RefFacts {
  readonly ref: string;
  readonly refType: 'branch' | 'tag';
  readonly eventName: string;
  readonly environment?: string;
}

function refFacts(rest: string): RefFacts | undefined {
  if (rest.startsWith('ref:refs/heads/')) return { ref: unescape(rest.slice(4)), refType: 'branch', eventName: 'push' };
  if (rest.startsWith('ref:refs/tags/')) return { ref: unescape(rest.slice(4)), refType: 'tag', eventName: 'push' };
  // What a pull request's run checks out; the number is not in the sub.
  if (rest === 'pull_request') return { ref: 'refs/pull/1/merge', refType: 'branch', eventName: 'pull_request' };
  if (rest.startsWith('environment:')) {
    return { ref: 'refs/heads/main', refType: 'branch', eventName: 'push', environment: unescape(rest.slice('environment:'.length)) };
  }
  return undefined;
}

/**
 * Claims besides iss/sub/aud/iat/nbf/exp/jti for a GitHub Actions token with this `sub`; `overrides` are the
 * caller's claims, read here only for `ref` (the workflow refs follow it). A sub not in GitHub's default
 * formats (a customised one) gives no derived claims.
 */
export function githubClaims(sub: string, overrides: Readonly<Record<string, Json>>, nowMs: number): Record<string, Json> {
  const match = SUB.exec(sub);
  if (match === null) return {};
  const [, owner = '', ownerId, name = '', repoId, rest = ''] = match;
  const facts = refFacts(rest);
  const repository = `${owner}/${name}`;
  const ref = typeof overrides['ref'] === 'string' ? overrides['ref'] : (facts?.ref ?? 'refs/heads/main');
  const sha = stableHex(`${repository}@${ref}`, 40);
  const workflowRef = `${repository}/.github/workflows/${WORKFLOW_FILE}@${ref}`;
  return {
    ref,
    sha,
    repository,
    repository_owner: owner,
    repository_owner_id: ownerId ?? stableDigits(`owner:${owner}`, 8),
    repository_id: repoId ?? stableDigits(`repo:${repository}`, 9),
    repository_visibility: 'private',
    run_id: String(Math.floor(nowMs / 1000)),
    run_number: '1',
    run_attempt: '1',
    actor: owner,
    actor_id: ownerId ?? stableDigits(`owner:${owner}`, 8),
    workflow: 'CI',
    workflow_ref: workflowRef,
    workflow_sha: sha,
    job_workflow_ref: workflowRef,
    job_workflow_sha: sha,
    head_ref: '',
    base_ref: '',
    event_name: facts?.eventName ?? 'push',
    ref_type: facts?.refType ?? 'branch',
    runner_environment: 'github-hosted',
    ...(facts?.environment === undefined ? {} : { environment: facts.environment }),
  };
}
