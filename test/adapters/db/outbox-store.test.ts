import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newOutboxEntry } from '../../../domain/outbox/entry.js';
import { asId } from '../../../domain/shared/ids.js';
import { MikroOrmOutboxStore } from '../../../adapters/db/outbox-store.js';
import { mikroOrmUnitOfWork } from '../../../adapters/db/unit-of-work.js';
import { outboxStoreContract } from '../../contracts/outbox-store.contract.js';
import { databaseKind, openTestOrm, type TestDatabase } from '../../support/db.js';

let db: TestDatabase;
beforeAll(async () => { db = await openTestOrm(); }, 120_000);
afterAll(async () => { await db?.close(); });

const A = asId<'Practice'>('practice-a');
const at = new Date('2026-03-01T09:00:00Z');

outboxStoreContract(`the MikroORM store on ${databaseKind()} PostgreSQL`, async () => {
  await db.orm.em.getConnection().execute('truncate app_outbox');
  return new MikroOrmOutboxStore(db.em());
});

describe('the outbox on PostgreSQL', () => {
  it('never gives one row to two drains claiming at the same moment', async () => {
    await db.orm.em.getConnection().execute('truncate app_outbox');
    const store = new MikroOrmOutboxStore(db.em());
    for (let i = 0; i < 40; i++) await store.enqueue(newOutboxEntry({ practiceId: A, app: 'ledger', kind: 'invoice', sourceId: `s${i}`, payload: {} }, `w${i}`, at));

    const claims = await Promise.all(Array.from({ length: 4 }, () => new MikroOrmOutboxStore(db.em()).claimDue('ledger', at, 15, new Date(at.getTime() + 60_000))));

    const ids = claims.flat().map((e) => e.id);
    expect(ids).toHaveLength(40);
    expect(new Set(ids).size).toBe(40);
  });

  it('enqueues inside the transaction of its cause: a rollback leaves no row', async () => {
    await db.orm.em.getConnection().execute('truncate app_outbox');
    const tx = mikroOrmUnitOfWork(db.orm.em, (em) => ({ outbox: new MikroOrmOutboxStore(em) }));

    await expect(tx.run(async ({ outbox }) => {
      await outbox.enqueue(newOutboxEntry({ practiceId: A, app: 'ledger', kind: 'invoice', sourceId: 's1', payload: {} }, 'w1', at));
      throw new Error('the cause failed after the enqueue');
    })).rejects.toThrow('the cause failed');

    expect(await new MikroOrmOutboxStore(db.em()).get(A, 'w1')).toBeNull();
  });
});
