import { type Agenda } from 'agenda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppJob, queueAccountSync, queueSync, registerAppJobs, type AppJobs } from '../../jobs/app-sync.js';
import type { SyncRequest } from '../../src/apps/sync.js';
import { asId } from '../../domain/shared/ids.js';
import { createScheduler } from '../../jobs/scheduler.js';
import { openTestAgenda, type TestAgenda } from '../support/agenda.js';

let env: TestAgenda;
let agenda: Agenda;
beforeAll(async () => {
  env = await openTestAgenda();
  ({ agenda } = env);
});
afterAll(async () => { await env.close(); });

/** An app as the jobs see it: its id and daily time, and what its jobs call. */
const app = (o: Partial<AppJobs> = {}): AppJobs => ({ id: 'gusto', dailyAt: { hour: 6, minute: 0 }, sync: async () => null, dailySync: async () => null, ...o });

describe('the app sync jobs', () => {
  it('schedules one daily sync per practice and app at the app\'s declared time, in that practice\'s zone, and re-registering keeps one', async () => {
    const practices = [{ id: asId<'Practice'>('p-lon'), timeZone: 'Europe/London' }, { id: asId<'Practice'>('p-nyc'), timeZone: 'America/New_York' }];
    const deps = { inScope: <T>(fn: () => Promise<T>) => fn(), apps: [app(), app({ id: 'later', dailyAt: { hour: 7, minute: 30 } })], practices: async () => practices };

    await registerAppJobs(agenda, deps);
    await registerAppJobs(agenda, deps);

    const { jobs } = await agenda.queryJobs({ name: AppJob.daily });
    expect(jobs).toHaveLength(4);
    expect(jobs.map((j) => [j.data, j.repeatInterval, j.repeatTimezone]).sort((a, b) => `${String(a[2])}${String(a[1])}`.localeCompare(`${String(b[2])}${String(b[1])}`))).toEqual([
      [{ practiceId: 'p-nyc', app: 'gusto' }, '0 6 * * *', 'America/New_York'],
      [{ practiceId: 'p-nyc', app: 'later' }, '30 7 * * *', 'America/New_York'],
      [{ practiceId: 'p-lon', app: 'gusto' }, '0 6 * * *', 'Europe/London'],
      [{ practiceId: 'p-lon', app: 'later' }, '30 7 * * *', 'Europe/London'],
    ]);
  });

  it('turns a burst of webhook events for one company into one sync within a minute', async () => {
    // 5 s into a 30 s bucket an hour from now: in the past, the real scheduler would run the burst
    // at once, in a later test; off a bucket's start, the 9 s burst could straddle two buckets.
    const t = Math.ceil((Date.now() + 60 * 60_000) / 30_000) * 30_000 + 5_000;

    for (const dt of [0, 1_000, 9_000]) await queueAccountSync(agenda, 'gusto', asId('p-1'), 'co-9', t + dt);

    const { jobs } = await agenda.queryJobs({ name: AppJob.sync });
    const forCompany = jobs.filter((j) => (j.data as { externalId?: string }).externalId === 'co-9');
    expect(forCompany).toHaveLength(1);
    expect(forCompany[0]!.nextRunAt!.getTime() - t).toBeLessThanOrEqual(60_000);
  });

  it('runs a queued sync with the request it was given, reply target included', async () => {
    const seen: [string, SyncRequest][] = [];
    const scheduler = createScheduler({ pool: env.pool, name: 'gusto-jobs', pollMs: 200 });
    await registerAppJobs(scheduler.agenda, {
      inScope: (fn) => fn(), practices: async () => [],
      apps: [app({ id: 'other' }), app({ sync: async (practiceId, req) => { seen.push([practiceId, req]); } })],
    });
    await scheduler.start();

    await queueSync(scheduler.agenda, 'gusto', asId('p-9'), { trigger: 'manual', replyTo: { platform: 'slack', ref: { channel: 'C1' } } });
    await scheduler.idle(10_000);
    await scheduler.stop();

    expect(seen).toEqual([['p-9', { trigger: 'manual', replyTo: { platform: 'slack', ref: { channel: 'C1' } } }]]);
  });

  it('keeps one start job per app (its webhook set-up) for every process that starts, and runs it once the scheduler starts', async () => {
    let runs = 0;
    let ran: () => void = () => {};
    const done = new Promise<void>((resolve) => { ran = resolve; });
    const scheduler = createScheduler({ pool: env.pool, name: 'gusto-webhook-setup', pollMs: 200 });
    const deps = { inScope: <T>(fn: () => Promise<T>) => fn(), practices: async () => [], apps: [app({ onStart: async () => { runs++; ran(); } })] };

    await registerAppJobs(scheduler.agenda, deps);
    await registerAppJobs(scheduler.agenda, deps);
    const { jobs } = await scheduler.agenda.queryJobs({ name: AppJob.start });
    await scheduler.start();
    await done;
    await scheduler.idle(10_000);
    await scheduler.stop();

    expect(jobs).toHaveLength(1);
    expect(runs).toBe(1);
  });
});
