import nock from 'nock';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createXpmClient, xpmLimits, xpmPublishedLimits } from '../../../adapters/xpm/client.js';
import { createTenantLimiters } from '../../../adapters/rate-limiter.js';
import { response, tenantId, xml, xpmBase as base, xpmHost as host } from './support.js';

beforeAll(() => nock.disableNetConnect());
// Virtual time: every wait of the limiter is a timer the test runs at once, and a call's send time
// is read when fetch is called, so a minute's window is measured exactly as Xero would count it.
beforeEach(() => { vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] }); vi.setSystemTime(new Date('2026-11-22T10:00:00Z')); });
afterEach(() => { vi.useRealTimers(); nock.cleanAll(); });

/** The most sends inside any window of `windowMs` that starts at a send. */
const busiestWindow = (times: readonly number[], windowMs: number) =>
  Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + windowMs).length));

/** Runs the limiter's timers until every call has settled. */
const settle = async <T>(work: Promise<T>): Promise<T> => {
  let done = false;
  const finished = work.finally(() => { done = true; });
  while (!done) {
    await vi.runAllTimersAsync();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return finished;
};

/** A fetch that notes, per practice, when each call was sent and how many were in flight at once. */
const watchedFetch = () => {
  const sentAt: Record<string, number[]> = {};
  const state = { inFlight: 0, mostInFlight: 0 };
  const watched: typeof fetch = async (input, init) => {
    const tenant = new Headers(init?.headers).get('xero-tenant-id') ?? '';
    (sentAt[tenant] ??= []).push(Date.now());
    state.mostInFlight = Math.max(state.mostInFlight, ++state.inFlight);
    try {
      return await fetch(input, init);
    } finally {
      state.inFlight--;
    }
  };
  return { watched, sentAt, state };
};

describe('XPM pacing per practice', () => {
  it('keeps to 80% of each published limit', () => {
    expect(xpmLimits).toEqual({ concurrency: 5, ratePerMinute: 48, ratePerDay: 4_000 });
    expect(xpmPublishedLimits).toEqual({ concurrency: 5, ratePerMinute: 60, ratePerDay: 5_000 });
  });

  it('never sends more than 48 calls in any minute nor more than 5 at once, however many are asked for together', async () => {
    const { watched, sentAt, state } = watchedFetch();
    nock(host).get(`${base}/template.api/list`).times(150).delay(20).reply(200, response('List', '<Templates />'), xml);
    const client = createXpmClient({ tenantId, token: async () => 'tok-1', fetch: watched });

    await settle(Promise.all(Array.from({ length: 150 }, () => client.templates())));

    const sent = sentAt[tenantId]!;
    expect(sent).toHaveLength(150);
    expect(busiestWindow(sent, 60_000)).toBe(48);
    expect(state.mostInFlight).toBe(5);
    // 150 calls at 48 a minute take three minutes and a little, and no longer.
    expect(Math.max(...sent) - Math.min(...sent)).toBeLessThan(4 * 60_000);
  });

  it('shares one practice\'s budget between clients made for it, and keeps another practice\'s apart', async () => {
    const { watched, sentAt } = watchedFetch();
    nock(host).get(`${base}/staff.api/list`).times(108).reply(200, response('List', '<StaffList />'), xml);
    const limiterFor = createTenantLimiters(xpmLimits);
    const make = (tenant: string) => createXpmClient({ tenantId: tenant, token: async () => 'tok-1', fetch: watched, limiterFor });
    const [a, b, other] = [make(tenantId), make(tenantId), make('other-practice')];

    await settle(Promise.all([
      ...Array.from({ length: 30 }, () => a.staff()), ...Array.from({ length: 30 }, () => b.staff()), ...Array.from({ length: 48 }, () => other.staff()),
    ]));

    expect(sentAt[tenantId]).toHaveLength(60);
    expect(busiestWindow(sentAt[tenantId]!, 60_000)).toBe(48);
    // The other practice's 48 all go in its first minute: nothing of the first practice's spent its budget.
    expect(Math.max(...sentAt['other-practice']!) - Math.min(...sentAt['other-practice']!)).toBeLessThan(60_000);
  });
});
