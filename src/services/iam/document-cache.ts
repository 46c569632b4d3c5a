/**
 * Parsed policy documents kept beside the submitted text. Parsing is lazy and cached per holder object
 * (an inline policy, a policy version, a role's trust policy): records are immutable, so a replaced record
 * drops its cache entry with it (WeakMap) and nothing parsed for a deleted entity lingers.
 */
import { parsePolicy } from '../../policy/validate/index.js';
import type { PolicyDocument, PolicyKind } from '../../policy/types.js';

export class DocumentCache {
  readonly #cache = new WeakMap<object, Map<PolicyKind, PolicyDocument | null>>();

  /** `undefined` only if a stored text no longer passes validation (a newer validator than the writer). */
  document(holder: object, text: string, kind: PolicyKind): PolicyDocument | undefined {
    let byKind = this.#cache.get(holder);
    if (byKind === undefined) this.#cache.set(holder, (byKind = new Map<PolicyKind, PolicyDocument | null>()));
    let parsed = byKind.get(kind);
    if (parsed === undefined) {
      const result = parsePolicy(text, kind);
      parsed = result.kind === 'ok' ? result.document : null;
      byKind.set(kind, parsed);
    }
    return parsed ?? undefined;
  }

  /** Stores a document parsed while validating a write, so the first read does not parse again. */
  prime(holder: object, kind: PolicyKind, document: PolicyDocument): void {
    let byKind = this.#cache.get(holder);
    if (byKind === undefined) this.#cache.set(holder, (byKind = new Map<PolicyKind, PolicyDocument | null>()));
    byKind.set(kind, document);
  }
}
