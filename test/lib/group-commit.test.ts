import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GroupCommit } from '../../src/lib/group-commit.js';

describe('GroupCommit', () => {
  it('commits the items added in one turn together, and each caller learns when its own is committed', async () => {
    const batches: number[][] = [];
    const group = new GroupCommit<number>(async (items) => void batches.push([...items]));
    await Promise.all([1, 2, 3].map((n) => group.add(n)));
    await group.add(4);
    assert.deepEqual(batches, [[1, 2, 3], [4]]);
  });

  it('items added while a commit runs form the next batch, and none is settled before its commit', async () => {
    const batches: number[][] = [];
    let release: () => void = () => undefined;
    const group = new GroupCommit<number>(async (items) => {
      batches.push([...items]);
      if (batches.length === 1) await new Promise<void>((resolve) => (release = resolve));
    });
    let firstDone = false;
    const first = group.add(1).then(() => (firstDone = true));
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    const later = [group.add(2), group.add(3)];
    assert.equal(firstDone, false, 'the first item is not settled while its commit runs');
    release();
    await Promise.all([first, ...later]);
    await group.settled();
    assert.deepEqual(batches, [[1], [2, 3]]);
  });

  it('a failed commit rejects every item of its batch, and the next batch commits', async () => {
    let fail = true;
    const committed: number[] = [];
    const group = new GroupCommit<number>(async (items) => {
      if (fail) {
        fail = false;
        throw new Error('disk full');
      }
      committed.push(...items);
    });
    const results = await Promise.allSettled([group.add(1), group.add(2)]);
    assert.deepEqual(
      results.map((result) => result.status),
      ['rejected', 'rejected'],
    );
    await group.add(3);
    assert.deepEqual(committed, [3]);
  });
});
