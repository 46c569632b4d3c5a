import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IdSource, pooledCryptoRandom, seededRandom } from '../../src/ids/id-source.js';
import { accountOfKeyId } from '../../src/services/sts/index.js';

describe('IdSource', () => {
  const ids = new IdSource();

  it('makes IAM unique ids and access keys in AWS shapes (aws-behaviour.md §0.8)', () => {
    assert.match(ids.uniqueId('AROA'), /^AROA[A-Z2-7]{17}$/);
    assert.match(ids.accessKeyId('AKIA', '123456789012'), /^AKIA[Q-Z2-7][A-Z2-7]{15}$/);
    assert.match(ids.accessKeyId('ASIA', '123456789012'), /^ASIA[Q-Z2-7][A-Z2-7]{15}$/);
    assert.match(ids.secretAccessKey(), /^[A-Za-z0-9+/]{40}$/);
    assert.match(ids.hex(17), /^[0-9a-f]{17}$/);
  });

  it('access key ids carry their account as AWS key ids do, and differ otherwise', () => {
    for (const account of ['000000000000', '000000000001', '123456789012', '348839763073', '999999999999']) {
      const keys = new Set<string>();
      for (let i = 0; i < 50; i += 1) {
        const key = ids.accessKeyId(i % 2 === 0 ? 'AKIA' : 'ASIA', account);
        assert.equal(accountOfKeyId(key), account, key);
        keys.add(key);
      }
      assert.equal(keys.size, 50);
    }
  });

  it('request ids are version-7 UUIDs that sort by time', () => {
    const early = ids.requestId(Date.parse('2026-01-01T00:00:00Z'));
    const late = ids.requestId(Date.parse('2026-01-01T00:00:00.001Z'));
    const uuid7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    assert.match(early, uuid7);
    assert.match(late, uuid7);
    assert.ok(early < late);
    assert.notEqual(ids.requestId(0), ids.requestId(0));
  });

  it('is deterministic with a seeded source', () => {
    const a = new IdSource(seededRandom('x'));
    const b = new IdSource(seededRandom('x'));
    assert.equal(a.uniqueId('AIDA'), b.uniqueId('AIDA'));
    assert.equal(a.requestId(1), b.requestId(1));
  });

  it('the pooled source hands out fresh bytes and copies', () => {
    const random = pooledCryptoRandom(64);
    const first = random(16);
    const second = random(16);
    assert.notDeepEqual(first, second);
    first.fill(0);
    assert.notDeepEqual(random(16), Buffer.alloc(16));
    assert.equal(random(100).length, 100, 'larger than the pool');
  });
});
