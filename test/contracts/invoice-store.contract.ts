import { beforeEach, describe, expect, it } from 'vitest';
import type { ScheduleId } from '../../domain/billing/schedule.js';
import type { Invoice, InvoiceId, InvoiceLine } from '../../domain/invoicing/invoice.js';
import { chargeKey, type InvoiceStore } from '../../domain/invoicing/ports.js';
import { asId } from '../../domain/shared/ids.js';
import type { UnitOfWork } from '../../domain/shared/unit-of-work.js';
import { invoice, invoiceLine } from '../builders/invoices.js';
import { zeroRated } from '../builders/proposals.js';
import { latch, sleep } from '../support/latch.js';

/** The store, and transactions over it: each on a connection of its own for the real store. */
export type InvoiceStoreUnderTest = { store: InvoiceStore; transaction: UnitOfWork<InvoiceStore> };

const A = asId<'Practice'>('pr1');
const B = asId<'Practice'>('pr2');
const id = (raw: string) => raw as InvoiceId;
const s1 = 's1' as ScheduleId;
const s2 = 's2' as ScheduleId;
const withoutHold = ({ hold: _hold, ...line }: InvoiceLine): InvoiceLine => line;
const charge = (scheduleId: ScheduleId, period: string) => invoiceLine({ scheduleId, period });
const issued = (raw: string, number: number, over: Partial<Invoice> = {}) =>
  invoice({ id: id(raw), number, status: 'issued', issuedAt: new Date('2026-03-01T06:00:05Z'), lines: [charge(asId(`s-${raw}`), 'once')], ...over });

/** Every field set at once (issued yet carrying holds, which no run makes): a headcount hold with its evidence, an estimate to confirm, amounts past 32 bits. */
const everyField = (): Invoice => invoice({
  id: id('full'), number: 42, status: 'issued', kind: 'recurring', issuedAt: new Date('2026-03-02T10:15:30.123Z'),
  ledger: { app: 'sage', id: 'sage-inv-9', number: 'SI-9', url: 'https://accounts.example/invoices/9' },
  lines: [
    invoiceLine({ quantity: 12, unitPrice: 250_000_000, amounts: { net: 3_000_000_000, vat: 600_000_000, gross: 3_600_000_000 },
      ledgerAccount: '4000', headcount: { count: 12, at: new Date('2026-02-28T23:59:59.999Z'), source: 'gusto' },
      hold: { kind: 'headcount', reason: 'moved-too-much', suggested: 12, lastBilled: { quantity: 8, at: new Date('2026-02-01T06:00:00Z') },
        evidence: { count: 12, at: new Date('2026-02-28T23:59:59.999Z'), source: 'gusto' } } }),
    invoiceLine({ scheduleId: s2, period: 'once', name: 'Year-end accounts', description: '', quantity: 1.5, unitPrice: 1001,
      amounts: { net: 1502, vat: 0, gross: 1502 }, taxRate: zeroRated, hold: { kind: 'confirm-amount', low: 100_000, high: 150_000 } }),
    invoiceLine({ scheduleId: null, period: 'once', name: 'Ad-hoc advice', hold: { kind: 'headcount', reason: 'gusto-unreachable' } }),
  ],
});

/** The invoice store's promises, run against the in-memory fake and PostgreSQL alike. */
export function invoiceStoreContract(name: string, open: () => Promise<InvoiceStoreUnderTest>): void {
  describe(`${name} as the invoice store`, () => {
    let s: InvoiceStore;
    let transaction: UnitOfWork<InvoiceStore>;
    beforeEach(async () => { ({ store: s, transaction } = await open()); });

    it('gives back every field as stored: minor units past 32 bits, dates, holds and headcount evidence', async () => {
      const instant = invoice({ id: id('instant'), kind: 'instant', proposal: null, lines: [invoiceLine({ scheduleId: null, period: 'once' })] });

      expect(await s.insert(everyField())).toBe(true);
      expect(await s.insert(instant)).toBe(true);

      expect(await s.get(A, id('full'))).toStrictEqual(everyField());
      expect(await s.get(A, id('instant'))).toStrictEqual(instant);
      expect(await s.get(A, id('missing'))).toBeNull();
    });

    it('bills a charge at most once: a second invoice for it is refused and writes nothing, not even its other lines', async () => {
      await s.insert(invoice({ id: id('i1'), lines: [charge(s1, '2026-03-01')] }));

      const again = await s.insert(invoice({ id: id('i2'), lines: [charge(s2, '2026-03-01'), charge(s1, '2026-03-01')] }));

      expect(again).toBe(false);
      expect(await s.get(A, id('i2'))).toBeNull();
      expect(await s.billedCharges(A, [s1, s2])).toEqual(new Set([chargeKey(s1, '2026-03-01')]));
      expect(await s.insert(invoice({ id: id('i3'), lines: [charge(s2, '2026-03-01')] }))).toBe(true);
    });

    it('bills the next period, another schedule, another practice\'s schedule and lines without a schedule freely', async () => {
      await s.insert(invoice({ id: id('i1'), lines: [charge(s1, '2026-03-01'), invoiceLine({ scheduleId: null, period: 'once' })] }));

      expect(await s.insert(invoice({ id: id('i2'), lines: [charge(s1, '2026-04-01')] }))).toBe(true);
      expect(await s.insert(invoice({ id: id('i3'), lines: [charge(s2, '2026-03-01')] }))).toBe(true);
      expect(await s.insert(invoice({ id: id('i4'), practiceId: B, lines: [charge(s1, '2026-03-01')] }))).toBe(true);
      expect(await s.insert(invoice({ id: id('i5'), kind: 'instant', lines: [invoiceLine({ scheduleId: null, period: 'once' })] }))).toBe(true);
    });

    it('refuses inside a transaction and leaves it usable: the rest of its work commits', async () => {
      await s.insert(invoice({ id: id('i1'), lines: [charge(s1, '2026-03-01')] }));

      const outcome = await transaction.run(async (tx) => [
        await tx.insert(invoice({ id: id('i2'), lines: [charge(s1, '2026-03-01')] })),
        await tx.insert(invoice({ id: id('i3'), lines: [charge(s2, '2026-03-01')] })),
        await tx.nextNumber(A),
      ]);

      expect(outcome).toEqual([false, true, 1]);
      expect((await s.list(A)).map((i) => i.id)).toEqual(['i3', 'i1']);
    });

    it('lets exactly one of two transactions racing for the same charge bill it', async () => {
      const firstWrote = latch();

      const first = transaction.run(async (tx) => {
        const won = await tx.insert(invoice({ id: id('i1') }));
        firstWrote.open();
        await sleep(50);
        return won;
      });
      const second = transaction.run(async (tx) => { await firstWrote.opened; return tx.insert(invoice({ id: id('i2') })); });

      expect(await Promise.all([first, second])).toEqual([true, false]);
      expect((await s.list(A)).map((i) => i.id)).toEqual(['i1']);
    });

    it('forgets an invoice whose transaction fails, so its charge can be billed again', async () => {
      await expect(transaction.run(async (tx) => {
        await tx.insert(invoice({ id: id('i1') }));
        throw new Error('the run failed after inserting');
      })).rejects.toThrow('the run failed');

      expect(await s.get(A, id('i1'))).toBeNull();
      expect(await s.insert(invoice({ id: id('i2') }))).toBe(true);
    });

    it('numbers invoices 1, 2, 3 in each practice, independently', async () => {
      const drawn = [await s.nextNumber(A), await s.nextNumber(A), await s.nextNumber(B), await s.nextNumber(A), await s.nextNumber(B)];

      expect(drawn).toEqual([1, 2, 1, 3, 2]);
    });

    it('gives two transactions numbering at once consecutive numbers: the second waits for the first to end', async () => {
      const firstDrew = latch();

      const first = transaction.run(async (tx) => {
        const n = await tx.nextNumber(A);
        firstDrew.open();
        await sleep(50);
        await tx.insert(issued('i1', n));
        return n;
      });
      const second = transaction.run(async (tx) => {
        await firstDrew.opened;
        const n = await tx.nextNumber(A);
        await tx.insert(issued('i2', n));
        return n;
      });

      expect(await Promise.all([first, second])).toEqual([1, 2]);
      expect((await s.findByNumber(A, 2))?.id).toBe('i2');
    });

    it('hands a rolled-back transaction\'s number to the next invoice, leaving no gap', async () => {
      await s.nextNumber(A);

      await expect(transaction.run(async (tx) => {
        await tx.insert(issued('i2', await tx.nextNumber(A)));
        throw new Error('the ledger refused');
      })).rejects.toThrow('the ledger refused');

      expect(await s.nextNumber(A)).toBe(2);
      expect(await s.findByNumber(A, 2)).toBeNull();
    });

    it('answers which periods of the given schedules are on an invoice, skipped ones included', async () => {
      await s.insert(invoice({ id: id('i1'), lines: [charge(s1, '2026-03-01'), charge(s2, 'once')] }));
      await s.insert(invoice({ id: id('i2'), status: 'skipped', lines: [charge(s1, '2026-04-01')] }));
      await s.insert(invoice({ id: id('i3'), lines: [charge(asId('s3'), '2026-03-01')] }));
      await s.insert(invoice({ id: id('i4'), practiceId: B, lines: [charge(s1, '2026-05-01')] }));

      expect(await s.billedCharges(A, [s1, s2])).toEqual(new Set(['s1@2026-03-01', 's1@2026-04-01', 's2@once']));
      expect(await s.billedCharges(A, [])).toEqual(new Set());
    });

    it('lists newest first, by client and by status, up to the limit', async () => {
      const at = (day: number) => new Date(`2026-03-0${day}T06:00:00Z`);
      await s.insert(issued('i1', 1, { createdAt: at(1) }));
      await s.insert(invoice({ id: id('i2'), createdAt: at(2), clientId: asId('c2'), lines: [charge(s1, '2026-03-01')] }));
      await s.insert(invoice({ id: id('i3'), createdAt: at(3), lines: [charge(s2, '2026-03-01')] }));
      await s.insert(issued('i4', 1, { practiceId: B, createdAt: at(4) }));

      expect((await s.list(A)).map((i) => i.id)).toEqual(['i3', 'i2', 'i1']);
      expect((await s.list(A, { clientId: asId('c1') })).map((i) => i.id)).toEqual(['i3', 'i1']);
      expect((await s.list(A, { status: 'held' })).map((i) => i.id)).toEqual(['i3', 'i2']);
      expect((await s.list(A, { clientId: asId('c1'), status: 'issued' })).map((i) => i.id)).toEqual(['i1']);
      expect((await s.list(A, { limit: 1 })).map((i) => i.id)).toEqual(['i3']);
    });

    it('finds an issued invoice by its number in its own practice only', async () => {
      await s.insert(issued('i1', 1));
      await s.insert(issued('i2', 2));

      expect((await s.findByNumber(A, 2))?.id).toBe('i2');
      expect(await s.findByNumber(A, 3)).toBeNull();
      expect(await s.findByNumber(B, 1)).toBeNull();
    });

    it('replaces an invoice: approving a held one numbers it, bills the count approved and clears the hold', async () => {
      const { totals: _held, ...held } = everyField();
      await s.insert(invoice({ ...held, number: null, status: 'held', issuedAt: null, ledger: null }));
      const [smart, estimate, advice] = held.lines;
      const approved = invoice({
        ...held, number: 1, status: 'issued', issuedAt: new Date('2026-03-03T09:00:00Z'),
        lines: [{ ...withoutHold(smart!), quantity: 8, amounts: { net: 2_000_000_000, vat: 400_000_000, gross: 2_400_000_000 } }, estimate!, withoutHold(advice!)],
      });

      await s.update(approved);

      expect(await s.get(A, held.id)).toStrictEqual(approved);
      expect(await s.findByNumber(A, 1)).toStrictEqual(approved);
      expect(await s.billedCharges(A, [s1, s2])).toEqual(new Set(['s1@2026-03-01', 's2@once']));
    });

    it('refuses an update whose lines would bill a charge another invoice holds, and keeps both as they were', async () => {
      await s.insert(invoice({ id: id('i1'), lines: [charge(s1, '2026-03-01')] }));
      await s.insert(invoice({ id: id('i2'), lines: [charge(s2, '2026-03-01')] }));

      await expect(s.update(invoice({ id: id('i2'), lines: [charge(s2, '2026-03-01'), charge(s1, '2026-03-01')] }))).rejects.toThrow();

      expect((await s.get(A, id('i2')))?.lines).toStrictEqual([charge(s2, '2026-03-01')]);
      expect((await s.get(A, id('i1')))?.lines).toStrictEqual([charge(s1, '2026-03-01')]);
    });
  });
}
