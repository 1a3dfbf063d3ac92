import { RequestContext } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MikroOrmSyncRunStore } from '../../../adapters/db/sync-run-store.js';
import { createWorkerPresence, newWorkerId } from '../../../adapters/db/worker-presence.js';
import { noCounts, type SyncRun } from '../../../domain/practice/connection.js';
import { asId } from '../../../domain/shared/ids.js';
import { openTestOrm, type TestDatabase } from '../../support/db.js';

let db: TestDatabase;
beforeAll(async () => { db = await openTestOrm(); });
afterAll(async () => { await db.close(); });

const presence = (id = newWorkerId(process.pid)) => createWorkerPresence({ connection: { connectionString: db.url }, id });
const run = (id: string): SyncRun => ({
  id: asId(id), practiceId: asId('p1'), provider: 'gusto', trigger: 'manual', startedAt: new Date('2026-12-02T10:00:00Z'), counts: noCounts, errors: [],
});
const scoped = <T>(fn: () => Promise<T>) => RequestContext.create(db.orm.em, fn);

// A process's presence is a session-level advisory lock: it vanishes with the process's connections.
describe('worker presence', () => {
  it('tells a live worker from one whose connection has ended', async () => {
    const alive = presence();
    const dead = presence();
    await alive.start();
    await dead.start();
    await dead.stop();

    const gone = await alive.gone([alive.id, dead.id, 'never-started']);

    expect([...gone].sort()).toEqual([dead.id, 'never-started'].sort());
    await alive.stop();
  });

  it('refuses a second live process with the same worker id', async () => {
    const first = presence('twin');
    await first.start();

    await expect(presence('twin').start()).rejects.toThrow(/already uses worker id twin/);
    await first.stop();
  });

  it('closes a dead worker\'s open runs as interrupted, once, however many look at once, and leaves live ones', async () => {
    const alive = presence();
    const dead = presence();
    await alive.start();
    await dead.start();
    await scoped(() => new MikroOrmSyncRunStore(db.orm.em, alive.id).save(run('r-alive')));
    await scoped(() => new MikroOrmSyncRunStore(db.orm.em, dead.id).save(run('r-dead')));
    await dead.stop();
    const at = new Date('2026-12-02T10:05:00Z');

    const claims = await Promise.all(Array.from({ length: 5 }, () => scoped(() => new MikroOrmSyncRunStore(db.orm.em, alive.id).claimAbandoned(at))));

    expect(claims.flat().map((r) => r.id)).toEqual(['r-dead']);
    expect(claims.flat()[0]).toMatchObject({ interrupted: true, finishedAt: at, errors: ['The bot process running this sync stopped before it finished.'] });
    const store = new MikroOrmSyncRunStore(db.orm.em.fork());
    expect(await store.get(asId('p1'), asId('r-alive'))).not.toHaveProperty('finishedAt');
    expect(await store.get(asId('p1'), asId('r-dead'))).toMatchObject({ interrupted: true });
    await alive.stop();
  });
});
