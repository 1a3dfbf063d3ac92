import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { xpmHarness, type XpmHarness } from './xpm-harness.js';

describe('the XPM sandbox rate limits, per tenant', () => {
  let h: XpmHarness;
  let token: string;
  beforeEach(async () => { h = await xpmHarness(); token = await h.connected(); });
  afterEach(async () => { await h.close(); });
  const staff = () => h.call('GET', '/practicemanager/3.1/staff.api/list', { token });

  it('tells on every answer what is left of the minute, the day and the app\'s minute', async () => {
    const first = await staff();
    const second = await staff();

    expect(first.headers).toMatchObject({ 'x-minlimit-remaining': '59', 'x-daylimit-remaining': '4999', 'x-appminlimit-remaining': '9999' });
    expect(second.headers['x-minlimit-remaining']).toBe('58');
  });

  it('answers the call over the minute limit 429 with an empty body, the problem and Retry-After until the window resets', async () => {
    h.sandbox.faults.limits({ perMinute: 3 });
    for (let i = 0; i < 3; i++) expect((await staff()).status).toBe(200);

    h.clock.advance(20_000);
    const over = await staff();
    h.clock.advance(40_000);
    const next = await staff();

    expect(over.status).toBe(429);
    expect(over.raw).toBe('');
    expect(over.headers).toMatchObject({ 'x-rate-limit-problem': 'minute', 'retry-after': '40' });
    expect(next.status).toBe(200);
  });

  it('holds the day limit through minutes, and lifts it after a day', async () => {
    h.sandbox.faults.limits({ perDay: 4 });
    for (let i = 0; i < 4; i++) expect((await staff()).status).toBe(200);

    h.clock.advance(120_000);
    const over = await staff();
    h.clock.advance(86_400_000 - 120_000);
    token = await h.connected();
    const nextDay = await staff();

    expect(over.status).toBe(429);
    expect(over.headers).toMatchObject({ 'x-rate-limit-problem': 'day', 'retry-after': String(86_400 - 120) });
    expect(nextDay.status).toBe(200);
  });

  it('does not count refused calls against the minute', async () => {
    h.sandbox.faults.limits({ perMinute: 1 });
    await staff();
    await staff();
    await staff();

    h.clock.advance(60_000);
    const after = await staff();

    expect(after.headers['x-minlimit-remaining']).toBe('0');
  });

  it('lets 5 calls run at once and answers a sixth 429 concurrent, without Retry-After', async () => {
    h.sandbox.faults.slow(150);

    const answers = await Promise.all(Array.from({ length: 6 }, () => staff()));
    h.sandbox.faults.slow(0);
    const after = await staff();

    const refused = answers.filter((a) => a.status === 429);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(5);
    expect(refused).toHaveLength(1);
    expect(refused[0]!.headers['x-rate-limit-problem']).toBe('concurrent');
    expect(refused[0]!.headers['retry-after']).toBeUndefined();
    expect(after.status).toBe(200);
  });

  it('takes a lower concurrency limit for tests', async () => {
    h.sandbox.faults.limits({ concurrent: 2 });
    h.sandbox.faults.slow(100);

    const answers = await Promise.all(Array.from({ length: 3 }, () => staff()));

    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 429]);
  });

  it('injects throttling and outages, and goes back to the documented limits on reset', async () => {
    h.sandbox.faults.limits({ perMinute: 1 });
    h.sandbox.faults.rateLimit(1, 7);
    h.sandbox.faults.serverError(1);

    const throttled = await staff();
    const outage = await staff();
    h.sandbox.faults.reset();
    const calm = await staff();

    expect([throttled.status, throttled.headers['retry-after'], throttled.raw]).toEqual([429, '7', '']);
    expect(outage.status).toBe(503);
    expect(calm.headers['x-minlimit-remaining']).toBe('59');
    expect(h.sandbox.faults.state().limits).toMatchObject({ concurrent: 5, perMinute: 60, perDay: 5000 });
  });

  it('counts the API calls it serves, by route', async () => {
    h.sandbox.calls.reset();
    await staff();
    await h.call('GET', `/practicemanager/3.1/client.api/get/${h.sandbox.clients()[0]!.uuid}`, { token });
    await h.call('GET', '/connections', { token });

    expect(h.sandbox.calls.total).toBe(3);
    expect(h.sandbox.calls.byRoute.get('GET /practicemanager/3.1/client.api/get/:uuid')).toBe(1);
  });
});

describe('the XPM sandbox faults over HTTP', () => {
  let h: XpmHarness;
  beforeEach(async () => { h = await xpmHarness(); });
  afterEach(async () => { await h.close(); });

  it('shows and sets the faults and limits as JSON, and refuses what it does not know', async () => {
    const set = await h.app.inject({ method: 'POST', url: '/sandbox/xpm/faults', payload: { perMinute: 10, rateLimit: 2, retryAfter: 5 } });
    const shown = await h.app.inject({ url: '/sandbox/xpm/faults' });
    const bad = await h.app.inject({ method: 'POST', url: '/sandbox/xpm/faults', payload: { perHour: 1 } });

    expect(set.statusCode).toBe(200);
    expect(shown.json()).toMatchObject({ rateLimit: 2, retryAfter: 5, limits: { perMinute: 10, perDay: 5000, concurrent: 5 } });
    expect(bad.statusCode).toBe(400);
  });
});
