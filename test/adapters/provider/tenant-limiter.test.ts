import { describe, expect, it } from 'vitest';
import { createTenantLimiter, createTenantLimiters } from '../../../adapters/rate-limiter.js';

/** A clock that moves only when someone sleeps, so waits are exact and the test takes no time. */
const fakeClock = (start = 0) => {
  let t = start;
  const waits: number[] = [];
  return { now: () => t, sleep: async (ms: number) => { waits.push(ms); t += ms; }, waits, advance: (ms: number) => { t += ms; } };
};

describe('per-tenant limiter', () => {
  it('holds the 61st call of a minute, and the first call over the day\'s budget until the day has passed', async () => {
    const clock = fakeClock();
    const limiter = createTenantLimiter({ ratePerMinute: 60, ratePerDay: 65 }, clock);

    for (let i = 0; i < 66; i++) await limiter.run(async () => undefined);

    expect(clock.waits).toEqual([60_000, 86_400_000 - 60_000]);
  });

  it('makes every call of a tenant wait out a pause the app asked for, and no other tenant', async () => {
    const clock = fakeClock();
    const limiterFor = createTenantLimiters({ concurrency: 5 }, clock);
    limiterFor('practice-a').pauseFor(2_000);

    await limiterFor('practice-b').run(async () => undefined);
    await limiterFor('practice-a').run(async () => undefined);

    expect(clock.waits).toEqual([2_000]);
  });

  it('passes a freed slot to the caller that waited longest', async () => {
    const limiter = createTenantLimiter({ concurrency: 1 });
    const order: string[] = [];
    let release!: () => void;
    const first = limiter.run(() => new Promise<void>((r) => { release = r; }));

    const rest = ['b', 'c', 'd'].map((name) => limiter.run(async () => { order.push(name); }));
    await new Promise((r) => setTimeout(r, 0));
    order.push('a-done');
    release();
    await Promise.all([first, ...rest]);

    expect(order).toEqual(['a-done', 'b', 'c', 'd']);
  });

  it('releases the slot when the work fails', async () => {
    const limiter = createTenantLimiter({ concurrency: 1 });

    await expect(limiter.run(async () => { throw new Error('boom'); })).rejects.toThrow('boom');

    await expect(limiter.run(async () => 'next')).resolves.toBe('next');
  });

  it('forgets tenants that have gone quiet, so thousands of companies cost nothing between syncs', async () => {
    const clock = fakeClock();
    const limiterFor = createTenantLimiters({ ratePerMinute: 200 }, clock);
    const first = limiterFor('company-0');
    await first.run(async () => undefined);

    for (let i = 1; i < 255; i++) limiterFor(`company-${i}`);
    const whileRecent = limiterFor('company-0');
    clock.advance(60_001);
    for (let i = 0; i < 256; i++) limiterFor(`other-${i}`);

    expect(whileRecent).toBe(first);
    expect(limiterFor('company-0')).not.toBe(first);
  });
});
