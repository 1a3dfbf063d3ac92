import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { base, sageHarness, type SageHarness } from './sage-harness.js';

let h: SageHarness;
let token: string;
beforeEach(async () => { h = await sageHarness(); token = (await h.connect()).access_token; });
afterEach(async () => { await h.close(); });

const contacts = (business?: string) => h.call('GET', '/contacts', { token, business });
const setFaults = (body: Record<string, unknown>) => h.app.inject({ method: 'POST', url: `${base}/faults`, payload: body });

describe('Sage sandbox faults', () => {
  it('throttles the next calls with 429 and an empty body, then answers again', async () => {
    h.sandbox.faults.rateLimit(2);

    const first = await contacts(), second = await contacts(), third = await contacts();

    expect([first.status, second.status, third.status]).toEqual([429, 429, 200]);
    expect(first.raw).toBe('');
    expect(first.headers['retry-after']).toBeUndefined();
  });

  it('adds Retry-After to the throttled answers only when told to', async () => {
    h.sandbox.faults.rateLimit(1, 30);

    const res = await contacts();

    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe('30');
  });

  it('answers the next calls 503 with Sage\'s "retry later" error', async () => {
    h.sandbox.faults.serverError(1);

    const down = await contacts(), up = await contacts();

    expect(down.status).toBe(503);
    expect(down.body).toMatchObject([{ $severity: 'error', $message: expect.stringContaining('Please retry later') }]);
    expect(up.status).toBe(200);
  });

  it('answers every call 401 "No active subscription. (MSE)" while the subscription has lapsed', async () => {
    h.sandbox.faults.subscriptionLapsed(true);

    const res = await contacts();
    const businesses = await h.call('GET', '/businesses', { token });

    expect(res.status).toBe(401);
    expect(res.body).toEqual([{ $severity: 'error', $dataCode: 'AuthorizationFailure', $message: 'No active subscription. (MSE)', $source: '' }]);
    expect(businesses.status).toBe(401);
  });

  it('takes faults over HTTP and shows what is left of them', async () => {
    const set = await setFaults({ rateLimit: 1, retryAfter: 5, closedPeriod: true });
    await contacts();
    const shown = await h.app.inject({ url: `${base}/faults` });

    expect(set.statusCode).toBe(200);
    expect(shown.json()).toMatchObject({ rateLimit: 0, retryAfter: 5, closedPeriod: true, serverError: 0, subscriptionLapsed: false, callsPerMinute: 100 });
  });

  it('refuses a fault it does not know, changing nothing', async () => {
    const res = await setFaults({ meteorStrike: true });
    const after = await contacts();

    expect(res.statusCode).toBe(400);
    expect(after.status).toBe(200);
  });

  it('clears every fault on reset', async () => {
    await setFaults({ serverError: 3, subscriptionLapsed: true });

    await setFaults({ reset: true });

    expect((await contacts()).status).toBe(200);
  });
});

describe('the Sage sandbox\'s rate limit', () => {
  it('allows 100 calls a minute per business, answers the 101st with 429, and lets calls through once the minute has rolled on', async () => {
    for (let n = 0; n < 100; n++) expect((await contacts()).status).toBe(200);

    const over = await contacts();
    const otherBusiness = await contacts(h.ie);
    h.clock.advance(60_000);
    const later = await contacts();

    expect(over.status).toBe(429);
    expect(over.raw).toBe('');
    expect(otherBusiness.status).toBe(200);
    expect(later.status).toBe(200);
  });

  it('holds to a lower limit when told, counting only the calls it answered', async () => {
    h.sandbox.faults.callsPerMinute(2);

    const statuses = [];
    for (let n = 0; n < 4; n++) statuses.push((await contacts()).status);
    h.clock.advance(30_000);
    const halfMinute = await contacts();
    h.clock.advance(30_001);
    const minute = await contacts();

    expect(statuses).toEqual([200, 200, 429, 429]);
    expect(halfMinute.status).toBe(429);
    expect(minute.status).toBe(200);
  });
});
