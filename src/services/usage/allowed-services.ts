/**
 * The services — and, for the services tracked by action, the actions — that a set of permission policies
 * allows, as access advisor lists them: every service some `Allow` statement grants an action of, whatever its
 * resources and conditions; `Deny` statements take nothing away [V: IAM-MODEL GetServiceLastAccessedDetails,
 * "the services that the entity's permission policies allow"; U: how Deny and conditions are weighed].
 * Actions come from the service reference (service-catalog.ts): a pattern that matches no action of a service
 * grants nothing in it.
 */
import type { PolicyDocument, Statement } from '../../policy/types.js';
import type { ServiceCatalog } from '../service-catalog.js';

/** Per service prefix: every action (`all`), or the names of the actions allowed. */
type AllowedServices = ReadonlyMap<string, 'all' | ReadonlySet<string>>;

/** `*` and `?` as IAM matches actions: case-insensitively, over the whole text. */
function globMatcher(pattern: string): (text: string) => boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  const regex = new RegExp(`^${source}$`, 'i');
  return (text) => regex.test(text);
}

/** `s3:Get*` → the prefix pattern and the action pattern; a bare `*` stands for `*:*`. */
function splitAction(pattern: string): { readonly service: string; readonly action: string } {
  const colon = pattern.indexOf(':');
  return colon < 0 ? { service: pattern, action: '*' } : { service: pattern.slice(0, colon), action: pattern.slice(colon + 1) };
}

class Grants {
  readonly #grants = new Map<string, 'all' | Set<string>>();

  all(namespace: string): void {
    this.#grants.set(namespace, 'all');
  }

  some(namespace: string, names: readonly string[]): void {
    if (names.length === 0) return;
    const current = this.#grants.get(namespace);
    if (current === 'all') return;
    const set = current ?? new Set<string>();
    for (const name of names) set.add(name);
    this.#grants.set(namespace, set);
  }

  get result(): AllowedServices {
    return this.#grants;
  }
}

export async function allowedServices(documents: readonly PolicyDocument[], catalog: ServiceCatalog): Promise<AllowedServices> {
  const grants = new Grants();
  const namespaces = await catalog.namespaces();
  for (const statement of documents.flatMap((document) => document.statements)) {
    if (statement.effect !== 'Allow') continue;
    if (statement.action !== undefined) await grantActions(statement.action, namespaces, catalog, grants);
    if (statement.notAction !== undefined) await grantAllBut(statement, namespaces, catalog, grants);
  }
  return grants.result;
}

async function grantActions(patterns: readonly string[], namespaces: readonly string[], catalog: ServiceCatalog, grants: Grants): Promise<void> {
  for (const pattern of patterns) {
    const split = splitAction(pattern);
    const serviceMatches = globMatcher(split.service);
    for (const namespace of namespaces.filter(serviceMatches)) {
      if (split.action === '*') {
        grants.all(namespace);
        continue;
      }
      const actionMatches = globMatcher(split.action);
      grants.some(namespace, (await catalog.actions(namespace)).map((action) => action.name).filter(actionMatches));
    }
  }
}

/** `NotAction`: every action of every service but those the patterns name. */
async function grantAllBut(statement: Statement, namespaces: readonly string[], catalog: ServiceCatalog, grants: Grants): Promise<void> {
  const excluded = (statement.notAction ?? []).map((pattern) => {
    const split = splitAction(pattern);
    return { service: globMatcher(split.service), action: globMatcher(split.action) };
  });
  for (const namespace of namespaces) {
    const touching = excluded.filter((pattern) => pattern.service(namespace));
    if (touching.length === 0) {
      grants.all(namespace);
      continue;
    }
    const left = (await catalog.actions(namespace)).map((action) => action.name).filter((name) => !touching.some((pattern) => pattern.action(name)));
    grants.some(namespace, left);
  }
}
