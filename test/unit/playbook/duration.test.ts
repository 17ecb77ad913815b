import { describe, expect, it } from 'vitest';
import {
  addDuration,
  durationSchema,
  isTimeZone,
  parseDuration,
  type IsoDuration,
} from '../../../shared/playbook';

const ZERO: IsoDuration = { years: 0, months: 0, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0 };
const HOUR = 3_600_000;

describe('parseDuration', () => {
  it('reads whole-unit ISO 8601 durations', () => {
    expect(parseDuration('PT15M')).toEqual({ ...ZERO, minutes: 15 });
    expect(parseDuration('P1D')).toEqual({ ...ZERO, days: 1 });
    expect(parseDuration('PT1H30M')).toEqual({ ...ZERO, hours: 1, minutes: 30 });
    expect(parseDuration('P1W')).toEqual({ ...ZERO, weeks: 1 });
    expect(parseDuration('PT72H')).toEqual({ ...ZERO, hours: 72 });
    expect(parseDuration('PT45S')).toEqual({ ...ZERO, seconds: 45 });
    expect(parseDuration('P1Y2M3DT4H5M6S')).toEqual({
      years: 1,
      months: 2,
      weeks: 0,
      days: 3,
      hours: 4,
      minutes: 5,
      seconds: 6,
    });
    expect(parseDuration('PT0M')).toEqual(ZERO);
  });

  it.each([
    '',
    'P',
    'PT',
    '15M',
    'P1.5D',
    '-PT1H',
    'PT1H30',
    'pt15m',
    'P1DT',
    'PT15M ',
    ' PT15M',
    'P1H',
    'PT1D',
    'P1M1Y',
    'PT99999999H',
  ])('refuses %j', (text) => {
    expect(parseDuration(text)).toBeNull();
    expect(durationSchema.safeParse(text).success).toBe(false);
  });

  it('is what the template schema accepts', () => {
    expect(durationSchema.parse('PT2H')).toBe('PT2H');
    expect(durationSchema.safeParse('2 hours').error?.issues[0]?.message).toBe(
      'must be an ISO 8601 duration such as PT15M, PT2H or P1D',
    );
  });
});

describe('addDuration', () => {
  const add = (start: string, text: string, zone: string) =>
    new Date(addDuration(Date.parse(start), parseDuration(text)!, zone)).toISOString();

  it('counts clock parts as elapsed time', () => {
    expect(add('2026-03-28T11:00:00Z', 'PT24H', 'Europe/Berlin')).toBe('2026-03-29T11:00:00.000Z');
    expect(add('2026-03-28T11:00:00Z', 'PT72H', 'Europe/Berlin')).toBe('2026-03-31T11:00:00.000Z');
    expect(add('2026-03-28T11:00:00Z', 'PT1H30M', 'UTC')).toBe('2026-03-28T12:30:00.000Z');
    expect(add('2026-03-28T11:00:00Z', 'PT90S', 'UTC')).toBe('2026-03-28T11:01:30.000Z');
  });

  it('counts calendar days in the zone: 23 hours across the spring change, 25 across the autumn one', () => {
    // Europe/Berlin: clocks go forward on 29 March 2026 and back on 25 October 2026.
    const spring = Date.parse('2026-03-28T11:00:00Z'); // 12:00 CET
    expect(addDuration(spring, { ...ZERO, days: 1 }, 'Europe/Berlin') - spring).toBe(23 * HOUR);
    expect(add('2026-03-28T11:00:00Z', 'P1D', 'Europe/Berlin')).toBe('2026-03-29T10:00:00.000Z');
    const autumn = Date.parse('2026-10-24T10:00:00Z'); // 12:00 CEST
    expect(addDuration(autumn, { ...ZERO, days: 1 }, 'Europe/Berlin') - autumn).toBe(25 * HOUR);
    expect(add('2026-10-24T10:00:00Z', 'P1D', 'Europe/Berlin')).toBe('2026-10-25T11:00:00.000Z');
    // America/New_York: forward on 8 March 2026, back on 1 November 2026.
    expect(add('2026-03-07T17:00:00Z', 'P1D', 'America/New_York')).toBe('2026-03-08T16:00:00.000Z');
    expect(add('2026-10-31T16:00:00Z', 'P1D', 'America/New_York')).toBe('2026-11-01T17:00:00.000Z');
    // Each zone has its own dates: Berlin's spring change is an ordinary day in New York and UTC.
    expect(add('2026-03-28T16:00:00Z', 'P1D', 'America/New_York')).toBe('2026-03-29T16:00:00.000Z');
    expect(add('2026-03-28T11:00:00Z', 'P1D', 'UTC')).toBe('2026-03-29T11:00:00.000Z');
  });

  it('counts weeks, months and years on the calendar too', () => {
    expect(add('2026-03-25T11:00:00Z', 'P1W', 'Europe/Berlin')).toBe('2026-04-01T10:00:00.000Z');
    expect(add('2026-01-31T12:00:00Z', 'P1M', 'UTC')).toBe('2026-02-28T12:00:00.000Z');
    expect(add('2024-02-29T12:00:00Z', 'P1Y', 'UTC')).toBe('2025-02-28T12:00:00.000Z');
  });

  it('adds calendar parts first, then clock parts', () => {
    // P1DT1H from 12:00 CET on 28 March: 12:00 CEST next day, then one more hour.
    expect(add('2026-03-28T11:00:00Z', 'P1DT1H', 'Europe/Berlin')).toBe('2026-03-29T11:00:00.000Z');
  });

  it('adds nothing for a zero duration', () => {
    const start = Date.parse('2026-03-28T11:00:00Z');
    expect(addDuration(start, ZERO, 'Europe/Berlin')).toBe(start);
  });
});

describe('isTimeZone', () => {
  it('knows IANA names and UTC, and nothing else', () => {
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('America/New_York')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isTimeZone('')).toBe(false);
  });
});
