import { type Agenda, type Job } from 'agenda';
import { DateTime } from 'luxon';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dailyCron, scheduleDaily } from '../../jobs/daily.js';
import { openTestAgenda, type TestAgenda } from '../support/agenda.js';

// Agenda's own next-run computation (cron-parser in the job's zone) is what decides when the daily
// sync fires, so the test drives that code rather than a copy of it. It is private in the typings.
type Steppable = { computeNextRunAt(): void };

let env: TestAgenda;
let agenda: Agenda;
let pool: pg.Pool;
beforeAll(async () => {
  env = await openTestAgenda();
  ({ agenda, pool } = env);
});
afterAll(async () => { await env.close(); });

/** Every run Agenda would make from `from` until `to`, with each run starting on time. */
const runsBetween = (timeZone: string, from: string, to: string): DateTime[] => {
  const job: Job = agenda.create('daily', {}).repeatEvery(dailyCron({ hour: 6, minute: 0 }), { timezone: timeZone });
  job.attrs.lastRunAt = DateTime.fromISO(from, { zone: timeZone }).toJSDate();
  const end = DateTime.fromISO(to, { zone: timeZone });
  const runs: DateTime[] = [];
  for (;;) {
    (job as unknown as Steppable).computeNextRunAt();
    const next = DateTime.fromJSDate(job.attrs.nextRunAt!, { zone: timeZone });
    if (next > end) return runs;
    runs.push(next);
    job.attrs.lastRunAt = next.toJSDate();
  }
};

describe('the daily 06:00 schedule', () => {
  it.each([
    ['Europe/London', '2026-03-27', '2026-03-31'],
    ['Europe/London', '2026-10-23', '2026-10-27'],
    ['America/New_York', '2026-03-06', '2026-03-10'],
    ['America/New_York', '2026-10-30', '2026-11-03'],
  ])('fires exactly once per local day at 06:00 in %s around %s', (zone, first, last) => {
    const runs = runsBetween(zone, `${first}T00:00`, `${last}T23:59`);

    expect(runs.map((r) => r.toFormat('yyyy-MM-dd HH:mm'))).toEqual(
      Array.from({ length: 5 }, (_, i) => `${DateTime.fromISO(first).plus({ days: i }).toFormat('yyyy-MM-dd')} 06:00`),
    );
  });

  it('lands at different UTC instants either side of a change, which is the point', () => {
    const runs = runsBetween('Europe/London', '2026-03-28T07:00', '2026-03-29T23:00');

    expect(runs.map((r) => r.toUTC().toFormat('HH:mm'))).toEqual(['05:00']);
    expect(runsBetween('Europe/London', '2026-03-27T07:00', '2026-03-28T23:00').map((r) => r.toUTC().toFormat('HH:mm'))).toEqual(['06:00']);
  });

  it('after three days of downtime catches up once, then returns to 06:00', () => {
    const job: Job = agenda.create('daily', {}).repeatEvery(dailyCron({ hour: 6, minute: 0 }), { timezone: 'Europe/London' });
    job.attrs.lastRunAt = DateTime.fromISO('2026-06-04T10:15', { zone: 'Europe/London' }).toJSDate();

    (job as unknown as Steppable).computeNextRunAt();

    expect(DateTime.fromJSDate(job.attrs.nextRunAt!, { zone: 'Europe/London' }).toISO()).toBe('2026-06-05T06:00:00.000+01:00');
  });

  it('keeps one job per practice and moves it when the zone changes', async () => {
    const at = { hour: 6, minute: 0 };
    await scheduleDaily(agenda, 'sync', { practiceId: 'p1' }, { 'data.practiceId': 'p1' }, { ...at, timeZone: 'Europe/London' });
    await scheduleDaily(agenda, 'sync', { practiceId: 'p2' }, { 'data.practiceId': 'p2' }, { ...at, timeZone: 'Europe/London' });
    await scheduleDaily(agenda, 'sync', { practiceId: 'p1' }, { 'data.practiceId': 'p1' }, { ...at, timeZone: 'America/New_York' });

    const { rows } = await pool.query("select data->>'practiceId' as practice, repeat_timezone as zone from agenda_jobs where name = 'sync' order by 1");

    expect(rows).toEqual([{ practice: 'p1', zone: 'America/New_York' }, { practice: 'p2', zone: 'Europe/London' }]);
  });
});
