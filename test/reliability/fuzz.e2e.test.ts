/**
 * A short run of the fuzzer (reliability/fuzz.ts) with fixed seeds: every surface, the federation ones of
 * issue #16 included, a few thousand requests, no finding. `npm run fuzz` is the long run (README, "Reliability").
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fuzz } from '../../reliability/fuzz.js';

describe('the fuzzer, briefly', () => {
  for (const seed of [1, 2]) {
    it(`seed ${seed}: no 5xx, every answer well-formed in its envelope, the lab alive`, async () => {
      const summary = await fuzz({ seed, requests: 2_500, seconds: 60 });
      assert.deepEqual(summary.findings, [], `seed ${seed}: ${summary.findings.join('\n')}\n${summary.labLog}`);
      assert.equal(summary.labExited, undefined);
      assert.ok(summary.sent >= 2_500 || summary.seconds >= 60);
      for (const family of [
        'query',
        'ec2',
        's3',
        'auth',
        'presigned',
        'imds',
        'admin',
        'raw',
        'federation',
        'providers',
        'federation-admin',
        'agents',
      ])
        assert.ok((summary.byFamily[family] ?? 0) > 0, `${family} was fuzzed`);
    });
  }
});
