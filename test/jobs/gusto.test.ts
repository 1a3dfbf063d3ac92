import { type Agenda } from 'agenda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GustoJob, queueGustoCompanySync, queueGustoSync, registerGustoJobs } from '../../jobs/gusto.js';
import type { SyncRequest } from '../../src/gusto/sync.js';
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

describe('Gusto jobs', () => {
  it('schedules one 06:00 daily sync per practice, in that practice\'s zone, and re-registering keeps one', async () => {
    const practices = [{ id: asId<'Practice'>('p-lon'), timeZone: 'Europe/London' }, { id: asId<'Practice'>('p-nyc'), timeZone: 'America/New_York' }];
    const deps = { inScope: <T>(fn: () => Promise<T>) => fn(), sync: async () => null, dailySync: async () => null, practices: async () => practices };

    await registerGustoJobs(agenda, deps);
    await registerGustoJobs(agenda, deps);

    const { jobs } = await agenda.queryJobs({ name: GustoJob.daily });
    expect(jobs).toHaveLength(2);
    expect(jobs.map((j) => [j.data, j.repeatInterval, j.repeatTimezone]).sort((a, b) => String(a[2]).localeCompare(String(b[2])))).toEqual([
      [{ practiceId: 'p-nyc' }, '0 6 * * *', 'America/New_York'],
      [{ practiceId: 'p-lon' }, '0 6 * * *', 'Europe/London'],
    ]);
  });

  it('turns a burst of webhook events for one company into one sync within a minute', async () => {
    // 5 s into a 30 s bucket an hour from now: in the past, the real scheduler would run the burst
    // at once, in a later test; off a bucket's start, the 9 s burst could straddle two buckets.
    const t = Math.ceil((Date.now() + 60 * 60_000) / 30_000) * 30_000 + 5_000;

    for (const dt of [0, 1_000, 9_000]) await queueGustoCompanySync(agenda, asId('p-1'), 'co-9', t + dt);

    const { jobs } = await agenda.queryJobs({ name: GustoJob.sync });
    const forCompany = jobs.filter((j) => (j.data as { externalId?: string }).externalId === 'co-9');
    expect(forCompany).toHaveLength(1);
    expect(forCompany[0]!.nextRunAt!.getTime() - t).toBeLessThanOrEqual(60_000);
  });

  it('runs a queued sync with the request it was given, reply target included', async () => {
    const seen: [string, SyncRequest][] = [];
    const scheduler = createScheduler({ pool: env.pool, name: 'gusto-jobs', pollMs: 200 });
    await registerGustoJobs(scheduler.agenda, {
      inScope: (fn) => fn(), dailySync: async () => null, practices: async () => [],
      sync: async (practiceId, req) => { seen.push([practiceId, req]); },
    });
    await scheduler.start();

    await queueGustoSync(scheduler.agenda, asId('p-9'), { trigger: 'manual', replyTo: { platform: 'slack', ref: { channel: 'C1' } } });
    await scheduler.idle(10_000);
    await scheduler.stop();

    expect(seen).toEqual([['p-9', { trigger: 'manual', replyTo: { platform: 'slack', ref: { channel: 'C1' } } }]]);
  });

  it('keeps one webhook set-up job for every process that starts, and runs it once the scheduler starts', async () => {
    let runs = 0;
    let ran: () => void = () => {};
    const done = new Promise<void>((resolve) => { ran = resolve; });
    const scheduler = createScheduler({ pool: env.pool, name: 'gusto-webhook-setup', pollMs: 200 });
    const deps = { inScope: <T>(fn: () => Promise<T>) => fn(), sync: async () => null, dailySync: async () => null, practices: async () => [], setUpWebhooks: async () => { runs++; ran(); } };

    await registerGustoJobs(scheduler.agenda, deps);
    await registerGustoJobs(scheduler.agenda, deps);
    const { jobs } = await scheduler.agenda.queryJobs({ name: GustoJob.webhookSetup });
    await scheduler.start();
    await done;
    await scheduler.idle(10_000);
    await scheduler.stop();

    expect(jobs).toHaveLength(1);
    expect(runs).toBe(1);
  });
});
