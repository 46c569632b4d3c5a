/**
 * Differential test against @cloud-copilot/iam-simulate on 10,000 seeded policy/request pairs (identity,
 * resource, boundary, session and trust policies; every condition operator family). Each disagreement must
 * fall into a category documented in differential-known.md; anything else fails the test.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AuthorizationResult } from '../../src/policy/evaluator.js';
import { explainResult } from '../../src/policy/evaluator.js';
import type { DiffCase } from './differential.js';
import { generateCase, ours, simulate } from './differential.js';
import { rng } from './generate.js';

const CASES = 10_000;

/** Known, documented disagreement categories (see differential-known.md); undefined = unexplained. */
function knownCategory(c: DiffCase, mine: AuthorizationResult, theirs: string): string | undefined {
  const docs = [...c.identity, c.boundary, c.session, c.resourcePolicy].filter((d) => d !== undefined);
  if (docs.some((d) => d['Version'] === '2008-10-17' && JSON.stringify(d).includes('${'))) return 'version-2008-literal-variables';
  const unresolvedNotResource =
    !('aws:username' in c.context) &&
    docs.some((d) =>
      (d['Statement'] as Record<string, unknown>[]).some((s) => {
        const nr = s['NotResource'];
        return (Array.isArray(nr) ? nr : [nr]).some((r) => typeof r === 'string' && r.includes('${aws:username}'));
      }),
    );
  if (unresolvedNotResource) return 'notresource-unresolved-variable';
  const via = mine.reason.kind === 'allowed' ? mine.reason.via : undefined;
  if (c.session !== undefined && mine.decision === 'Allowed' && theirs === 'ImplicitlyDenied' && (via === 'resource' || via === 'trust')) {
    return 'session-policy-vs-direct-resource-grant';
  }
  return undefined;
}

test(`differential against iam-simulate (${CASES} cases)`, async () => {
  const r = rng(20240501);
  let agreements = 0;
  let simErrors = 0;
  const known = new Map<string, number>();
  const unknown: string[] = [];
  for (let i = 0; i < CASES; i++) {
    const c = generateCase(r);
    const sim = await simulate(c);
    if (sim.kind === 'error') {
      simErrors++;
      continue;
    }
    const mine = ours(c);
    if (mine.decision === sim.decision) {
      agreements++;
      continue;
    }
    const category = knownCategory(c, mine, sim.decision);
    if (category !== undefined) known.set(category, (known.get(category) ?? 0) + 1);
    else if (unknown.length < 5) unknown.push(`ours=${mine.decision} sim=${sim.decision}\n${JSON.stringify(c)}\n${explainResult(ours(c, true))}`);
    else unknown.push('…');
  }
  const knownTotal = [...known.values()].reduce((a, b) => a + b, 0);
  console.log(
    `differential: ${CASES} cases, ${agreements} agreements, ${knownTotal} known disagreements ` +
      `(${[...known].map(([k, v]) => `${k}: ${v}`).join(', ') || 'none'}), ${unknown.length} unexplained, ${simErrors} simulator errors`,
  );
  assert.equal(simErrors, 0, 'iam-simulate rejected generated input');
  assert.deepEqual(unknown, [], 'unexplained disagreements');
  assert.ok(agreements >= CASES * 0.99, 'agreement below 99%');
});
