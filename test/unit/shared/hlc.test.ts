import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_COUNTER,
  MAX_FORWARD_DRIFT_MS,
  compare,
  createClock,
  format,
  isFarFuture,
  parse,
  receive,
  tick,
  tryParse,
  type Hlc,
} from '../../../shared/hlc';

const NOW = 1_764_000_000_000;
const sign = (n: number) => Math.sign(n);
const textOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const nodeArb = fc.stringMatching(/^[A-Za-z0-9_.:-]{1,12}$/);
const stampArb: fc.Arbitrary<Hlc> = fc.record({
  wall: fc.oneof(fc.integer({ min: 0, max: 2 ** 45 }), fc.constantFrom(0, NOW, Number.MAX_SAFE_INTEGER)),
  counter: fc.integer({ min: 0, max: MAX_COUNTER }),
  node: nodeArb,
});

describe('hybrid logical clock', () => {
  it('writes the fixed-width text form and reads it back', () => {
    const stamp = tick(createClock('dev-a'), NOW);
    expect(format(stamp)).toBe('000001764000000000-0000-dev-a');
    expect(parse('000001764000000000-0042-dev-a')).toEqual({ wall: NOW, counter: 42, node: 'dev-a' });
    fc.assert(
      fc.property(stampArb, (stamp) => {
        expect(parse(format(stamp))).toEqual(stamp);
      }),
    );
  });

  it('stays monotonic when the wall clock goes backwards or stands still', () => {
    let clock = createClock('dev-a');
    const first = (clock = tick(clock, NOW));
    const second = (clock = tick(clock, NOW - 60_000)); // NTP stepped back a minute
    const third = (clock = tick(clock, NOW - 60_000));
    expect(compare(first, second)).toBe(-1);
    expect(compare(second, third)).toBe(-1);
    expect(third).toEqual({ wall: NOW, counter: 2, node: 'dev-a' });
    expect(tick(clock, NOW + 5)).toEqual({ wall: NOW + 5, counter: 0, node: 'dev-a' });
  });

  it('issues strictly increasing stamps under any mix of local and remote events and clock jumps', () => {
    const step = fc.oneof(
      fc.record({
        kind: fc.constant('local' as const),
        now: fc.integer({ min: NOW - 10_000, max: NOW + 10_000 }),
      }),
      fc.record({
        kind: fc.constant('remote' as const),
        now: fc.integer({ min: NOW - 10_000, max: NOW + 10_000 }),
        remote: fc.record({
          wall: fc.integer({ min: NOW - 20_000, max: NOW + 20_000 }),
          counter: fc.integer({ min: 0, max: MAX_COUNTER }),
          node: nodeArb,
        }),
      }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        let clock = createClock('dev-a');
        for (const s of steps) {
          const next = s.kind === 'local' ? tick(clock, s.now) : receive(clock, s.remote, s.now);
          expect(compare(clock, next)).toBe(-1);
          expect(format(clock) < format(next)).toBe(true);
          if (s.kind === 'remote') expect(compare(s.remote, next)).toBe(-1);
          clock = next;
        }
      }),
    );
  });

  it('moves past a remote stamp ahead of the local clock', () => {
    const local = tick(createClock('dev-a'), NOW);
    const remote = { wall: NOW + 5_000, counter: 7, node: 'dev-b' };
    const merged = receive(local, format(remote), NOW + 10);
    expect(merged).toEqual({ wall: NOW + 5_000, counter: 8, node: 'dev-a' });
    expect(compare(remote, merged)).toBe(-1);
    // Same wall on both sides: the larger counter wins, plus one.
    expect(
      receive({ wall: NOW, counter: 3, node: 'a' }, { wall: NOW, counter: 9, node: 'b' }, NOW - 1),
    ).toEqual({
      wall: NOW,
      counter: 10,
      node: 'a',
    });
  });

  it('orders stamps exactly as their text sorts', () => {
    fc.assert(
      fc.property(stampArb, stampArb, (a, b) => {
        expect(sign(compare(a, b))).toBe(textOrder(format(a), format(b)));
      }),
    );
  });

  it('does not let a stamp more than a day ahead drag the clock forward', () => {
    const local = tick(createClock('dev-a'), NOW);
    const wild = { wall: NOW + 3 * 24 * 3_600_000, counter: 0, node: 'dev-broken' };
    expect(isFarFuture(wild, NOW)).toBe(true);
    const after = receive(local, wild, NOW + 1);
    expect(after).toEqual({ wall: NOW + 1, counter: 0, node: 'dev-a' });

    const nearlyADay = { wall: NOW + MAX_FORWARD_DRIFT_MS, counter: 0, node: 'dev-b' };
    expect(isFarFuture(nearlyADay, NOW)).toBe(false);
    expect(receive(local, nearlyADay, NOW).wall).toBe(NOW + MAX_FORWARD_DRIFT_MS);
  });

  it('borrows the next millisecond when the counter runs out', () => {
    const full = { wall: NOW, counter: MAX_COUNTER, node: 'dev-a' };
    const next = tick(full, NOW);
    expect(next).toEqual({ wall: NOW + 1, counter: 0, node: 'dev-a' });
    expect(format(full) < format(next)).toBe(true);
    expect(receive(full, { wall: NOW, counter: MAX_COUNTER, node: 'dev-b' }, NOW)).toEqual(next);
  });

  it('rejects garbage when parsing', () => {
    const garbage = [
      '',
      'hello',
      '1764000000000-0000-dev-a', // wall not padded
      '000001764000000000-00000-dev-a', // counter too wide
      '000001764000000000-0000-', // no node
      '000001764000000000-0000-dev a', // space in node
      '00000176400000000x-0000-dev-a',
      '999999999999999999-0000-dev-a', // beyond exact JavaScript integers
      `000001764000000000-0000-${'n'.repeat(65)}`,
      ' 000001764000000000-0000-dev-a',
    ];
    for (const text of garbage) {
      expect(() => parse(text), text).toThrow(RangeError);
      expect(tryParse(text)).toBeUndefined();
    }
    expect(() => parse(42 as unknown as string)).toThrow(RangeError);
  });

  it('refuses bad node ids and wall readings', () => {
    expect(() => createClock('')).toThrow(RangeError);
    expect(() => createClock('has space')).toThrow(RangeError);
    expect(() => tick(createClock('a'), Number.NaN)).toThrow(RangeError);
    expect(() => tick(createClock('a'), 1.5)).toThrow(RangeError);
    expect(() => receive(createClock('a'), 'garbage', NOW)).toThrow(RangeError);
  });
});
