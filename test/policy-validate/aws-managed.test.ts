/**
 * Every AWS managed policy document (1,515 of them, data/aws-managed-policies.json) is a policy AWS itself
 * accepted: the validator must accept each one as an identity policy.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parsePolicy } from '../../src/policy/validate/index.js';
import { repoRoot } from '../support/repo-root.js';

describe('AWS managed policies', () => {
  it('all of them are valid identity policies', () => {
    const catalog = JSON.parse(readFileSync(join(repoRoot(), 'data', 'aws-managed-policies.json'), 'utf8')) as Record<string, { document: unknown }>;
    const rejected: string[] = [];
    let count = 0;
    for (const [name, entry] of Object.entries(catalog)) {
      count++;
      const result = parsePolicy(JSON.stringify(entry.document), 'identity');
      if (result.kind !== 'ok') rejected.push(`${name}: ${result.issues[0]?.message ?? '?'}`);
    }
    assert.ok(count > 1500, `expected the whole catalogue, read ${count}`);
    assert.deepEqual(rejected, []);
  });
});
