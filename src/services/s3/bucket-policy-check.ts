/**
 * S3's own checks of a bucket policy, in its own words (aws-behaviour.md §9.1), before the generic validation
 * of a resource policy (`parsePolicy(text, 'resource')`, whose principal, resource and action messages are
 * already S3's). Returns the `MalformedPolicy` message of the first problem, or undefined. Pure.
 *
 *   1. the text                — empty, or a first byte other than `{`; not JSON
 *   2. the document            — no Statement; an empty one; a Version S3 does not know
 *   3. each statement in order — Effect, Principal, Action, Resource present and valid; every action applies
 *                                to at least one of the statement's resources (bucket or object)
 */
import { S3_ARN_PREFIX } from '../../arn/arn.js';

export const BUCKET_POLICY_MESSAGES = {
  firstByte: "Policies must be valid JSON and the first byte must be '{'",
  invalidJson: 'This policy contains invalid Json',
  noStatement: 'Missing required field Statement',
  emptyStatement: 'Could not parse the policy: Statement is empty!',
  version: 'The policy must contain a valid version string',
  missing: (field: 'Effect' | 'Principal' | 'Action' | 'Resource'): string => `Missing required field ${field}`,
  effect: (effect: string): string => `Invalid effect: ${effect}`,
  invalidAction: 'Policy has invalid action',
  invalidResource: 'Policy has invalid resource',
  actionResourceMismatch: 'Action does not apply to any resource(s) in statement',
} as const;

const M = BUCKET_POLICY_MESSAGES;

/** A bucket policy may leave Version out (then 2008-10-17) or name either grammar version. */
const VERSIONS = new Set(['2008-10-17', '2012-10-17']);

type ResourceKind = 'bucket' | 'object';

/**
 * S3's actions by the resource types a bucket policy can name — the bucket (`arn:aws:s3:::b`), its objects
 * (`arn:aws:s3:::b/k`), or neither (access points, jobs, Storage Lens, the account) — lower-cased with their
 * `s3:` prefix, as the Service Authorization Reference lists them (`s3ActionKinds` reads them from the service
 * catalog).
 */
export type S3ActionKinds = readonly (readonly [string, readonly ResourceKind[]])[];

const wildcard = (pattern: string): RegExp =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replaceAll('*', '.*')
      .replaceAll('?', '.')}$`,
    'i',
  );

/** The resource kinds the actions an action pattern names apply to, or undefined when it names none. */
function actionKinds(pattern: string, known: S3ActionKinds): ReadonlySet<ResourceKind> | undefined {
  if (pattern === '*') return new Set(['bucket', 'object']);
  const regex = wildcard(pattern);
  const matched = known.filter(([name]) => regex.test(name));
  if (matched.length === 0) return undefined;
  return new Set(matched.flatMap(([, kinds]) => kinds));
}

/**
 * What a resource of this bucket names, or undefined for one that is not in it: `arn:aws:s3:::b` the bucket,
 * `arn:aws:s3:::b/…` its objects; a wildcard in the bucket part may reach across the `/` to objects too.
 */
function resourceKinds(resource: string, bucket: string): ReadonlySet<ResourceKind> | undefined {
  if (!resource.startsWith(S3_ARN_PREFIX)) return undefined;
  const rest = resource.slice(S3_ARN_PREFIX.length);
  const slash = rest.indexOf('/');
  const bucketPart = slash === -1 ? rest : rest.slice(0, slash);
  if (bucketPart === '' || !wildcard(bucketPart).test(bucket)) return undefined;
  if (slash !== -1) return new Set(['object']);
  return bucketPart.includes('*') ? new Set(['bucket', 'object']) : new Set(['bucket']);
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A string-or-list element as its strings; undefined when it is neither, or holds something else. */
function strings(value: unknown): readonly string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((item): item is string => typeof item === 'string')) return value;
  return undefined;
}

function checkStatement(statement: unknown, bucket: string, known: S3ActionKinds): string | undefined {
  if (!isObject(statement)) return M.invalidJson;
  const effect = statement['Effect'];
  if (effect === undefined) return M.missing('Effect');
  if (effect !== 'Allow' && effect !== 'Deny') return M.effect(typeof effect === 'string' ? effect : JSON.stringify(effect));
  if (statement['Principal'] === undefined && statement['NotPrincipal'] === undefined) return M.missing('Principal');
  const actionField = statement['Action'] ?? statement['NotAction'];
  if (actionField === undefined) return M.missing('Action');
  const actions = strings(actionField);
  if (actions === undefined || actions.length === 0) return M.invalidAction;
  const kindsByAction = actions.map((action) => actionKinds(action, known));
  if (kindsByAction.some((kinds) => kinds === undefined)) return M.invalidAction;
  const resourceField = statement['Resource'] ?? statement['NotResource'];
  if (resourceField === undefined) return M.missing('Resource');
  const resources = strings(resourceField);
  if (resources === undefined || resources.length === 0) return M.invalidResource;
  const kindsByResource = resources.map((resource) => resourceKinds(resource, bucket));
  if (kindsByResource.some((kinds) => kinds === undefined)) return M.invalidResource;
  // NotAction and NotResource name what a statement leaves out: nothing to match actions to [U].
  if (statement['Action'] === undefined || statement['Resource'] === undefined) return undefined;
  const named = new Set(kindsByResource.flatMap((kinds) => [...(kinds ?? [])]));
  const applies = kindsByAction.every((kinds) => [...(kinds ?? [])].some((kind) => named.has(kind)));
  return applies ? undefined : M.actionResourceMismatch;
}

export function bucketPolicyProblem(text: string, bucket: string, known: S3ActionKinds): string | undefined {
  if (!text.startsWith('{')) return M.firstByte;
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return M.invalidJson;
  }
  if (!isObject(document)) return M.invalidJson;
  const statement = document['Statement'];
  if (statement === undefined) return M.noStatement;
  const statements = Array.isArray(statement) ? statement : [statement];
  if (statements.length === 0) return M.emptyStatement;
  const version = document['Version'];
  if (version !== undefined && (typeof version !== 'string' || !VERSIONS.has(version))) return M.version;
  for (const one of statements) {
    const problem = checkStatement(one, bucket, known);
    if (problem !== undefined) return problem;
  }
  return undefined;
}
