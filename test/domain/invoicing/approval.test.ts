import { describe, expect, it } from 'vitest';
import type { BillingSchedule, ScheduleId } from '../../../domain/billing/schedule.js';
import type { SmartBillingAnswer } from '../../../domain/billing/smart-billing.js';
import { confirmHeld, skipHeld } from '../../../domain/invoicing/approval.js';
import { buildInvoice } from '../../../domain/invoicing/build.js';
import type { Invoice, InvoiceId, InvoiceLine } from '../../../domain/invoicing/invoice.js';
import { scheduleLine } from '../../../domain/invoicing/lines.js';
import type { PricedLine } from '../../../domain/proposals/pricing.js';
import { asId } from '../../../domain/shared/ids.js';
import { line, monthlyLine } from '../../builders/proposals.js';
import { recurringSchedule, upfrontSchedule } from '../../builders/schedules.js';

const at = new Date('2026-04-01T06:00:00Z');
const payroll = recurringSchedule({ id: 'pay' as ScheduleId }, monthlyLine({ name: 'Payroll', price: { kind: 'per-unit', unitLabel: 'employee', unitPrice: 1500 }, quantity: 8 }));
const hourly = upfrontSchedule({ id: 'tax' as ScheduleId }, line({ name: 'Tax advice', price: { kind: 'hourly', hourlyRate: 9000 }, quantity: 3 }));
const range = upfrontSchedule({ id: 'audit' as ScheduleId }, line({ name: 'Audit', price: { kind: 'range', min: 60000, max: 90000 } }));

const invoiceOf = (...parts: [BillingSchedule, SmartBillingAnswer | null][]): Invoice => {
  const lines = parts.map(([s, answer]) => scheduleLine(s, s.kind === 'recurring' ? '2026-04-01' : 'once', answer, false));
  return buildInvoice({
    id: asId<'Invoice'>('inv-1') as InvoiceId, practiceId: asId('pr1'), clientId: asId('c1'), kind: 'upfront', proposal: null, issueDate: '2026-04-01',
    terms: { manualDays: 14, automaticDays: 14 }, currency: 'GBP', lines, createdAt: at,
  }, lines.some((l) => l.hold) ? null : 1);
};
const schedules = [payroll, hourly, range];
const offeringOf = (l: InvoiceLine): PricedLine => schedules.find((s) => s.id === l.scheduleId)!.line;
const moved: SmartBillingAnswer = { kind: 'hold', reason: 'moved-too-much', suggested: 14, evidence: { count: 14, at, source: 'gusto' }, lastBilled: { quantity: 10, at } };

describe('approving a held invoice', () => {
  it("confirms Gusto's count with no figure, keeping its evidence", () => {
    const result = confirmHeld(invoiceOf([payroll, moved]), {}, offeringOf);

    expect(result).toMatchObject({ ok: true, value: { status: 'held', lines: [{ quantity: 14, amounts: { net: 21000 }, headcount: { count: 14 } }], totals: { net: 21000 } } });
    expect(result.ok && result.value.lines[0]!.hold).toBeUndefined();
  });

  it('bills the quantity a person typed instead, with no Gusto evidence for it', () => {
    const result = confirmHeld(invoiceOf([payroll, moved]), { quantity: 11 }, offeringOf);

    expect(result).toMatchObject({ ok: true, value: { lines: [{ quantity: 11, amounts: { net: 16500, vat: 3300 } }] } });
    expect(result.ok && result.value.lines[0]!.headcount).toBeUndefined();
  });

  it('asks for a quantity when Gusto gave no count', () => {
    const unreachable = invoiceOf([payroll, { kind: 'hold', reason: 'gusto-unreachable', lastBilled: { quantity: 10, at } }]);

    expect(confirmHeld(unreachable, {}, offeringOf)).toEqual({ ok: false, error: { kind: 'quantity-needed', line: 'Payroll' } });
    expect(confirmHeld(unreachable, { quantity: 10 }, offeringOf)).toMatchObject({ ok: true, value: { lines: [{ quantity: 10 }] } });
  });

  it('confirms an hourly estimate as it stands or with the hours worked, and needs the amount of a range', () => {
    expect(confirmHeld(invoiceOf([hourly, null]), {}, offeringOf)).toMatchObject({ ok: true, value: { lines: [{ quantity: 3, amounts: { net: 27000 } }] } });
    expect(confirmHeld(invoiceOf([hourly, null]), { quantity: 4.5 }, offeringOf)).toMatchObject({ ok: true, value: { lines: [{ quantity: 4.5, amounts: { net: 40500 } }] } });
    expect(confirmHeld(invoiceOf([range, null]), {}, offeringOf)).toEqual({ ok: false, error: { kind: 'amount-needed', line: 'Audit', low: 60000, high: 90000 } });
    expect(confirmHeld(invoiceOf([range, null]), { amount: 72500 }, offeringOf))
      .toMatchObject({ ok: true, value: { lines: [{ quantity: 1, unitPrice: 72500, amounts: { net: 72500, vat: 14500, gross: 87000 } }] } });
  });

  it('takes an amount for one line only, so with two lines waiting it asks which, and confirms that line alone', () => {
    const both = invoiceOf([hourly, null], [range, null]);

    const unsure = confirmHeld(both, { amount: 70000 }, offeringOf);
    const one = confirmHeld(both, { amount: 70000, line: 2 }, offeringOf);

    expect(unsure).toEqual({ ok: false, error: { kind: 'which-line', held: [{ position: 1, name: 'Tax advice' }, { position: 2, name: 'Audit' }] } });
    expect(one).toMatchObject({ ok: true, value: { status: 'held', lines: [{ hold: { kind: 'confirm-amount' } }, { amounts: { net: 70000 } }] } });
    expect(confirmHeld(both, { line: 3 }, offeringOf)).toMatchObject({ ok: false, error: { kind: 'no-such-line', line: 3 } });
  });

  it('refuses a figure it cannot bill, and an invoice that is not held', () => {
    expect(confirmHeld(invoiceOf([payroll, moved]), { quantity: -1 }, offeringOf)).toMatchObject({ ok: false, error: { kind: 'invalid-figure', line: 'Payroll' } });
    expect(confirmHeld(invoiceOf([payroll, moved]), { amount: 10.5 }, offeringOf)).toMatchObject({ ok: false, error: { kind: 'invalid-figure' } });
    expect(confirmHeld(invoiceOf([payroll, null]), {}, offeringOf)).toEqual({ ok: false, error: { kind: 'not-held', status: 'issued', number: 1 } });
  });
});

describe('skipping a held invoice', () => {
  it('marks it skipped, and refuses one that is not held', () => {
    const held = invoiceOf([payroll, moved]);

    expect(skipHeld(held)).toEqual({ ok: true, value: { ...held, status: 'skipped' } });
    expect(skipHeld(invoiceOf([payroll, null]))).toMatchObject({ ok: false, error: { kind: 'not-held', status: 'issued' } });
  });
});
