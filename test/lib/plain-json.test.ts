/** plainJson gives what a round trip through JSON text gives (src/lib/plain-json.ts). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { plainJson } from '../../src/lib/plain-json.js';

const roundTrip = (value: unknown): unknown => JSON.parse(JSON.stringify(value)) as unknown;

describe('plainJson', () => {
  test('plain data: members left undefined are dropped, undefined items become null, the rest is copied', () => {
    const values: unknown[] = [
      { a: 1, b: undefined, c: { d: [1, undefined, 'x'], e: null, f: { g: undefined } }, h: true },
      [undefined, { a: undefined }, [], {}],
      'text',
      0,
      null,
      { nested: Object.assign(Object.create(null) as object, { k: 'v', gone: undefined }) },
    ];
    for (const value of values) assert.deepEqual(plainJson(value), roundTrip(value));
    const source = { inner: { list: [1] } };
    const copied = plainJson(source) as typeof source;
    assert.notEqual(copied.inner, source.inner, 'a copy, not the same objects');
    assert.notEqual(copied.inner.list, source.inner.list);
  });

  test('anything else becomes what JSON makes of it', () => {
    const values: unknown[] = [
      { when: new Date(0), n: Number.NaN, inf: [Number.POSITIVE_INFINITY] },
      { map: new Map([['a', 1]]), fn: () => 1 },
      [() => 1, Symbol('s')],
    ];
    for (const value of values) assert.deepEqual(plainJson(value), roundTrip(value));
  });
});
