import { type Agenda } from 'agenda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProposalJob, registerProposalJobs } from '../../jobs/proposals.js';
import { proposalWorld } from '../builders/proposal-world.js';
import { openTestAgenda, type TestAgenda } from '../support/agenda.js';

// Each test gets its own Agenda on its own database: one test's jobs must not be counted by another.
let env: TestAgenda;
let agenda: Agenda;
beforeEach(async () => {
  env = await openTestAgenda({ processEvery: 100 });
  ({ agenda } = env);
});
afterEach(async () => { await env.close(); });

describe('proposal jobs', () => {
  it('schedules one reminder sweep and one expiry sweep, however often they are registered', async () => {
    const deps = { inScope: <T>(fn: () => Promise<T>) => fn(), sendReminders: async () => 0, expireDue: async () => 0 };

    await registerProposalJobs(agenda, deps);
    await registerProposalJobs(agenda, deps);

    const reminders = await agenda.queryJobs({ name: ProposalJob.reminders });
    const expiry = await agenda.queryJobs({ name: ProposalJob.expiry });
    expect([reminders.jobs.length, expiry.jobs.length]).toEqual([1, 1]);
    expect([reminders.jobs[0]?.repeatInterval, expiry.jobs[0]?.repeatInterval]).toEqual(['1 hour', '15 minutes']);
  });

  it('runs the expiry use case in scope, which expires and audits a proposal past its date', async () => {
    const w = await proposalWorld();
    await w.say('service add Bookkeeping price=250 billing=monthly');
    await w.say('proposal new Acme');
    await w.say('proposal add Bookkeeping');
    await w.say('proposal send P-1');
    w.clock.advance(31 * 86_400_000);
    let scopes = 0;
    await registerProposalJobs(agenda, {
      inScope: async (fn) => { scopes++; return fn(); }, sendReminders: w.uc.sending.sendReminders, expireDue: w.uc.sending.expireDue,
    });

    await agenda.start();
    await agenda.now(ProposalJob.expiry);
    for (let i = 0; i < 100 && (await w.deps.proposals.findByNumber(w.practice.id, 1))?.status !== 'expired'; i++) await new Promise((r) => setTimeout(r, 100));

    expect((await w.deps.proposals.findByNumber(w.practice.id, 1))?.status).toBe('expired');
    expect(scopes).toBeGreaterThan(0);
    expect(w.audit.events.filter((e) => e.action === 'proposal.expired')).toHaveLength(1);
  });
});
