import { afterAll, beforeAll } from 'vitest';
import { MikroOrmBillingScheduleStore } from '../../../adapters/db/billing-schedule-store.js';
import { MikroOrmSmartBillingStore } from '../../../adapters/db/smart-billing-store.js';
import { smartBillingStoreContract } from '../../contracts/smart-billing-store.contract.js';
import { databaseKind, openTestOrm, type TestDatabase } from '../../support/db.js';

let db: TestDatabase;
beforeAll(async () => { db = await openTestOrm(); });
afterAll(async () => { await db.close(); });

smartBillingStoreContract(`the MikroORM stores on ${databaseKind()} PostgreSQL`, async () => {
  await db.orm.em.getConnection().execute('truncate smart_billing_setting, billing_schedule');
  const em = db.em();
  return { smartBillings: new MikroOrmSmartBillingStore(em), schedules: new MikroOrmBillingScheduleStore(em) };
});
