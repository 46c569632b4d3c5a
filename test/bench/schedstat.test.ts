/**
 * The schedstat reader of the CPU benchmark (bench/schedstat.ts): the first field of each thread's line is its
 * time on a CPU in ns, and a process's figure is the sum over its threads. The fixture lines were read from a
 * node process on the reference machine (`/proc/<pid>/task/*\/schedstat`: main thread, V8's and libuv's threads).
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, test } from 'node:test';
import { lostThreads, parseSchedstat, readProcessCpu, sumThreads } from '../../bench/schedstat.js';

const FIXTURE: readonly (readonly [number, string])[] = [
  [4906, '1984170208 103475843 518\n'],
  [4907, '55252 15092 1\n'],
  [4908, '233216 45918 7\n'],
  [4909, '1021609 1195525 8\n'],
  [4917, '15272 3549795 1\n'],
];

describe('schedstat reader', () => {
  test('parseSchedstat takes the first field, ns on a CPU', () => {
    assert.equal(parseSchedstat('1984170208 103475843 518\n'), 1_984_170_208);
    assert.equal(parseSchedstat('0 0 0'), 0);
  });

  test('parseSchedstat refuses what is not a schedstat line', () => {
    for (const text of ['', 'abc 1 2', '12 34', '-5 1 2', '1.5 2 3']) assert.throws(() => parseSchedstat(text), /not a schedstat line/);
  });

  test('sumThreads adds every thread and keeps each one by id', () => {
    const reading = sumThreads(FIXTURE);
    assert.equal(reading.ns, 1_984_170_208 + 55_252 + 233_216 + 1_021_609 + 15_272);
    assert.equal(reading.threads.size, 5);
    assert.equal(reading.threads.get(4909), 1_021_609);
  });

  test('lostThreads names the threads of the first reading missing from the second', () => {
    const before = sumThreads(FIXTURE);
    const after = sumThreads([...FIXTURE.filter(([tid]) => tid !== 4908), [4920, '100 0 1']]);
    assert.deepEqual(lostThreads(before, after), [4908]);
    assert.deepEqual(lostThreads(before, before), []);
  });

  test('readProcessCpu reads this process: every thread, and the time grows with work', { skip: !existsSync('/proc/self/task') }, () => {
    const before = readProcessCpu(process.pid);
    // 30 ms of CPU by the kernel's other account (getrusage), however busy the machine is.
    const started = process.cpuUsage();
    let spun = 0;
    for (let used = 0; used < 30_000; spun++) {
      const { user, system } = process.cpuUsage(started);
      used = user + system;
    }
    const after = readProcessCpu(process.pid);
    assert.ok(spun > 0);
    assert.ok(before.threads.has(process.pid), 'the main thread has the process id');
    assert.ok(after.threads.size >= 2, 'node runs more than one thread');
    // A running thread's figure may lag by a scheduler tick: a margin of 10 ms.
    assert.ok(after.ns - before.ns >= 20_000_000, `30 ms of CPU showed as ${(after.ns - before.ns) / 1e6} ms`);
  });
});
