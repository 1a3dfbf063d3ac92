import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MikroOrmJobStore } from '../../../adapters/db/job-store.js';
import { jobStoreContract } from '../../contracts/job-store.contract.js';
import { databaseKind, openTestOrm, type TestDatabase } from '../../support/db.js';

let db: TestDatabase;
beforeAll(async () => { db = await openTestOrm(); }, 120_000);
afterAll(async () => { await db?.close(); });

/** One entity manager per store; its queries still take connections of their own, so racing inserts really race. */
jobStoreContract(`MikroOrmJobStore on ${databaseKind()} PostgreSQL`, async () => {
  await db.orm.em.getConnection().execute('truncate job_deployment');
  return new MikroOrmJobStore(db.em());
});

describe('job_deployment on PostgreSQL', () => {
  it('matches its entity after the committed migrations', async () => {
    const diff = await db.orm.schema.getUpdateSchemaSQL({ wrap: false, safe: true });

    expect(diff.split('\n').filter((l) => l.includes('job_deployment'))).toEqual([]);
  });
});
