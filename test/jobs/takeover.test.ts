import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { RequestContext } from '@mikro-orm/postgresql';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MikroOrmSyncRunStore } from '../../adapters/db/sync-run-store.js';
import { createWorkerPresence, newWorkerId } from '../../adapters/db/worker-presence.js';
import { registerAppJobs, resumesSync } from '../../jobs/app-sync.js';
import { randomIds } from '../../src/ids.js';
import { createScheduler, type Scheduler } from '../../jobs/scheduler.js';
import { gustoWorld, type GustoWorld } from '../builders/gusto-world.js';
import { openTestOrm, type TestDatabase } from '../support/db.js';

let db: TestDatabase;
let pool: pg.Pool;
let worlds: GustoWorld[];
let schedulers: Scheduler[];
let child: ChildProcess | null;

const lockLifetimeMs = 2 * 60_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const rows = async <T>(sql: string): Promise<T[]> => (await pool.query(sql)).rows as T[];
const waitFor = async (what: string, check: () => Promise<boolean>, timeoutMs = 20_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
};

/** A bot worker as compose wires one, not yet started: presence, a scheduler that takes over, Gusto jobs on a sandbox. */
const worker = async (o: { sweepMs?: number } = {}): Promise<Scheduler> => {
  const presence = createWorkerPresence({ connection: { connectionString: db.url }, id: newWorkerId(process.pid) });
  const w = await gustoWorld({ count: 2, syncOnConnect: false, ids: randomIds, runs: new MikroOrmSyncRunStore(db.orm.em, presence.id) });
  worlds.push(w);
  for (const c of w.sandbox.companies()) await w.connect(c.uuid);
  const inScope = <T>(fn: () => Promise<T>) => RequestContext.create(db.orm.em, fn);
  const scheduler = createScheduler({ pool, name: presence.id, presence, pollMs: 100, lockLifetimeMs, ...o });
  schedulers.push(scheduler);
  await registerAppJobs(scheduler.agenda, {
    inScope, practices: async () => [],
    apps: [{ id: 'gusto', dailyAt: { hour: 6, minute: 0 }, sync: (id, req) => w.uc.sync.sync(id, req), dailySync: (id) => w.uc.dailySync(id) }],
  });
  scheduler.onTakeover((taken) => inScope(() => w.uc.closeInterrupted((id) => resumesSync(taken, id, 'gusto'))));
  // Agenda sets its schema up on connect; two doing it at the same instant collide in the catalog.
  await scheduler.agenda.ready;
  return scheduler;
};

/** A worker process (test/support/sync-worker.ts) whose sync is stuck mid-run, waiting to be killed. */
const stuckWorker = async () => {
  const proc = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../support/sync-worker.ts', import.meta.url)), db.url], { stdio: ['ignore', 'pipe', 'pipe'] });
  child = proc;
  const output: string[] = [];
  proc.stdout.on('data', (b: Buffer) => output.push(b.toString()));
  proc.stderr.on('data', (b: Buffer) => output.push(b.toString()));
  const exited = new Promise((resolve) => proc.on('exit', resolve));
  // The child compiles TypeScript as it starts: on a busy 2-core machine that alone can take 20 s.
  await waitFor('the child worker to start its sync', async () => {
    if (proc.exitCode !== null) throw new Error(`the child worker exited:\n${output.join('')}`);
    return (await rows('select id from sync_run where finished_at is null')).length === 1;
  }, 60_000);
  return {
    /** SIGKILL: no clean-up of any kind, as a crash or an OOM kill. */
    async kill() {
      proc.kill('SIGKILL');
      await exited;
    },
  };
};

/** The work is done again, the cut-off run closed once and reported once, nothing left locked. */
const expectTakenOverOnce = async () => {
  const runs = await rows<{ interrupted: boolean; finished: boolean; errors: string[] }>(
    'select interrupted, finished_at is not null as finished, errors from sync_run order by started_at');
  expect(runs).toEqual([
    { interrupted: true, finished: true, errors: ['The bot process running this sync stopped before it finished.'] },
    { interrupted: false, finished: true, errors: [] },
  ]);
  const sent = worlds.flatMap((w) => w.notifier.sent);
  expect(sent.map((n) => `${n.event}: ${n.card.title}`).sort()).toEqual([
    'sync.failed: Gusto sync interrupted (Sandbox)',
    'sync.finished: Gusto sync finished (Sandbox)',
  ]);
  expect(sent.find((n) => n.event === 'sync.failed')?.card.text).toContain('taken the sync over');
  expect(await rows('select id from agenda_jobs where locked_at is not null')).toEqual([]);
};

// A process's presence is a session-level advisory lock: it vanishes with the process's connections.
describe('a sync whose process is killed mid-run', { timeout: 120_000 }, () => {
  beforeEach(async () => {
    db = await openTestOrm();
    pool = new pg.Pool({ connectionString: db.url, max: 4 });
    worlds = [];
    schedulers = [];
    child = null;
  });
  afterEach(async () => {
    child?.kill('SIGKILL');
    await Promise.all(schedulers.map((s) => s.stop(1_000)));
    await Promise.all(worlds.map((w) => w.close()));
    await pool.end();
    await db.close();
  });

  it('is marked interrupted once and run again at once by the workers that start next, not when its job lock expires', async () => {
    const stuck = await stuckWorker();
    const next = [await worker(), await worker()];

    await stuck.kill();
    const killedAt = Date.now();
    await Promise.all(next.map((s) => s.start()));
    await waitFor('the sync to run again', async () => (await rows('select id from sync_run where finished_at is not null and not interrupted')).length === 1);
    for (const s of next) await s.idle(10_000);

    expect(Date.now() - killedAt).toBeLessThan(lockLifetimeMs / 4);
    await expectTakenOverOnce();
  }, 90_000);

  it('is taken over by a worker already running beside it, on its next look for dead processes', async () => {
    const stuck = await stuckWorker();
    const peer = await worker({ sweepMs: 300 });
    await peer.start();

    await stuck.kill();
    const killedAt = Date.now();
    await waitFor('the sync to run again', async () => (await rows('select id from sync_run where finished_at is not null and not interrupted')).length === 1);
    await peer.idle(10_000);

    expect(Date.now() - killedAt).toBeLessThan(lockLifetimeMs / 4);
    await expectTakenOverOnce();
  }, 90_000);
});
