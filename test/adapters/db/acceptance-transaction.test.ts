import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MikroOrmAuditLog } from '../../../adapters/db/audit-log.js';
import { MikroOrmBillingScheduleStore } from '../../../adapters/db/billing-schedule-store.js';
import { MikroOrmOutboxStore } from '../../../adapters/db/outbox-store.js';
import { MikroOrmProposalStore } from '../../../adapters/db/proposal-store.js';
import { mikroOrmUnitOfWork } from '../../../adapters/db/unit-of-work.js';
import type { BillingScheduleStore } from '../../../domain/billing/ports.js';
import { proposalWorld } from '../../builders/proposal-world.js';
import { openTestOrm, type TestDatabase } from '../../support/db.js';

let db: TestDatabase;
beforeAll(async () => { db = await openTestOrm(); }, 120_000);
afterAll(async () => { await db?.close(); });

/** The process dies after the proposal is saved and before its schedules are. */
const dyingAfterProposal = (s: BillingScheduleStore): BillingScheduleStore => ({
  ...s, get: s.get.bind(s), listForProposal: s.listForProposal.bind(s), listForClient: s.listForClient.bind(s),
  saveMany: async () => { throw new Error('killed between the proposal and its schedules'); },
});

const acceptanceOn = (em: EntityManager, crash: boolean) => mikroOrmUnitOfWork(em, (tx) => ({
  proposals: new MikroOrmProposalStore(tx), audit: new MikroOrmAuditLog(tx), outbox: new MikroOrmOutboxStore(tx),
  schedules: crash ? dyingAfterProposal(new MikroOrmBillingScheduleStore(tx)) : new MikroOrmBillingScheduleStore(tx),
}));

describe('accepting a proposal on PostgreSQL', () => {
  it('commits all of it or none of it: a crash after the proposal save leaves it open, with no schedules, audit line or queued card', async () => {
    const em = db.em();
    const stores = { proposals: new MikroOrmProposalStore(em), schedules: new MikroOrmBillingScheduleStore(em), audit: new MikroOrmAuditLog(em) };
    const w = await proposalWorld({ stores: { ...stores, transaction: acceptanceOn(db.orm.em, true) } });
    await w.say('service add Bookkeeping price=250 billing=monthly');
    await w.say('proposal new Acme');
    await w.say('proposal add Bookkeeping');
    await w.say('proposal send P-1');
    const sent = await stores.proposals.findByNumber(w.practice.id, 1);

    await expect(w.uc.acceptInternally(w.actor, 'P-1', {})).rejects.toThrow('killed between');

    expect((await stores.proposals.findByNumber(w.practice.id, 1))?.status).toBe('sent');
    expect(await stores.schedules.listForProposal(w.practice.id, sent!.id)).toEqual([]);
    expect((await stores.audit.recent(w.practice.id, 10)).filter((e) => e.action === 'proposal.accepted')).toEqual([]);
    const [queued] = await em.getConnection().execute<{ n: string }[]>('select count(*) as n from app_outbox');
    expect(Number(queued!.n)).toBe(0);

    // The firm tries again once the bot is back: the whole acceptance lands, and its card is posted once.
    const again = await proposalWorld({ stores: { ...stores, transaction: acceptanceOn(db.orm.em, false) } });
    const accepted = await again.uc.acceptInternally(again.actor, 'P-1', {});
    expect(accepted.ok).toBe(true);
    expect(await stores.schedules.listForProposal(w.practice.id, sent!.id)).toHaveLength(1);
    const [rows] = await em.getConnection().execute<{ n: string }[]>(`select count(*) as n from app_outbox where app = 'chat' and kind = 'notification'`);
    expect(Number(rows!.n)).toBe(1);
  });
});
