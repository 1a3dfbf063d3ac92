/**
 * A bot worker in a process of its own, for the takeover test to kill: it joins the database with
 * its presence, connects two sandbox Gusto companies, queues a sync and lets Gusto hang, so the sync
 * stays mid-run until the process is killed. Run as: node --import tsx test/support/sync-worker.ts URL
 */
import { RequestContext } from '@mikro-orm/postgresql';
import pg from 'pg';
import { openOrm } from '../../adapters/db/orm.js';
import { MikroOrmSyncRunStore } from '../../adapters/db/sync-run-store.js';
import { createWorkerPresence, newWorkerId } from '../../adapters/db/worker-presence.js';
import { queueSync, registerAppJobs } from '../../jobs/app-sync.js';
import { randomIds } from '../../src/ids.js';
import { createScheduler } from '../../jobs/scheduler.js';
import { gustoWorld } from '../builders/gusto-world.js';

const url = process.argv[2];
if (!url) throw new Error('usage: sync-worker.ts DATABASE_URL');
const orm = await openOrm({ url, poolMax: 3 });
const pool = new pg.Pool({ connectionString: url, max: 3 });
const presence = createWorkerPresence({ connection: { connectionString: url }, id: newWorkerId(process.pid) });
const w = await gustoWorld({ count: 2, syncOnConnect: false, ids: randomIds, runs: new MikroOrmSyncRunStore(orm.em, presence.id) });
for (const c of w.sandbox.companies()) await w.connect(c.uuid);

const scheduler = createScheduler({ pool, name: presence.id, presence, pollMs: 100 });
await registerAppJobs(scheduler.agenda, {
  inScope: (fn) => RequestContext.create(orm.em, fn),
  apps: [{ id: 'gusto', dailyAt: { hour: 6, minute: 0 }, sync: (practiceId, req) => w.uc.sync.sync(practiceId, req), dailySync: (practiceId) => w.uc.dailySync(practiceId) }],
  practices: async () => [],
});
await scheduler.start();
w.sandbox.faults.slow(10 * 60_000);
await queueSync(scheduler.agenda, 'gusto', w.practice.id, { trigger: 'manual' });
process.stdout.write(`worker ${presence.id} queued a sync\n`);
