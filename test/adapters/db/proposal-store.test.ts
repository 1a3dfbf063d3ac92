import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MikroOrmBillingScheduleStore } from '../../../adapters/db/billing-schedule-store.js';
import { MikroOrmProposalStore } from '../../../adapters/db/proposal-store.js';
import { MikroOrmServiceStore, MikroOrmTemplateStore } from '../../../adapters/db/service-store.js';
import { proposalStoreContract } from '../../contracts/proposal-store.contract.js';
import { draft } from '../../builders/proposals.js';
import { databaseKind, openTestOrm, type TestDatabase } from '../../support/db.js';

let db: TestDatabase;
beforeAll(async () => { db = await openTestOrm(); });
afterAll(async () => { await db.close(); });

const fresh = async () => {
  await db.orm.em.getConnection().execute('truncate proposal, proposal_link, proposal_template, service, billing_schedule');
  const em = db.em();
  return { proposals: new MikroOrmProposalStore(em), services: new MikroOrmServiceStore(em), templates: new MikroOrmTemplateStore(em), schedules: new MikroOrmBillingScheduleStore(em) };
};

proposalStoreContract(`the MikroORM stores on ${databaseKind()} PostgreSQL`, fresh);

describe('MikroOrmProposalStore', () => {
  it('lets exactly one of two racing saves of the same version win, on separate connections', async () => {
    const { proposals } = await fresh();
    const d = draft();
    await proposals.save(d);

    const results = await Promise.all([
      new MikroOrmProposalStore(db.em()).save({ ...d, version: 2, clientName: 'First' }),
      new MikroOrmProposalStore(db.em()).save({ ...d, version: 2, clientName: 'Second' }),
    ]);

    expect(results.filter(Boolean)).toHaveLength(1);
  });
});
