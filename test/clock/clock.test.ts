import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Clock } from '../../src/clock/clock.js';
import { formatDuration, parseDuration } from '../../src/clock/duration.js';
import { MAX_VIRTUAL_MS, parseInstant } from '../../src/clock/instant.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const H = 3_600_000;

/** A wall clock the test moves by hand. */
function manualWall(start = T0): { now: () => number; tick: (ms: number) => void } {
  let wall = start;
  return { now: () => wall, tick: (ms) => void (wall += ms) };
}

describe('Clock', () => {
  it('equals the wall clock until moved', () => {
    const wall = manualWall();
    const clock = new Clock(wall.now);
    assert.equal(clock.now(), T0);
    wall.tick(5000);
    assert.equal(clock.now(), T0 + 5000);
    assert.deepEqual(clock.state(), { virtualNowMs: T0 + 5000, wallNowMs: T0 + 5000, offsetMs: 0, frozen: false });
  });

  it('advance moves virtual time forward and keeps it running', () => {
    const wall = manualWall();
    const clock = new Clock(wall.now);
    assert.equal(clock.advance(2 * H).kind === 'ok', true);
    assert.equal(clock.now(), T0 + 2 * H);
    wall.tick(1000);
    assert.equal(clock.now(), T0 + 2 * H + 1000);
  });

  it('refuses to move backwards, by advance or by set', () => {
    const clock = new Clock(manualWall().now);
    assert.equal(clock.advance(-1).kind === 'ok', false);
    const result = clock.set(T0 - 1);
    assert.equal(result.kind === 'ok', false);
    assert.match(result.kind === 'ok' ? '' : result.reason, /only moves forward/);
    assert.equal(clock.now(), T0);
    assert.equal(clock.history.length, 0);
  });

  it('does not pass year 9999, the last AWS can write; up to the bound is fine', () => {
    const clock = new Clock(manualWall().now);
    const beyond = clock.advance(3_000_000 * 24 * H);
    assert.equal(beyond.kind, 'error');
    assert.match(beyond.kind === 'error' ? beyond.reason : '', /cannot pass 9999-12-24T23:59:59\.000Z/);
    assert.equal(clock.now(), T0);
    assert.equal(clock.set(MAX_VIRTUAL_MS).kind, 'ok');
    assert.equal(clock.advance(1000).kind, 'error');
  });

  it('set jumps to an instant in the future', () => {
    const clock = new Clock(manualWall().now);
    assert.equal(clock.set(T0 + 10 * H).kind === 'ok', true);
    assert.equal(clock.now(), T0 + 10 * H);
  });

  it('freeze stops virtual time; advance while frozen stays frozen; resume continues from there', () => {
    const wall = manualWall();
    const clock = new Clock(wall.now);
    clock.freeze();
    wall.tick(60_000);
    assert.equal(clock.now(), T0);
    assert.equal(clock.state().frozen, true);
    clock.advance(H);
    wall.tick(60_000);
    assert.equal(clock.now(), T0 + H);
    assert.equal(clock.state().frozen, true);
    clock.resume();
    wall.tick(1000);
    assert.equal(clock.now(), T0 + H + 1000);
    assert.equal(clock.state().frozen, false);
  });

  it('toVirtual maps a past wall instant through the offset in force at that instant', () => {
    const wall = manualWall();
    const clock = new Clock(wall.now);
    const signedAt = wall.now(); // a presigned URL signed before the advance
    wall.tick(1000);
    clock.advance(2 * H);
    wall.tick(1000);
    assert.equal(clock.toVirtual(signedAt), signedAt, 'before the advance, virtual = wall');
    assert.equal(clock.toVirtual(wall.now()), wall.now() + 2 * H);
  });

  it('toWall maps virtual instants into the client frame through the current offset', () => {
    const wall = manualWall();
    const clock = new Clock(wall.now);
    clock.advance(3 * H);
    const expiry = clock.now() + H; // a session expiring in one virtual hour
    assert.equal(clock.toWall(expiry), wall.now() + H);
    assert.equal(clock.toWall(clock.now()), wall.now());
  });

  it('toWall keeps the distance to the virtual now while frozen', () => {
    const wall = manualWall();
    const clock = new Clock(wall.now);
    clock.freeze();
    wall.tick(10 * 60_000);
    assert.equal(clock.toWall(clock.now() + H), wall.now() + H);
  });

  it('rebuilds the same mapping from a recorded history (restart, other nodes)', () => {
    const wall = manualWall();
    const first = new Clock(wall.now);
    const before = wall.now();
    wall.tick(1000);
    first.advance(H);
    wall.tick(1000);
    first.freeze();
    wall.tick(1000);
    const second = new Clock(wall.now, first.history);
    assert.equal(second.now(), first.now());
    assert.equal(second.toVirtual(before), before);
    assert.equal(second.state().frozen, true);
  });

  it('applies changes recorded elsewhere in wall order', () => {
    const wall = manualWall();
    const clock = new Clock(wall.now);
    clock.apply({ kind: 'offset', wallMs: T0 - 10, offsetMs: H });
    assert.equal(clock.now(), T0 + H);
    clock.reset();
    assert.equal(clock.now(), T0);
  });
});

describe('durations', () => {
  const cases: [string, number | undefined][] = [
    ['90m', 90 * 60_000],
    ['6h', 6 * H],
    ['1h30m', 1.5 * H],
    ['2d', 48 * H],
    ['45s', 45_000],
    ['500ms', 500],
    ['1w', 7 * 24 * H],
    ['30', 30_000],
    ['1.5h', 1.5 * H],
    ['', undefined],
    ['h', undefined],
    ['5x', undefined],
    ['-1h', undefined],
    ['1h 30m', undefined],
  ];
  for (const [text, expected] of cases) {
    it(`parses \`${text}\``, () => assert.equal(parseDuration(text), expected));
  }
  it('formats', () => {
    assert.equal(formatDuration(5_400_000), '1h30m');
    assert.equal(formatDuration(0), '0s');
    assert.equal(formatDuration(-H), '-1h');
    assert.equal(formatDuration(26 * H + 1000), '1d2h1s');
  });
});

describe('instants for clock set', () => {
  for (const [text, iso] of [
    ['2030-01-01', '2030-01-01T00:00:00.000Z'],
    ['2030-01-01T09:30:00Z', '2030-01-01T09:30:00.000Z'],
    ['2030-01-01T09:30Z', '2030-01-01T09:30:00.000Z'],
    ['2030-01-01 09:30:15.250z', '2030-01-01T09:30:15.250Z'],
    ['2030-01-01T09:30:00+02:00', '2030-01-01T07:30:00.000Z'],
    ['2030-01-01T09:30:00-05:30', '2030-01-01T15:00:00.000Z'],
    ['2028-02-29', '2028-02-29T00:00:00.000Z'],
  ] as const) {
    it(`reads \`${text}\``, () => {
      const parsed = parseInstant(text);
      assert.equal(parsed.kind === 'ok' ? new Date(parsed.ms).toISOString() : parsed.reason, iso);
    });
  }
  for (const [text, reason] of [
    ['2030-02-30', /not a date that exists/],
    ['2029-02-29', /not a date that exists/],
    ['2030-01-01T24:00:00Z', /not a date that exists/],
    ['2030-13-01', /not a date that exists/],
    ['2030-01-01T09:30:00', /has no zone/],
    ['tomorrow', /is not a time/],
    ['1893456000', /is not a time/],
  ] as const) {
    it(`refuses \`${text}\``, () => {
      const parsed = parseInstant(text);
      assert.equal(parsed.kind, 'error');
      assert.match(parsed.kind === 'error' ? parsed.reason : '', reason);
    });
  }
});
