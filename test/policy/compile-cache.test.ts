/**
 * The policy compile caches (by document object and by content, bounded) stand for a pure function: whatever
 * was compiled before, evicted or not, `compilePolicy` gives what a fresh compile gives.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compilePolicy, compilePolicyUncached } from '../../src/policy/compile/compile-policy.js';
import type { PolicyDocument } from '../../src/policy/types.js';
import { parsePolicy } from '../../src/policy/validate/parse-policy.js';
import { policy, rng } from './generate.js';

const SOURCE = { name: 'p', kind: 'identity' } as const;

function parsed(text: string): PolicyDocument | undefined {
  const result = parsePolicy(text, 'identity');
  return result.kind === 'ok' ? result.document : undefined;
}

test('property: a cached compile equals a fresh one, for the same object, an equal copy, and after eviction', () => {
  const r = rng(20261206);
  const texts: string[] = [];
  // More distinct documents than the content cache holds (4,096), so that early ones are evicted.
  for (let i = 0; i < 5000; i++) texts.push(JSON.stringify(policy(r, false, 4)));
  let checked = 0;
  for (const [i, text] of texts.entries()) {
    const doc = parsed(text);
    if (doc === undefined) continue;
    const reference = compilePolicyUncached(doc, SOURCE);
    assert.deepStrictEqual(compilePolicy(doc, SOURCE), reference, `document ${i}`);
    // A second object with the same content is served from the content cache.
    assert.deepStrictEqual(compilePolicy(parsed(text) as PolicyDocument, SOURCE), reference, `copy of document ${i}`);
    checked++;
  }
  // The first documents again, long evicted from the content cache.
  for (const text of texts.slice(0, 200)) {
    const doc = parsed(text);
    if (doc !== undefined) assert.deepStrictEqual(compilePolicy(doc, SOURCE), compilePolicyUncached(doc, SOURCE));
  }
  assert.ok(checked > 4000, `${checked} valid documents`);
});
