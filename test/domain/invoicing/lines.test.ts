import { describe, expect, it } from 'vitest';
import type { SmartBillingAnswer } from '../../../domain/billing/smart-billing.js';
import { instantLine, scheduleLine } from '../../../domain/invoicing/lines.js';
import type { Offering } from '../../../domain/proposals/service.js';
import { line, monthlyLine, vat20 } from '../../builders/proposals.js';
import { completionSchedule, recurringSchedule, upfrontSchedule } from '../../builders/schedules.js';

const payroll = monthlyLine({ name: 'Payroll', price: { kind: 'per-unit', unitLabel: 'employee', unitPrice: 1999 }, quantity: 8 });
const at = new Date('2026-04-01T06:00:00Z');
const lastMonth = { quantity: 10, at: new Date('2026-03-01T06:00:00Z') };

describe('invoice lines from billing schedules', () => {
  it('prices VAT-exclusive lines by the rounding rule: per line, half away from zero', () => {
    const standard = scheduleLine(recurringSchedule({}, { ...payroll, quantity: 3 }), '2026-04-01', null, false);
    const reduced = scheduleLine(upfrontSchedule({}, line({ price: { kind: 'fixed', amount: 1010 }, taxRate: { code: 'reduced', name: 'VAT 5%', basisPoints: 500 } })), 'once', null, false);

    expect(standard).toMatchObject({ quantity: 3, unitPrice: 1999, amounts: { net: 5997, vat: 1199, gross: 7196 }, taxRate: vat20 });
    expect(reduced.amounts).toEqual({ net: 1010, vat: 51, gross: 1061 });
  });

  it('keeps the gross a VAT-inclusive price was typed as, taking the VAT out of it', () => {
    const inclusive = scheduleLine(upfrontSchedule({}, line({ price: { kind: 'fixed', amount: 1000 }, taxMode: 'inclusive' })), 'once', null, false);

    expect(inclusive.amounts).toEqual({ net: 833, vat: 167, gross: 1000 });
  });

  it("bills Gusto's count with its evidence when Smart Billing says bill", () => {
    const answer: SmartBillingAnswer = { kind: 'bill', quantity: 11, evidence: { count: 11, at, source: 'gusto' } };

    const billed = scheduleLine(recurringSchedule({}, payroll), '2026-04-01', answer, false);

    expect(billed).toMatchObject({ quantity: 11, amounts: { net: 21989 }, headcount: { count: 11, at } });
    expect(billed.hold).toBeUndefined();
  });

  it('holds for approval with the reason, the count it would bill and what was billed last', () => {
    const moved: SmartBillingAnswer = { kind: 'hold', reason: 'moved-too-much', suggested: 14, evidence: { count: 14, at, source: 'gusto' }, lastBilled: lastMonth };
    const unreachable: SmartBillingAnswer = { kind: 'hold', reason: 'gusto-unreachable', lastBilled: lastMonth };

    const held = scheduleLine(recurringSchedule({}, payroll), '2026-04-01', moved, false);
    const waiting = scheduleLine(recurringSchedule({}, payroll), '2026-04-01', unreachable, false);

    expect(held).toMatchObject({ quantity: 14, hold: { kind: 'headcount', reason: 'moved-too-much', suggested: 14, lastBilled: lastMonth, evidence: { count: 14 } } });
    expect(held.headcount).toBeUndefined();
    expect(waiting).toMatchObject({ quantity: 10, hold: { kind: 'headcount', reason: 'gusto-unreachable', lastBilled: lastMonth } });
  });

  it('bills the accepted quantity when Smart Billing gives no answer (off, or the Labs switch is off)', () => {
    expect(scheduleLine(recurringSchedule({}, payroll), '2026-04-01', null, false)).toMatchObject({ quantity: 8, amounts: { net: 15992 } });
  });

  it('holds an hourly or range estimate for a person to confirm, with its low and high as prices are entered', () => {
    const hourly = completionSchedule({ status: 'due', completedOn: '2026-05-01' }, line({ billing: { kind: 'on-completion' }, price: { kind: 'hourly', hourlyRate: 9000 }, quantity: 4 }));
    const range = upfrontSchedule({}, line({ price: { kind: 'range', min: 60000, max: 90000 }, taxMode: 'inclusive' }));

    expect(scheduleLine(hourly, 'once', null, false).hold).toEqual({ kind: 'confirm-amount', low: 36000, high: 36000 });
    expect(scheduleLine(range, 'once', null, false)).toMatchObject({ hold: { kind: 'confirm-amount', low: 60000, high: 90000 }, amounts: { gross: 60000 } });
  });

  it('carries the description as plain text only when the practice includes descriptions, and the ledger account', () => {
    const described = upfrontSchedule({}, line({ description: 'Your **statutory** accounts.\n\n- Filing', ledgerAccount: '4000' }));

    expect(scheduleLine(described, 'once', null, true)).toMatchObject({ description: 'Your statutory accounts.\n\n- Filing', ledgerAccount: '4000', name: 'Year-end accounts' });
    expect(scheduleLine(described, 'once', null, false).description).toBe('');
  });
});

describe('an instant bill line from a library service', () => {
  const service = (over: Partial<Offering>): Offering => {
    const { id: _id, section: _s, quantity: _q, ...offering } = line(over);
    return offering;
  };

  it('bills the service at its price, or at a typed price and quantity', () => {
    expect(instantLine(service({}), {}, false)).toMatchObject({ ok: true, value: { scheduleId: null, period: 'once', quantity: 1, amounts: { net: 100000, gross: 120000 } } });
    expect(instantLine(service({ price: { kind: 'per-unit', unitLabel: 'return', unitPrice: 15000 } }), { quantity: 3, price: 12000 }, false))
      .toMatchObject({ ok: true, value: { quantity: 3, unitPrice: 12000, amounts: { net: 36000 } } });
  });

  it('needs a price for a range, and refuses an included service or a quantity it cannot price', () => {
    const range = service({ name: 'Advisory', price: { kind: 'range', min: 50000, max: 80000 } });

    expect(instantLine(range, {}, false)).toEqual({ ok: false, error: { kind: 'price-needed', service: 'Advisory', low: 50000, high: 80000 } });
    expect(instantLine(range, { price: 65000 }, false)).toMatchObject({ ok: true, value: { amounts: { net: 65000 } } });
    expect(instantLine(service({ included: true }), {}, false)).toMatchObject({ ok: false, error: { kind: 'included-service' } });
    expect(instantLine(service({}), { quantity: 1.2345 }, false)).toMatchObject({ ok: false, error: { kind: 'invalid-figure', reason: expect.stringContaining('3 decimal places') } });
  });
});
