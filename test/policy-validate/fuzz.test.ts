import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseJson } from '../../src/policy/parse/index.js';
import type { PolicyKind } from '../../src/policy/types.js';
import { parsePolicy } from '../../src/policy/validate/index.js';
import { loadVectors } from './vectors.js';

/**
 * parsePolicy must be total: for any text and any kind it returns `ok` with a well-formed document or a
 * non-empty list of issues, and never throws. Seeds are fixed so a failure reproduces; run counts add up to
 * well over 5,000 and the whole file stays within a few seconds.
 */
const KINDS: readonly PolicyKind[] = ['identity', 'resource', 'trust', 'boundary', 'session'];
const SEED = 20240611;

function assertWellFormed(text: string, kind: PolicyKind): void {
  const result = parsePolicy(text, kind);
  if (result.kind !== 'ok') {
    assert.ok(result.issues.length > 0, 'a rejection lists at least one issue');
    for (const issue of result.issues) {
      assert.ok(issue.code === 'MalformedPolicyDocument', issue.code);
      assert.equal(typeof issue.message, 'string');
      assert.ok(issue.message.length > 0);
    }
    return;
  }
  assert.ok(result.document.statements.length > 0);
  for (const s of result.document.statements) {
    assert.ok(s.effect === 'Allow' || s.effect === 'Deny');
    for (const list of [s.action, s.notAction, s.resource, s.notResource]) {
      if (list !== undefined) assert.ok(list.every((v) => typeof v === 'string'));
    }
    for (const block of Object.values(s.condition ?? {})) {
      for (const values of Object.values(block)) assert.ok(values.every((v) => typeof v === 'string'));
    }
  }
}

const kindArb = fc.constantFrom(...KINDS);
const validDocuments = loadVectors().valid.map((c) => c.document);
const STATEMENT_KEYS = ['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'NotPrincipal', 'Condition'];
const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every (container, key) pair in a JSON tree, so a mutation can pick one by index. */
function slots(root: Json): [Json[] | { [key: string]: Json }, string | number][] {
  const out: [Json[] | { [key: string]: Json }, string | number][] = [];
  const walk = (node: Json): void => {
    if (Array.isArray(node)) node.forEach((child, i) => (out.push([node, i]), walk(child)));
    else if (node !== null && typeof node === 'object')
      for (const k of Object.keys(node)) {
        out.push([node, k]);
        walk(node[k] ?? null);
      }
  };
  walk(root);
  return out;
}

const setOwn = (target: { [key: string]: Json }, key: string, value: Json): void => {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
};

type Mutation =
  | { readonly m: 'delete'; readonly at: number }
  | { readonly m: 'retype'; readonly at: number; readonly value: Json }
  | { readonly m: 'add'; readonly at: number; readonly key: string; readonly value: Json }
  | { readonly m: 'nest'; readonly at: number; readonly depth: number }
  | { readonly m: 'huge'; readonly at: number; readonly size: number; readonly item: string }
  | { readonly m: 'unicode'; readonly at: number; readonly text: string };

const jsonArb = fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>;
const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ m: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ m: fc.constant('retype' as const), at: fc.nat(), value: jsonArb }),
  fc.record({
    m: fc.constant('add' as const),
    at: fc.nat(),
    key: fc.constantFrom(...STATEMENT_KEYS, ...HOSTILE_KEYS, 'Version', 'Statement'),
    value: jsonArb,
  }),
  // Deeper text is covered in normalise.test.ts: JSON.stringify itself overflows near 3,000 levels inside fast-check.
  fc.record({ m: fc.constant('nest' as const), at: fc.nat(), depth: fc.integer({ min: 1, max: 400 }) }),
  fc.record({
    m: fc.constant('huge' as const),
    at: fc.nat(),
    size: fc.integer({ min: 100, max: 5000 }),
    item: fc.constantFrom('s3:GetObject', '*', 'arn:aws:s3:::b/*', 'x'),
  }),
  fc.record({ m: fc.constant('unicode' as const), at: fc.nat(), text: fc.string({ unit: 'binary', maxLength: 40 }) }),
);

function mutate(root: Json, mutation: Mutation): Json {
  const all = slots(root);
  const slot = all[mutation.at % Math.max(all.length, 1)];
  if (slot === undefined) return root;
  const [container, key] = slot;
  const get = (): Json => (Array.isArray(container) ? container[key as number] : container[key as string]) ?? null;
  const put = (value: Json): void => {
    if (Array.isArray(container)) container[key as number] = value;
    else setOwn(container, key as string, value);
  };
  switch (mutation.m) {
    case 'delete':
      if (Array.isArray(container)) container.splice(key as number, 1);
      else delete container[key as string];
      break;
    case 'retype':
      put(mutation.value);
      break;
    case 'add': {
      const target = get();
      if (target !== null && typeof target === 'object' && !Array.isArray(target)) setOwn(target, mutation.key, mutation.value);
      else if (!Array.isArray(container)) setOwn(container, mutation.key, mutation.value);
      break;
    }
    case 'nest': {
      let value = get();
      for (let i = 0; i < mutation.depth; i++) value = i % 2 === 0 ? [value] : { Statement: value };
      put(value);
      break;
    }
    case 'huge':
      put(Array.from({ length: mutation.size }, () => mutation.item));
      break;
    case 'unicode':
      put(mutation.text);
      break;
  }
  return root;
}

/** Serialise, then optionally repeat one key (IAM keeps the last) and cut the text short. */
function render(root: Json, duplicateAt: number | undefined, truncateAt: number | undefined): string {
  let text = JSON.stringify(root);
  if (duplicateAt !== undefined) {
    const keys = [...text.matchAll(/"([A-Za-z_]+)":/g)];
    const hit = keys[duplicateAt % Math.max(keys.length, 1)];
    if (hit?.index !== undefined) text = `${text.slice(0, hit.index)}"${hit[1]}":"dup",${text.slice(hit.index)}`;
  }
  return truncateAt === undefined ? text : text.slice(0, truncateAt % (text.length + 1));
}

describe('parsePolicy is total (fast-check)', () => {
  it('random text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), kindArb, (text, kind) => assertWellFormed(text, kind)),
      { seed: SEED, numRuns: 1500 },
    );
  });

  it('random JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), kindArb, (value, kind) => assertWellFormed(JSON.stringify(value) ?? 'null', kind)),
      { seed: SEED, numRuns: 1500 },
    );
  });

  it('random policy-shaped documents', () => {
    const listArb = fc.oneof(fc.string(), fc.array(fc.oneof(fc.string(), fc.constant('s3:GetObject'), fc.constant('*')), { maxLength: 4 }));
    const statementArb = fc.record(
      {
        Sid: fc.string(),
        Effect: fc.constantFrom('Allow', 'Deny', 'allow', 'x'),
        Action: listArb,
        NotAction: listArb,
        Resource: fc.oneof(listArb, fc.constantFrom('arn:aws:s3:::b', 'arn:aws:iam::123456789012:role/r', 'arn:aws:s3::b')),
        Principal: fc.oneof(fc.constant('*'), fc.record({ AWS: listArb, Service: listArb }, { requiredKeys: [] })),
        Condition: fc.dictionary(
          fc.constantFrom('StringEquals', 'DateLessThan', 'ForAnyValue:StringLike', 'Nope'),
          fc.dictionary(fc.string(), jsonArb),
        ),
      },
      { requiredKeys: [] },
    );
    const docArb = fc.record(
      {
        Version: fc.constantFrom('2012-10-17', '2008-10-17', 'x'),
        Id: fc.string(),
        Statement: fc.oneof(statementArb, fc.array(statementArb, { maxLength: 3 })),
      },
      { requiredKeys: ['Statement'] },
    );
    fc.assert(
      fc.property(docArb, kindArb, (doc, kind) => assertWellFormed(JSON.stringify(doc), kind)),
      { seed: SEED, numRuns: 1500 },
    );
  });

  it('mutations of the recorded valid documents', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: validDocuments.length - 1 }),
        fc.array(mutationArb, { minLength: 1, maxLength: 4 }),
        fc.option(fc.nat(), { nil: undefined }),
        fc.option(fc.nat(), { nil: undefined }),
        kindArb,
        (index, mutations, duplicateAt, truncateAt, kind) => {
          let doc = structuredClone(validDocuments[index]) as Json;
          for (const mutation of mutations) doc = mutate(doc, mutation);
          assertWellFormed(render(doc, duplicateAt, truncateAt), kind);
        },
      ),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it('the JSON reader accepts exactly what JSON.parse accepts', () => {
    const textArb = fc.oneof(
      fc.json({ maxDepth: 4 }),
      fc.json({ maxDepth: 3 }).chain((t) => fc.nat({ max: t.length }).map((n) => t.slice(0, n))),
      fc
        .json({ maxDepth: 3 })
        .chain((t) =>
          fc
            .tuple(fc.nat({ max: t.length }), fc.constantFrom(',', '}', ']', '"', '\\', ' ', 'x', '1'))
            .map(([n, c]) => t.slice(0, n) + c + t.slice(n)),
        ),
    );
    fc.assert(
      fc.property(textArb, (text) => {
        let expected = true;
        try {
          JSON.parse(text);
        } catch {
          expected = false;
        }
        assert.equal(parseJson(text).kind === 'ok', expected, text);
      }),
      { seed: SEED, numRuns: 1500 },
    );
  });
});
