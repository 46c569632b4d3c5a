/**
 * The context keys a set of policies uses (GetContextKeysFor{Custom,Principal}Policy, and the basis of
 * `MissingContextValues`): every condition key, and every policy variable in `Resource`/`NotResource` and in
 * condition values (aws-behaviour.md §7.5; only Version 2012-10-17 documents have variables). Keys keep the
 * case first written, are de-duplicated case-insensitively (§7.3) and listed in document order — the AWS
 * CLI's example lists `aws:username` (from `Resource`) before `aws:CurrentTime` (from `Condition`)
 * (awscli `examples/iam/get-context-keys-for-custom-policy.rst`).
 */
import type { PolicyDocument } from '../../../policy/types.js';

const VARIABLE = /\$\{([^}]*)\}/g;
/** `${*}`, `${?}`, `${$}` are escapes, not keys (§7.5); `${key, 'default'}` names `key`. */
const VARIABLE_BODY = /^\s*([^,}\s]+)\s*(?:,\s*'[^']*'\s*)?$/;

function variablesIn(text: string): string[] {
  const keys: string[] = [];
  for (const match of text.matchAll(VARIABLE)) {
    const body = match[1] ?? '';
    if (body === '*' || body === '?' || body === '$') continue;
    const key = VARIABLE_BODY.exec(body)?.[1];
    if (key !== undefined) keys.push(key);
  }
  return keys;
}

function keysOfDocument(document: PolicyDocument): string[] {
  const variables = document.version === '2012-10-17';
  const keys: string[] = [];
  for (const statement of document.statements) {
    if (variables) for (const resource of [...(statement.resource ?? []), ...(statement.notResource ?? [])]) keys.push(...variablesIn(resource));
    for (const byKey of Object.values(statement.condition ?? {})) {
      for (const [key, values] of Object.entries(byKey)) {
        keys.push(key);
        if (variables) for (const value of values) keys.push(...variablesIn(value));
      }
    }
  }
  return keys;
}

export function contextKeysOf(documents: readonly PolicyDocument[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const key of documents.flatMap(keysOfDocument)) {
    const lower = key.toLowerCase();
    if (seen.has(lower)) continue;
    seen.add(lower);
    out.push(key);
  }
  return out;
}
