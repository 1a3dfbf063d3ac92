import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScheduler, keepingLock } from '../../jobs/scheduler.js';
import { openTestOrm, type TestDatabase } from '../support/db.js';

let db: TestDatabase;
let pool: pg.Pool;
beforeAll(async () => {
  db = await openTestOrm();
  pool = new pg.Pool({ connectionString: db.url, max: 4 });
});
afterAll(async () => {
  await pool.end();
  await db.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the scheduler', () => {
  it('reports outcomes, and idle() waits until the work it was given is done', async () => {
    const outcomes: string[] = [];
    const scheduler = createScheduler({ pool, name: 'a', pollMs: 200, onOutcome: (job, outcome) => outcomes.push(`${job}:${outcome}`) });
    const done: number[] = [];
    scheduler.agenda.define('slow', async (job) => { await sleep(300); done.push(job.attrs.data.n); });
    scheduler.agenda.define('broken', async () => { throw new Error('provider down'); });
    await scheduler.start();

    await scheduler.agenda.now('slow', { n: 1 });
    await scheduler.agenda.now('broken', {});
    await scheduler.idle(10_000);
    await scheduler.stop();

    expect(done).toEqual([1]);
    expect(outcomes.sort()).toEqual(['broken:failure', 'slow:success']);
  });

  it('hands a job cut off mid-run to the next process once its lock expires', async () => {
    const runs: string[] = [];
    const first = createScheduler({ pool, name: 'first', pollMs: 200, lockLifetimeMs: 1_000 });
    first.agenda.define('long', async () => { runs.push('first'); await sleep(3_000); });
    await first.start();
    await first.agenda.now('long', {});
    while (!runs.length) await sleep(50);

    await first.stop(100);
    const second = createScheduler({ pool, name: 'second', pollMs: 200, lockLifetimeMs: 1_000 });
    second.agenda.define('long', async () => { runs.push('second'); });
    await second.start();
    await second.idle(10_000);
    await second.stop();

    expect(runs).toEqual(['first', 'second']);
  });

  it('keeps a long job to its worker while it renews its lock', async () => {
    const runs: string[] = [];
    let finished!: () => void;
    const firstFinished = new Promise<void>((resolve) => { finished = resolve; });
    const define = (name: string) => {
      const s = createScheduler({ pool, name, pollMs: 200, lockLifetimeMs: 800 });
      s.agenda.define('renewed', async (job) => keepingLock(job, async () => {
        runs.push(name);
        await sleep(2_500);
        if (name === 'first') finished();
      }, 200));
      return s;
    };
    const first = define('first');
    await first.start();
    await first.agenda.now('renewed', {});
    while (!runs.length) await sleep(50);

    // Built only now: two Agendas set up their schema on connect, and doing it at the same instant
    // on one database collides in PostgreSQL's catalog. The job still has about 2.4 s to run: three
    // lock lifetimes, a dozen polls of the second worker, which must not take it over.
    const second = define('second');
    await second.start();
    await firstFinished;
    await first.idle(10_000);
    await Promise.all([first.stop(), second.stop()]);

    expect(runs).toEqual(['first']);
  });
});
