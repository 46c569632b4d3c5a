import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/repo-root.js';

/** The recorded IAM validation cases (test/vectors/policy-validation/SOURCES.md). */
interface PolicyVectors {
  readonly invalid: readonly { readonly document: unknown; readonly error: { readonly code: string; readonly message: string } }[];
  readonly valid: readonly { readonly document: unknown }[];
}

/** The same documents as AWS answered them (LocalStack's recording; SOURCES.md, aws-behaviour.md §10.11). */
interface RecordedVectors {
  readonly invalid: readonly {
    readonly case: string;
    readonly document: unknown;
    readonly status: number;
    readonly code: string;
    readonly message: string;
  }[];
  readonly valid: readonly { readonly case: string; readonly document: unknown }[];
}

export function loadRecordedVectors(): RecordedVectors {
  const file = join(repoRoot(), 'test', 'vectors', 'policy-validation', 'localstack-recorded.json');
  return JSON.parse(readFileSync(file, 'utf8')) as RecordedVectors;
}

export function loadVectors(): PolicyVectors {
  const file = join(repoRoot(), 'test', 'vectors', 'policy-validation', 'policy-validation.json');
  return JSON.parse(readFileSync(file, 'utf8')) as PolicyVectors;
}

/**
 * The exact wire text the cases were recorded with: Python's `json.dumps` defaults — `", "` and `": "`
 * separators and `ensure_ascii=True` — so the string case is sent as a quoted JSON string.
 */
export function pythonJsonDumps(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean' || typeof value === 'number') return JSON.stringify(value);
  if (typeof value === 'string') {
    return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  }
  if (Array.isArray(value)) return `[${value.map(pythonJsonDumps).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>);
  return `{${entries.map(([k, v]) => `${pythonJsonDumps(k)}: ${pythonJsonDumps(v)}`).join(', ')}}`;
}
