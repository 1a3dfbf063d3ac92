import { describe, expect, it } from 'vitest';
import { addDays, nextDailyRun } from '../../../domain/sync/daily-schedule.js';

const six = { hour: 6, minute: 0 };
const local = (at: Date, zone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(at);

/** Walks a schedule from a week before to a week after a DST change, one run at a time. */
const runsAround = (change: string, zone: string): Date[] => {
  const runs: Date[] = [];
  let t = new Date(`${addDays(change, -7)}T12:00:00Z`);
  for (let i = 0; i < 15; i++) { t = nextDailyRun(t, six, zone); runs.push(t); }
  return runs;
};

describe('06:00 local daily schedule across DST changes', () => {
  const matrix: [string, string, string][] = [
    ['Europe/London', 'spring', '2026-03-29'], ['Europe/London', 'autumn', '2026-10-25'],
    ['America/New_York', 'spring', '2026-03-08'], ['America/New_York', 'autumn', '2026-11-01'],
  ];

  it.each(matrix)('%s %s change (%s): exactly one run per local day, always at 06:00', (zone, _season, change) => {
    const runs = runsAround(change, zone);

    const days = runs.map((r) => local(r, zone).slice(0, 10));
    expect(new Set(days).size).toBe(runs.length);
    expect(runs.every((r) => local(r, zone).endsWith('06:00'))).toBe(true);
    expect(days).toContain(change);
    expect(runs.slice(1).every((r, i) => r.getTime() - runs[i]!.getTime() >= 23 * 3_600_000 && r.getTime() - runs[i]!.getTime() <= 25 * 3_600_000)).toBe(true);
  });

  it('runs at 05:00 UTC in London summer and 06:00 UTC in winter', () => {
    expect(nextDailyRun(new Date('2026-07-01T00:00:00Z'), six, 'Europe/London').toISOString()).toBe('2026-07-01T05:00:00.000Z');
    expect(nextDailyRun(new Date('2026-12-01T00:00:00Z'), six, 'Europe/London').toISOString()).toBe('2026-12-01T06:00:00.000Z');
  });
});
