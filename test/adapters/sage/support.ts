import { readFileSync } from 'node:fs';
import { createSageClient, type SageClientOptions } from '../../../adapters/sage/client.js';
import { fixedClock } from '../../fakes/clock.js';

export const sageHost = 'https://api.accounting.sage.com';
export const businessId = '0d40342d0287cd6b13555c54afca6c90';

export const sageFixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../../fixtures/sage/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;

/**
 * A client on a clock that moves only when something sleeps, so a Retry-After pause or a full
 * minute's rate window passes at once; `waits` records every sleep.
 */
export function sageTestClient(extra: Partial<SageClientOptions> = {}) {
  const clock = fixedClock('2026-11-22T10:00:00Z');
  const waits: number[] = [];
  const client = createSageClient({
    baseUrl: `${sageHost}/v3.1`, token: async () => 'tok-1',
    now: () => clock.now().getTime(), sleep: async (ms) => { waits.push(ms); clock.advance(ms); },
    ...extra,
  });
  return { client, waits };
}
