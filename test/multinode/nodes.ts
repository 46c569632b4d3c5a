/**
 * Several lab nodes on one PostgreSQL database, for the multi-node tests (design.md "One lab on many nodes"):
 * a database of their own, created fresh and dropped afterwards, and nodes started in this process on it, each
 * with its own name. Runs only where IAMLAB_TEST_POSTGRES_URL is set (CI sets it).
 */
import { startTestLab, type TestLab, type TestLabOptions } from '../support/test-lab.js';

export const POSTGRES_URL = process.env['IAMLAB_TEST_POSTGRES_URL'];
export const SKIP_REASON =
  'SKIPPED: IAMLAB_TEST_POSTGRES_URL is not set, so several nodes on one PostgreSQL were NOT tested (CI sets it: see .ci/run)';

/** `count` nodes named node-a, node-b, … on `url`, started one after another as an operator would. */
export async function startNodes(url: string, count: number, options: Omit<TestLabOptions, 'store'> = {}): Promise<TestLab[]> {
  const nodes: TestLab[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const node = `node-${String.fromCharCode(97 + i)}`;
      nodes.push(await startTestLab({ ...options, store: url, env: { ...options.env, IAMLAB_NODE: node } }));
    }
  } catch (error) {
    await stopNodes(nodes);
    throw error;
  }
  return nodes;
}

export async function stopNodes(nodes: readonly TestLab[]): Promise<void> {
  for (const node of nodes) await node.dispose();
}

/** Waits up to `ms` for `condition`, polling; false if it never held. */
export async function eventually(condition: () => boolean | Promise<boolean>, ms = 5_000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return condition();
}
