import { beforeEach, describe, expect, it } from 'vitest';
import type { BillingScheduleStore } from '../../domain/billing/ports.js';
import type { BillingSchedule, ScheduleId } from '../../domain/billing/schedule.js';
import type { SmartBillingStore } from '../../domain/proposals/ports.js';
import type { ProposalId } from '../../domain/proposals/proposal.js';
import type { SmartBillingSetting } from '../../domain/proposals/smart-billing.js';
import { asId } from '../../domain/shared/ids.js';
import { monthlyLine } from '../builders/proposals.js';

export type SmartBillingStores = { smartBillings: SmartBillingStore; schedules: BillingScheduleStore };

const A = asId<'Practice'>('practice-a');
const B = asId<'Practice'>('practice-b');
const p1 = 'p1' as ProposalId;
const t0 = new Date('2026-03-01T09:00:00Z');
const pending = (lineId: string, over: Partial<SmartBillingSetting> = {}): SmartBillingSetting => ({
  practiceId: A, proposalId: p1, lineId, clientId: asId('c1'), serviceName: 'Payroll', chosenBy: 'Ann', chosenAt: t0, status: 'pending', ...over,
} as SmartBillingSetting);

/** One behaviour for the in-memory fake and the MikroORM store. */
export function smartBillingStoreContract(name: string, open: () => Promise<SmartBillingStores>): void {
  describe(`Smart Billing stores: ${name}`, () => {
    let s: SmartBillingStores;
    beforeEach(async () => { s = await open(); });

    it('round-trips pending and enabled choices, replacing by proposal and line', async () => {
      const enabled: SmartBillingSetting = { ...pending('l2'), status: 'enabled', company: { externalId: 'co-1', name: 'Acme Gusto' } };
      await s.smartBillings.save([pending('l1'), pending('l2')]);
      await s.smartBillings.save([enabled, pending('l1', { offeredAt: new Date('2026-03-02T09:00:00Z') } as Partial<SmartBillingSetting>)]);

      const stored = await s.smartBillings.listForProposal(A, p1);

      expect([...stored].sort((a, b) => a.lineId.localeCompare(b.lineId))).toEqual([pending('l1', { offeredAt: new Date('2026-03-02T09:00:00Z') } as Partial<SmartBillingSetting>), enabled]);
      expect(await s.smartBillings.listPendingForClient(A, asId('c1'))).toEqual([stored.find((x) => x.lineId === 'l1')]);
      expect(await s.smartBillings.listForProposal(B, p1)).toEqual([]);
    });

    it('removes only the named lines of the named practice', async () => {
      await s.smartBillings.save([pending('l1'), pending('l2'), pending('l1', { practiceId: B })]);

      await s.smartBillings.remove(A, p1, ['l1']);

      expect((await s.smartBillings.listForProposal(A, p1)).map((x) => x.lineId)).toEqual(['l2']);
      expect(await s.smartBillings.listForProposal(B, p1)).toHaveLength(1);
    });

    it("keeps a schedule's Smart Billing, with the last bill's date exact", async () => {
      const schedule: BillingSchedule = {
        id: 'p1:l1' as ScheduleId, practiceId: A, proposalId: p1, proposalNumber: 1, clientId: asId('c1'), line: monthlyLine({ id: 'l1' }),
        amount: { low: { net: 1, vat: 0, gross: 1 }, high: { net: 1, vat: 0, gross: 1 } }, needsConfirmation: false, createdAt: t0,
        kind: 'recurring', status: 'active', frequency: 'monthly', startsOn: '2026-03-01', end: { kind: 'never' },
        smartBilling: { status: 'enabled', companyId: 'co-1', companyName: 'Acme Gusto', lastBilled: { quantity: 9, at: new Date('2026-04-01T06:00:00Z') } },
      };
      await s.schedules.saveMany([schedule, { ...schedule, id: 'p1:l2' as ScheduleId, smartBilling: { status: 'pending' } }]);

      expect(await s.schedules.get(A, schedule.id)).toEqual(schedule);
      expect((await s.schedules.get(A, 'p1:l2' as ScheduleId))?.smartBilling).toEqual({ status: 'pending' });
    });
  });
}
