/**
 * A short soak (reliability/soak.ts): mixed valid traffic from 16 connections for a few seconds, with a small
 * audit byte bound. `npm run soak` is the long run (README, "Reliability").
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { soak } from '../../reliability/soak.js';

describe('a short soak', () => {
  it('serves mixed traffic without a 5xx, a lost connection or a leaked descriptor', async () => {
    const summary = await soak({ connections: 16, seconds: 8, env: { IAMLAB_MAX_AUDIT_BYTES: String(2 * 1024 * 1024) } });
    assert.deepEqual(summary.findings, []);
    assert.ok(summary.requests > 1_000, `${summary.requests} requests`);
    assert.deepEqual(
      Object.keys(summary.byStatus).filter((status) => Number(status) >= 500 || status === '0'),
      [],
    );
    const fds = summary.samples.map((s) => s.fds);
    assert.ok((fds.at(-1) ?? 0) <= (fds[0] ?? 0) + 16, `open descriptors ${fds.join(' ')}`);
  });
});
