/**
 * Runs the JSON evaluation corpus in test/vectors/policy/*.json (one file per topic). Each case names a
 * principal from principals.ts (or gives one inline), the policies in AWS JSON, a context (plain keys and/or
 * a `build` input for buildRequestContext) and the expected decision, reason and message.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BuildContextInput, CompiledPolicy, RequestPrincipal } from '../../src/policy/evaluator.js';
import {
  accessDeniedMessage,
  arnAccount,
  buildRequestContext,
  compilePolicy,
  createRequestContext,
  denialSuffix,
  evaluate,
  evaluateTrust,
  explainResult,
  extendRequestContext,
} from '../../src/policy/evaluator.js';
import type { PolicyKind } from '../../src/policy/types.js';
import { normalise } from './normalise.js';
import { PRINCIPALS } from './principals.js';
import { repoRoot } from '../support/repo-root.js';

interface VectorCase {
  name: string;
  principal: string | RequestPrincipal;
  action: string;
  resource: string;
  resourceAccount?: string;
  context?: Record<string, string | string[]>;
  build?: Omit<BuildContextInput, 'principal'>;
  identity?: unknown[];
  boundary?: unknown;
  session?: unknown[];
  resourcePolicy?: unknown;
  trust?: unknown;
  actions?: string[];
  expect: 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';
  reason?: { kind: string; missing?: string; policyKind?: string; via?: string; sid?: string };
  suffix?: string;
  message?: string;
}

const dir = join(repoRoot(), 'test', 'vectors', 'policy');

function compile(raw: unknown, kind: PolicyKind, name: string): CompiledPolicy {
  return compilePolicy(normalise(raw), { name, kind });
}

function principalOf(c: VectorCase): RequestPrincipal {
  if (typeof c.principal !== 'string') return c.principal;
  const p = PRINCIPALS[c.principal];
  if (p === undefined) throw new Error(`unknown principal ${c.principal}`);
  return p;
}

function runCase(c: VectorCase): void {
  const principal = principalOf(c);
  const base = c.build === undefined ? createRequestContext({}) : buildRequestContext({ ...c.build, principal });
  const context = extendRequestContext(base, c.context ?? {});
  const identityPolicies = (c.identity ?? []).map((d, i) => compile(d, 'identity', `identity-${i}`));
  const common = {
    principal,
    context,
    identityPolicies,
    ...(c.boundary === undefined ? {} : { permissionsBoundary: compile(c.boundary, 'boundary', 'boundary') }),
    ...(c.session === undefined ? {} : { sessionPolicies: c.session.map((d, i) => compile(d, 'session', `session-${i}`)) }),
    explain: true,
  };
  const result =
    c.trust !== undefined
      ? evaluateTrust({
          ...common,
          role: { arn: c.resource, account: c.resourceAccount ?? arnAccount(c.resource) ?? '' },
          trustPolicy: compile(c.trust, 'trust', 'trust'),
          ...(c.actions === undefined ? {} : { actions: c.actions }),
        })
      : evaluate({
          ...common,
          action: c.action,
          resource: c.resource,
          ...(c.resourceAccount === undefined ? {} : { resourceAccount: c.resourceAccount }),
          ...(c.resourcePolicy === undefined ? {} : { resourcePolicy: compile(c.resourcePolicy, 'resource', 'resource') }),
        });
  const why = explainResult(result);
  assert.equal(result.decision, c.expect, why);
  if (c.reason !== undefined) {
    const r = result.reason;
    assert.equal(r.kind, c.reason.kind, why);
    if (c.reason.missing !== undefined) assert.equal(r.kind === 'no-allow' ? r.missing : undefined, c.reason.missing, why);
    if (c.reason.policyKind !== undefined) {
      assert.equal(r.kind === 'explicit-deny' ? r.statement.policy.kind : undefined, c.reason.policyKind, why);
    }
    if (c.reason.sid !== undefined) assert.equal(r.kind === 'explicit-deny' ? r.statement.sid : undefined, c.reason.sid, why);
    if (c.reason.via !== undefined) assert.equal(r.kind === 'allowed' ? r.via : undefined, c.reason.via, why);
  }
  if (c.suffix !== undefined) assert.equal(denialSuffix(result), c.suffix);
  if (c.message !== undefined) assert.equal(accessDeniedMessage(result, { contextual: true }), c.message);
}

const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();

test('the corpus has every topic', () => {
  for (const topic of ['identity', 'resource', 'cross-account', 'boundaries', 'sessions', 'trust', 'conditions', 'variables', 'revocation']) {
    assert.ok(files.includes(`${topic}.json`), `missing ${topic}.json`);
  }
});

for (const file of files) {
  const cases = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { cases: VectorCase[] };
  test(`vectors: ${file}`, async (t) => {
    for (const c of cases.cases) await t.test(c.name, () => runCase(c));
  });
}
