import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantLimiter } from '../../../adapters/rate-limiter.js';
import { approveXpmConsent, startXpmSandbox, type ServedXpmSandbox } from '../../../adapters/sandbox/xpm.js';
import { createXpmClient, xpmLimits, type XpmApi } from '../../../adapters/xpm/client.js';
import { createXpmAuth } from '../../../adapters/xpm/oauth.js';
import { fixedClock } from '../../fakes/clock.js';

/**
 * Budget pacing against the XPM sandbox, which counts Xero's fixed windows per practice and answers
 * 429 past them: a few hundred calls asked for at once go through the real client on one clock shared
 * with the sandbox (it moves only when the limiter sleeps), and no minute carries more than the 48 we
 * allow ourselves of XPM's 60. The day's 4,000 of 5,000 is the limiter's alone, checked on its clock.
 */
const app = { clientId: 'xpm-pacing-client', clientSecret: 'xpm-pacing-secret' };
const clock = fixedClock('2026-11-22T10:00:00Z');
let sandbox: ServedXpmSandbox;
let api: XpmApi;
/** When each call was sent (on the shared clock), and what the sandbox answered. */
const sent: number[] = [];
const statuses: number[] = [];
const minuteLeft: number[] = [];

/** The most sends in any window of `windowMs`, wherever it starts: covers every fixed window Xero could be counting. */
const busiest = (times: readonly number[], windowMs: number) => {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; j < sorted.length; j++) {
    while (sorted[j]! - sorted[i]! >= windowMs) i++;
    most = Math.max(most, j - i + 1);
  }
  return most;
};

beforeAll(async () => {
  sandbox = await startXpmSandbox({ ...app, clock: clock.now });
  const auth = createXpmAuth({ ...app, redirectUri: 'https://bot.test/oauth/xpm/callback', authorizeUrl: `${sandbox.url}/identity/connect/authorize`, tokenUrl: `${sandbox.url}/identity/connect/token`, sleep: async () => {} });
  const back = new URL((await approveXpmConsent(auth.authorizeUrl('state-1'))).headers.get('location') ?? 'http://no-redirect/');
  const tokens = await auth.exchangeCode(back.searchParams.get('code') ?? '', clock.now());
  if (!tokens.ok) throw new Error(tokens.error.detail);
  // Calls answered in a few real milliseconds while the shared clock leaps by whole seconds: a leap
  // waits for the calls in flight, as a real network's latency is small beside the limiter's waits.
  // (Without it, a call sent in the last instant of one minute is counted by the sandbox in the next.)
  const inFlight = new Set<Promise<unknown>>();
  const watched: typeof fetch = async (input, init) => {
    sent.push(clock.now().getTime());
    const call = fetch(input, init);
    inFlight.add(call);
    try {
      const res = await call;
      statuses.push(res.status);
      const left = res.headers.get('x-minlimit-remaining');
      if (left !== null) minuteLeft.push(Number(left));
      return res;
    } finally {
      inFlight.delete(call);
    }
  };
  api = createXpmClient({
    tenantId: sandbox.tenantId, token: async () => tokens.value.accessToken, baseUrl: `${sandbox.url}/practicemanager/3.1`, fetch: watched,
    now: () => clock.now().getTime(), sleep: async (ms) => { await Promise.allSettled([...inFlight]); clock.advance(ms); },
  });
});
afterAll(() => sandbox?.close());

describe('XPM budget pacing against the sandbox', () => {
  it('sends 300 calls asked for at once with never more than 48 in a minute, and the sandbox refuses none', async () => {
    const uuids = sandbox.clients().slice(0, 20).map((c) => c.uuid);
    const started = clock.now().getTime();

    await Promise.all(Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? api.templates() : i % 3 === 1 ? api.staff() : api.client(uuids[i % uuids.length]!))));

    expect(sent).toHaveLength(300);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(busiest(sent, 60_000)).toBe(48);
    // The sandbox's own fixed windows, as its X-MinLimit-Remaining says: never past 48 of its 60.
    expect(Math.min(...minuteLeft)).toBe(60 - 48);
    // 300 calls at 48 a minute: six minutes and a little, no more.
    expect(clock.now().getTime() - started).toBeLessThan(7 * 60_000);
  }, 60_000);
});

describe('XPM day budget', () => {
  it('lets 4,000 calls through in a day and holds the next until a day after the first', async () => {
    const day = fixedClock('2026-11-22T00:00:00Z');
    const limiter = createTenantLimiter(xpmLimits, { now: () => day.now().getTime(), sleep: async (ms) => { day.advance(ms); } });
    const at: number[] = [];

    for (let i = 0; i < 4_010; i++) await limiter.run(async () => { at.push(day.now().getTime()); });

    expect(busiest(at, 86_400_000)).toBe(4_000);
    expect(busiest(at, 60_000)).toBe(48);
    expect(at[4_000]! - at[0]!).toBeGreaterThanOrEqual(86_400_000);
    // The first 4,000 go at the minute's pace, well inside the day.
    expect(at[3_999]! - at[0]!).toBeLessThan(2 * 3_600_000);
  });
});
