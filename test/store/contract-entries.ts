/** Store contract: get, put, insert, delete, list, count, and what input is refused. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Json } from '../../src/store/port.js';
import { byteOrder, C, withStore, type Open } from './contract-helpers.js';

export function registerEntryTests(open: Open): void {
  test('get of a missing key is undefined', () =>
    withStore(open, async (store) => {
      assert.equal(await store.transaction((tx) => tx.get(C, 'nope')), undefined);
    }));

  test('put then get round-trips every kind of JSON value, keeping object key order', () =>
    withStore(open, async (store) => {
      const values: Json[] = [
        null,
        true,
        false,
        0,
        -12.5,
        1e300,
        Number.MAX_SAFE_INTEGER,
        '',
        'text with "quotes", \\ backslash, \n newline, \u0000 nul, \ud800 lone surrogate, 😀',
        [],
        [1, 'two', null, [3], { four: 4 }],
        {},
        { zebra: 1, apple: { y: [true], x: null }, mango: 'm', '': 'empty key', 'ké y': 2 },
      ];
      await store.transaction(async (tx) => {
        for (const [i, value] of values.entries()) await tx.put(C, `k${i}`, value);
      });
      for (const [i, value] of values.entries()) {
        const read = await store.transaction((tx) => tx.get(C, `k${i}`));
        assert.deepEqual(read, value);
        assert.equal(JSON.stringify(read), JSON.stringify(value), 'same text, hence same key order');
      }
    }));

  test('put replaces an existing value', () =>
    withStore(open, async (store) => {
      await store.transaction((tx) => tx.put(C, 'k', { v: 1 }));
      await store.transaction((tx) => tx.put(C, 'k', { v: 2 }));
      assert.deepEqual(await store.transaction((tx) => tx.get(C, 'k')), { v: 2 });
      assert.equal(await store.transaction((tx) => tx.count(C)), 1);
    }));

  test('insert creates only: false and no change when the key exists', () =>
    withStore(open, async (store) => {
      assert.equal(await store.transaction((tx) => tx.insert(C, 'k', 'first')), true);
      assert.equal(await store.transaction((tx) => tx.insert(C, 'k', 'second')), false);
      assert.equal(await store.transaction((tx) => tx.get(C, 'k')), 'first');
    }));

  test('delete reports whether something was deleted', () =>
    withStore(open, async (store) => {
      await store.transaction((tx) => tx.put(C, 'k', 1));
      assert.equal(await store.transaction((tx) => tx.delete(C, 'k')), true);
      assert.equal(await store.transaction((tx) => tx.delete(C, 'k')), false);
      assert.equal(await store.transaction((tx) => tx.get(C, 'k')), undefined);
    }));

  test('collections are separate namespaces', () =>
    withStore(open, async (store) => {
      await store.transaction(async (tx) => {
        await tx.put('roles', 'k', 'role');
        await tx.put('users', 'k', 'user');
        await tx.put('users', 'k2', 'user2');
      });
      await store.transaction(async (tx) => {
        assert.equal(await tx.get('roles', 'k'), 'role');
        assert.equal(await tx.get('users', 'k'), 'user');
        assert.equal(await tx.count('roles'), 1);
        assert.deepEqual(
          (await tx.list('users')).map((e) => e.key),
          ['k', 'k2'],
        );
        assert.equal(await tx.delete('roles', 'k2'), false);
      });
    }));

  test('unicode keys are distinct and exact (NFC and NFD are different keys)', () =>
    withStore(open, async (store) => {
      const keys = ['é', 'e\u0301', '😀', '日本語', 'ß', 'SS', '\u{10FFFF}'];
      await store.transaction(async (tx) => {
        for (const key of keys) await tx.put(C, key, key);
      });
      await store.transaction(async (tx) => {
        for (const key of keys) assert.equal(await tx.get(C, key), key);
        assert.equal(await tx.count(C), keys.length);
      });
    }));

  test('a value of about 1 MB round-trips', () =>
    withStore(open, async (store) => {
      const big = {
        text: 'x'.repeat(768 * 1024) + 'é😀',
        items: Array.from({ length: 10_000 }, (_, i) => ({ i, name: `item-${i}` })),
      };
      assert.ok(JSON.stringify(big).length > 900_000);
      await store.transaction((tx) => tx.put(C, 'big', big));
      assert.deepEqual(await store.transaction((tx) => tx.get(C, 'big')), big);
    }));
}

export function registerListTests(open: Open): void {
  test('list returns entries in byte order of the keys, not UTF-16 order', () =>
    withStore(open, async (store) => {
      const keys = ['b', 'a', 'B', 'a\u0001', 'é', '\uFFFD', '😀', 'Z', 'aa', '', '\uE000'];
      await store.transaction(async (tx) => {
        for (const key of keys) await tx.put(C, key, key.length);
      });
      const listed = await store.transaction((tx) => tx.list(C));
      assert.deepEqual(
        listed.map((e) => e.key),
        byteOrder(keys),
      );
      // U+1F600 (F0 9F 98 80) sorts after U+FFFD (EF BF BD) in bytes, before it in UTF-16 code units.
      assert.ok(listed.findIndex((e) => e.key === '😀') > listed.findIndex((e) => e.key === '\uFFFD'));
      assert.deepEqual(listed[1], { key: 'B', value: 1 });
    }));

  test('pagination with after and limit visits every entry once, in order', () =>
    withStore(open, async (store) => {
      const keys = Array.from({ length: 25 }, (_, i) => `user/${String(i).padStart(3, '0')}`);
      await store.transaction(async (tx) => {
        for (const key of [...keys].reverse()) await tx.put(C, key, { key });
      });
      const seen: string[] = [];
      let after: string | undefined;
      for (let page = 0; page < 10; page++) {
        const entries = await store.transaction((tx) => tx.list(C, { limit: 10, ...(after === undefined ? {} : { after }) }));
        if (entries.length === 0) break;
        assert.ok(entries.length <= 10);
        seen.push(...entries.map((e) => e.key));
        after = entries[entries.length - 1]?.key;
      }
      assert.deepEqual(seen, keys);
      assert.deepEqual(await store.transaction((tx) => tx.list(C, { limit: 0 })), []);
      assert.deepEqual(
        (await store.transaction((tx) => tx.list(C, { after: 'user/022' }))).map((e) => e.key),
        ['user/023', 'user/024'],
      );
      assert.deepEqual(
        (await store.transaction((tx) => tx.list(C, { after: 'user/0225' }))).map((e) => e.key),
        ['user/023', 'user/024'],
        'after need not be an existing key',
      );
    }));

  test('prefix combines with after and limit', () =>
    withStore(open, async (store) => {
      await store.transaction(async (tx) => {
        for (const key of ['a/1', 'a/2', 'a/3', 'a/4', 'b/1', 'a']) await tx.put(C, key, key);
      });
      const page = await store.transaction((tx) => tx.list(C, { prefix: 'a/', after: 'a/1', limit: 2 }));
      assert.deepEqual(page, [
        { key: 'a/2', value: 'a/2' },
        { key: 'a/3', value: 'a/3' },
      ]);
      assert.deepEqual(
        (await store.transaction((tx) => tx.list(C, { prefix: 'a/', after: '0' }))).map((e) => e.key),
        ['a/1', 'a/2', 'a/3', 'a/4'],
        'an after below the prefix range changes nothing',
      );
    }));

  test('prefix treats %, _, \\ and other pattern characters literally and is case-sensitive', () =>
    withStore(open, async (store) => {
      const keys = ['a%b', 'a_b', 'axb', 'a%', 'a\\b', 'A%b', 'a*b', 'a?b', 'a[b', 'ab'];
      await store.transaction(async (tx) => {
        for (const key of keys) await tx.put(C, key, key);
      });
      const keysWith = async (prefix: string): Promise<string[]> => (await store.transaction((tx) => tx.list(C, { prefix }))).map((e) => e.key);
      assert.deepEqual(await keysWith('a%'), ['a%', 'a%b']);
      assert.deepEqual(await keysWith('a_'), ['a_b']);
      assert.deepEqual(await keysWith('a\\'), ['a\\b']);
      assert.deepEqual(await keysWith('a*'), ['a*b']);
      assert.deepEqual(await keysWith('a?'), ['a?b']);
      assert.deepEqual(await keysWith('a['), ['a[b']);
      assert.deepEqual(await keysWith('A'), ['A%b']);
      assert.deepEqual(await keysWith('a%b'), ['a%b']);
      assert.deepEqual(await keysWith('zzz'), []);
      assert.equal(await store.transaction((tx) => tx.count(C, 'a_')), 1);
      assert.equal(await store.transaction((tx) => tx.count(C, 'a%')), 2);
      assert.equal(await store.transaction((tx) => tx.count(C, '')), keys.length);
    }));

  test('prefix works at the edges of the code point range', () =>
    withStore(open, async (store) => {
      const keys = ['x\u{10FFFF}', 'x\u{10FFFF}a', 'x\u{10FFFF}\u{10FFFF}', 'y', '\uD7FFa', '\uE000', '😀a', '😁'];
      await store.transaction(async (tx) => {
        for (const key of keys) await tx.put(C, key, 0);
      });
      const keysWith = async (prefix: string): Promise<string[]> => (await store.transaction((tx) => tx.list(C, { prefix }))).map((e) => e.key);
      assert.deepEqual(await keysWith('x\u{10FFFF}'), byteOrder(['x\u{10FFFF}', 'x\u{10FFFF}a', 'x\u{10FFFF}\u{10FFFF}']));
      assert.deepEqual(await keysWith('x'), byteOrder(['x\u{10FFFF}', 'x\u{10FFFF}a', 'x\u{10FFFF}\u{10FFFF}']));
      assert.deepEqual(await keysWith('\uD7FF'), ['\uD7FFa']);
      assert.deepEqual(await keysWith('😀'), ['😀a']);
    }));

  test('count counts a collection, or the keys with a prefix', () =>
    withStore(open, async (store) => {
      await store.transaction(async (tx) => {
        for (let i = 0; i < 12; i++) await tx.put(C, `${i % 2 === 0 ? 'even' : 'odd'}/${i}`, i);
        await tx.put('other', 'even/x', 0);
      });
      await store.transaction(async (tx) => {
        assert.equal(await tx.count(C), 12);
        assert.equal(await tx.count(C, 'even/'), 6);
        assert.equal(await tx.count(C, 'odd/1'), 2);
        assert.equal(await tx.count('empty'), 0);
      });
    }));
}

export function registerInputTests(open: Open): void {
  test('values that are not JSON are rejected with a clear error and nothing is written', () =>
    withStore(open, async (store) => {
      const circular: Record<string, unknown> = {};
      circular['self'] = circular;
      const sparse: unknown[] = [1];
      sparse[2] = 3;
      const bad: [unknown, RegExp][] = [
        [undefined, /`\$` is undefined/],
        [NaN, /`\$` is NaN/],
        [Infinity, /`\$` is Infinity/],
        [() => 1, /is a function/],
        [Symbol('s'), /is a symbol/],
        [10n, /is a bigint/],
        [{ a: { b: undefined } }, /`\$\.a\.b` is undefined/],
        [{ when: new Date(0) }, /`\$\.when` is a Date/],
        [new Map(), /is a Map/],
        [sparse, /`\$\[1\]` is a hole/],
        [circular, /`\$\.self` is a circular reference/],
        [[1, [2, NaN]], /`\$\[1\]\[1\]` is NaN/],
      ];
      for (const [value, message] of bad) {
        await assert.rejects(
          store.transaction((tx) => tx.put(C, 'k', value as Json)),
          (error: Error) => /is not a JSON value/.test(error.message) && message.test(error.message),
        );
        await assert.rejects(
          store.transaction((tx) => tx.insert(C, 'k', value as Json)),
          /is not a JSON value/,
        );
      }
      assert.equal(await store.transaction((tx) => tx.count(C)), 0);
    }));

  test('keys that cannot be stored exactly are rejected', () =>
    withStore(open, async (store) => {
      await assert.rejects(
        store.transaction((tx) => tx.put(C, 'a\ud800', 1)),
        /lone surrogate/,
      );
      await assert.rejects(
        store.transaction((tx) => tx.put(C, '\udc00', 1)),
        /lone surrogate/,
      );
      await assert.rejects(
        store.transaction((tx) => tx.put(C, 'a\u0000b', 1)),
        /contains NUL/,
      );
      await assert.rejects(
        store.transaction((tx) => tx.get('', 'k')),
        /collection name must not be empty/,
      );
      await assert.rejects(
        store.transaction((tx) => tx.get(C, 42 as unknown as string)),
        /key must be a string/,
      );
      await assert.rejects(
        store.transaction((tx) => tx.list(C, { prefix: '\ud800' })),
        /lone surrogate/,
      );
      await assert.rejects(
        store.transaction((tx) => tx.list(C, { limit: -1 })),
        /limit must be a non-negative integer/,
      );
      await assert.rejects(
        store.transaction((tx) => tx.list(C, { limit: 1.5 })),
        /limit must be a non-negative integer/,
      );
      assert.equal(await store.transaction((tx) => tx.count(C)), 0);
    }));

  test('a rejected write inside a transaction can be caught, and the rest still commits', () =>
    withStore(open, async (store) => {
      await store.transaction(async (tx) => {
        await tx.put(C, 'before', 1);
        await assert.rejects(tx.put(C, 'bad', NaN), /is not a JSON value/);
        await tx.put(C, 'after', 2);
      });
      assert.deepEqual(
        (await store.transaction((tx) => tx.list(C))).map((e) => e.key),
        ['after', 'before'],
      );
    }));
}
