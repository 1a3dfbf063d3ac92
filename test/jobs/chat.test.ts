import { describe, expect, it } from 'vitest';
import type { Agenda } from 'agenda';
import { asId } from '../../domain/shared/ids.js';
import { ChatJob, registerChatJobs } from '../../jobs/chat.js';

/** Records definitions and schedules, and runs a defined job on demand. */
const fakeAgenda = () => {
  const jobs = new Map<string, () => Promise<unknown>>();
  const every: [string, string][] = [];
  const agenda = {
    define: (name: string, fn: () => Promise<unknown>) => { jobs.set(name, fn); },
    every: async (interval: string, name: string) => { every.push([interval, name]); },
  } as unknown as Agenda;
  return { agenda, jobs, every };
};

describe('chat jobs', () => {
  it('retries every practice\'s outbox each minute and sweeps the dedupe ledger hourly, inside a scope', async () => {
    const { agenda, jobs, every } = fakeAgenda();
    const retried: string[] = [];
    let scopes = 0;
    let purged = 0;

    await registerChatJobs(agenda, {
      inScope: async (fn) => { scopes++; return fn(); },
      practiceIds: async () => [asId('p1'), asId('p2')],
      retryOutbox: async (id) => { retried.push(id); },
      purgeDeliveries: async () => ++purged,
    });
    await jobs.get(ChatJob.retryOutbox)!();
    await jobs.get(ChatJob.purgeDeliveries)!();

    expect(every).toEqual([['1 minute', ChatJob.retryOutbox], ['1 hour', ChatJob.purgeDeliveries]]);
    expect(retried).toEqual(['p1', 'p2']);
    expect(purged).toBe(1);
    expect(scopes).toBe(2);
  });
});
