/**
 * A new client's first invoices reach Sage together — its set-up fee and the months it was not yet
 * billed for — and the drain sends two at once. Both sends look for the client's contact in Sage and
 * find none; only one may make it, or the client's invoices end up split across two contacts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MikroOrmBillingScheduleStore } from '../../../adapters/db/billing-schedule-store.js';
import { MikroOrmClientStore } from '../../../adapters/db/client-store.js';
import { asId } from '../../../domain/shared/ids.js';
import { line } from '../../builders/proposals.js';
import { recurringSchedule, upfrontSchedule } from '../../builders/schedules.js';
import { fixedClock, sequentialIds } from '../../fakes/clock.js';
import { openTestOrm, type TestDatabase } from '../../support/db.js';
import { sageBillingBot, sageBillingWorld, type SageBillingWorld } from '../../support/sage-billing-bot.js';

const practiceId = asId<'Practice'>('practice-new-client');
const clientId = asId<'Client'>('client-new');
let db: TestDatabase;
let world: SageBillingWorld & { close(): Promise<void> };
beforeAll(async () => {
  db = await openTestOrm();
  world = await sageBillingWorld({ em: () => db.em(), practiceIds: [practiceId], clock: fixedClock('2026-07-01T06:00:00Z'), ids: sequentialIds('n'), claimMs: 300_000 });
}, 120_000);
afterAll(async () => {
  await world?.close();
  await db?.close();
});

describe('a new client\'s first invoices in Sage', () => {
  it('makes one contact for the client when its fee and three missed months are sent at once', async () => {
    const [book] = world.books;
    await new MikroOrmClientStore(db.em()).save({
      id: clientId, practiceId, status: 'client', name: 'Hartley Bakery Ltd', email: 'ap@hartley.example', createdAt: new Date('2026-04-01'), updatedAt: new Date('2026-04-01'),
    });
    const of = { practiceId, clientId };
    await new MikroOrmBillingScheduleStore(db.em()).saveMany([
      upfrontSchedule({ ...of, id: asId('fee'), dueOn: '2026-04-02' }, line({ name: 'Set-up' })),
      recurringSchedule({ ...of, id: asId('books'), startsOn: '2026-04-02' }),
    ]);
    const bot = sageBillingBot(world, null);

    const report = await bot.run(practiceId, '2026-07-01');
    await bot.drain();

    const contacts = book!.sandbox.contacts(book!.businessId).filter((c) => c.name === 'Hartley Bakery Ltd');
    const invoices = book!.sandbox.invoices(book!.businessId);
    expect(report.issued).toHaveLength(4);
    expect(contacts).toHaveLength(1);
    expect(invoices.map((i) => [i.reference, i.contactId]).sort()).toEqual(['INV-0001', 'INV-0002', 'INV-0003', 'INV-0004'].map((r) => [r, contacts[0]!.id]));
  }, 60_000);
});
