import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../../adapters/rate-limiter.js';

describe('rolling-window rate limiter', () => {
  it('lets 200 calls through in a minute and holds the 201st until the first leaves the window', async () => {
    let clock = 0;
    const waited: number[] = [];
    const limiter = createRateLimiter({
      limit: 200, windowMs: 60_000, now: () => clock,
      sleep: async (ms) => { waited.push(ms); clock += ms; },
    });

    for (let i = 0; i < 200; i++) { await limiter.acquire(); clock += 10; }
    await limiter.acquire();

    expect(waited).toEqual([60_000 - 2_000]);
  });
});
