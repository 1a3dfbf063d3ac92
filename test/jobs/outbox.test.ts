import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OutboxJob, registerOutboxJobs, wakeOutboxDrain } from '../../jobs/outbox.js';
import { openTestAgenda, type TestAgenda } from '../support/agenda.js';

let env: TestAgenda;
beforeEach(async () => { env = await openTestAgenda({ processEvery: 100 }); });
afterEach(async () => { await env.close(); });

describe('outbox jobs', () => {
  it('keeps one periodic drain and one wake-up row however often they are asked for, and a wake runs the drain', async () => {
    let drains = 0;
    const deps = { inScope: <T>(fn: () => Promise<T>) => fn(), drain: async () => { drains++; } };
    await registerOutboxJobs(env.agenda, deps);
    await registerOutboxJobs(env.agenda, deps);
    await wakeOutboxDrain(env.agenda);
    await wakeOutboxDrain(env.agenda);

    expect((await env.agenda.queryJobs({ name: OutboxJob.drain })).jobs.map((j) => j.repeatInterval)).toEqual(['30 seconds']);
    expect((await env.agenda.queryJobs({ name: OutboxJob.drainSoon })).jobs).toHaveLength(1);

    await env.agenda.start();
    for (let i = 0; i < 100 && drains < 2; i++) await new Promise((r) => setTimeout(r, 100));
    expect(drains).toBeGreaterThanOrEqual(2);
  });
});
