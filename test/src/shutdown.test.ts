import { describe, expect, it } from 'vitest';
import { createShutdown } from '../../src/shutdown.js';

const recorder = () => {
  const warnings: string[] = [];
  return { warnings, logger: { warn: (_details: object, message: string) => { warnings.push(message); } } };
};

describe('shutdown', () => {
  it('closes parts in the reverse of the order they were added', async () => {
    const closed: string[] = [];
    const { logger } = recorder();
    const shutdown = createShutdown(logger);
    for (const name of ['database', 'http', 'jobs']) shutdown.add(name, async () => { closed.push(name); });

    await shutdown.run();

    expect(closed).toEqual(['jobs', 'http', 'database']);
  });

  it('leaves a part that overruns its deadline behind, names it, and still closes the rest', async () => {
    const closed: string[] = [];
    const { logger, warnings } = recorder();
    const shutdown = createShutdown(logger, 20);
    shutdown.add('database', async () => { closed.push('database'); });
    shutdown.add('pool', () => new Promise(() => {})); // a connection that never comes back

    await shutdown.run();

    expect(closed).toEqual(['database']);
    expect(warnings).toEqual(['pool did not close within 0.02 s; left behind']);
  });

  it('reports a part that fails to close and goes on', async () => {
    const closed: string[] = [];
    const { logger, warnings } = recorder();
    const shutdown = createShutdown(logger);
    shutdown.add('database', async () => { closed.push('database'); });
    shutdown.add('http', async () => { throw new Error('socket hang up'); });

    await shutdown.run();

    expect(closed).toEqual(['database']);
    expect(warnings).toEqual(['error while closing http']);
  });

  it('runs each part once, however often it is asked to stop', async () => {
    let closes = 0;
    const shutdown = createShutdown(recorder().logger);
    shutdown.add('http', async () => { closes += 1; });

    await Promise.all([shutdown.run(), shutdown.run()]);

    expect(closes).toBe(1);
  });
});
