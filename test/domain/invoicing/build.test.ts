import { describe, expect, it } from 'vitest';
import { afterCharge, countedQuantities, recordLastBilled } from '../../../domain/invoicing/schedule-effects.js';
import { buildInvoice, issueHeld, type InvoiceInput } from '../../../domain/invoicing/build.js';
import type { InvoiceId } from '../../../domain/invoicing/invoice.js';
import type { ScheduleId } from '../../../domain/billing/schedule.js';
import { scheduleLine } from '../../../domain/invoicing/lines.js';
import { asId } from '../../../domain/shared/ids.js';
import { line, monthlyLine } from '../../builders/proposals.js';
import { completionSchedule, recurringSchedule, upfrontSchedule } from '../../builders/schedules.js';

const sid = (id: string) => id as ScheduleId;
const created = new Date('2026-04-01T06:00:00Z');
const input = (over: Partial<InvoiceInput> = {}): InvoiceInput => ({
  id: asId<'Invoice'>('inv-1') as InvoiceId, practiceId: asId('pr1'), clientId: asId('c1'), kind: 'recurring', proposal: null,
  issueDate: '2026-04-01', terms: { manualDays: 7, automaticDays: 10 }, currency: 'GBP', lines: [], createdAt: created, ...over,
});

const fee = (amount: number, taxMode: 'exclusive' | 'inclusive' = 'exclusive') =>
  scheduleLine(recurringSchedule({}, monthlyLine({ price: { kind: 'fixed', amount }, taxMode })), '2026-04-01', null, false);

describe('building an invoice', () => {
  it('issues an invoice with nothing held, numbered, due by the terms, its totals the sums of its rounded lines', () => {
    const lines = [fee(1234), fee(1001, 'inclusive')];

    const invoice = buildInvoice(input({ lines }), 42);

    expect(lines.map((l) => l.amounts)).toEqual([{ net: 1234, vat: 247, gross: 1481 }, { net: 834, vat: 167, gross: 1001 }]);
    expect(invoice).toMatchObject({ status: 'issued', number: 42, issuedAt: created, dueDate: '2026-04-11', totals: { net: 2068, vat: 414, gross: 2482 }, ledger: null });
  });

  it('holds an invoice with any held line, without a number, and issues it once every line is confirmed', () => {
    const estimate = scheduleLine(upfrontSchedule({}, line({ price: { kind: 'hourly', hourlyRate: 9000 }, quantity: 2 })), 'once', null, false);
    const held = buildInvoice(input({ kind: 'upfront', lines: [fee(1000), estimate] }), null);
    const confirmed = { ...held, lines: held.lines.map(({ hold: _h, ...l }) => l) };
    const later = new Date('2026-04-03T09:00:00Z');

    expect(held).toMatchObject({ status: 'held', number: null, issuedAt: null, dueDate: '2026-04-08', totals: { net: 19000 } });
    expect(issueHeld(confirmed, 7, later)).toMatchObject({ status: 'issued', number: 7, issuedAt: later, issueDate: '2026-04-01' });
    expect(() => issueHeld(held, 7, later)).toThrow(RangeError);
    expect(() => buildInvoice(input({ lines: [fee(1000)] }), null)).toThrow(RangeError);
    expect(() => buildInvoice(input({ lines: [estimate] }), 3)).toThrow(RangeError);
  });
});

describe('what billing a charge does to its schedule', () => {
  it('invoices a one-off, and ends a recurring schedule only with its last period', () => {
    const twice = recurringSchedule({ end: { kind: 'after', occurrences: 2 } });

    expect(afterCharge(upfrontSchedule(), 'once', 1).status).toBe('invoiced');
    expect(afterCharge(completionSchedule({ status: 'due', completedOn: '2026-04-02' }), 'once', 1).status).toBe('invoiced');
    expect(afterCharge(twice, '2026-04-01', 1).status).toBe('active');
    expect(afterCharge(twice, '2026-05-01', 1).status).toBe('ended');
  });

  it('records the quantity billed on a Smart Billing schedule, and leaves any other alone', () => {
    const smart = recurringSchedule({ smartBilling: { status: 'enabled', companyId: 'co-1', companyName: 'Acme Gusto' } });

    expect(recordLastBilled(smart, 12, created).smartBilling).toEqual({ status: 'enabled', companyId: 'co-1', companyName: 'Acme Gusto', lastBilled: { quantity: 12, at: created } });
    expect(recordLastBilled(recurringSchedule(), 12, created)).toEqual(recurringSchedule());
  });

  it('counts the lines billed from Gusto and those confirmed after a headcount hold, not those still waiting or any other', () => {
    const payroll = monthlyLine({ name: 'Payroll', price: { kind: 'per-unit', unitLabel: 'employee', unitPrice: 1500 }, quantity: 8 });
    const billed = scheduleLine(recurringSchedule({ id: sid('pay') }, payroll), '2026-04-01', { kind: 'bill', quantity: 9, evidence: { count: 9, at: created, source: 'gusto' } }, false);
    const held = scheduleLine(recurringSchedule({ id: sid('pensions') }, payroll), '2026-04-01', { kind: 'hold', reason: 'gusto-unreachable' }, false);
    const { hold: _hold, ...approved } = { ...held, quantity: 12 };

    expect(countedQuantities([billed, held, fee(5)], [billed, approved, fee(5)])).toEqual([{ scheduleId: 'pay', quantity: 9 }, { scheduleId: 'pensions', quantity: 12 }]);
    expect(countedQuantities([held], [held])).toEqual([]);
  });
});
