import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveConfig } from '../../src/app/config.js';

describe('--store / IAMLAB_STORE', () => {
  it('reads sqlite (the default, in the data directory), memory and postgres:// URLs', () => {
    const store = (text: string | undefined): unknown => {
      const resolved = resolveConfig({ store: text, dataDir: 'lab' }, {}, '/work');
      return resolved.kind === 'ok' ? resolved.config.store : resolved.message;
    };
    assert.deepEqual(store(undefined), { kind: 'sqlite', dataDir: '/work/lab' });
    assert.deepEqual(store('sqlite'), { kind: 'sqlite', dataDir: '/work/lab' });
    assert.deepEqual(store('memory'), { kind: 'memory' });
    assert.deepEqual(store('postgres://u@h/db'), { kind: 'postgres', url: 'postgres://u@h/db' });
    assert.equal(store('mysql://h/db'), '`--store` takes `sqlite`, `memory` or a `postgres://` URL, not `mysql://h/db`');
  });

  it('the environment names the store when no flag does', () => {
    const resolved = resolveConfig({}, { IAMLAB_STORE: 'memory' }, '/work');
    assert.ok(resolved.kind === 'ok');
    assert.deepEqual(resolved.config.store, { kind: 'memory' });
  });
});
