import { describe, expect, it } from 'vitest';
import type { BillingSchedule, ScheduleId } from '../../../domain/billing/schedule.js';
import type { SmartBillingAnswer } from '../../../domain/billing/smart-billing.js';
import { buildInvoice } from '../../../domain/invoicing/build.js';
import type { Invoice, InvoiceId } from '../../../domain/invoicing/invoice.js';
import { scheduleLine } from '../../../domain/invoicing/lines.js';
import type { ProposalId } from '../../../domain/proposals/proposal.js';
import { asId } from '../../../domain/shared/ids.js';
import { heldCard, runReportCard } from '../../../src/billing/cards.js';
import { line, monthlyLine } from '../../builders/proposals.js';
import { recurringSchedule, upfrontSchedule } from '../../builders/schedules.js';

const at = new Date('2026-04-01T05:00:00Z');
const payroll = recurringSchedule({ id: 'pay' as ScheduleId }, monthlyLine({ name: 'Payroll', price: { kind: 'per-unit', unitLabel: 'employee', unitPrice: 1500 }, quantity: 8 }));
const pensions = recurringSchedule({ id: 'pen' as ScheduleId }, monthlyLine({ name: 'Pensions', price: { kind: 'per-unit', unitLabel: 'employee', unitPrice: 500 }, quantity: 8 }));
const audit = upfrontSchedule({ id: 'audit' as ScheduleId }, line({ name: 'Audit', price: { kind: 'range', min: 60000, max: 90000 }, taxMode: 'inclusive' }));

const invoiceOf = (kind: Invoice['kind'], number: number | null, ...parts: [BillingSchedule, SmartBillingAnswer | null][]): Invoice => buildInvoice({
  id: asId<'Invoice'>('inv-7') as InvoiceId, practiceId: asId('pr1'), clientId: asId('c1'), kind, proposal: { id: asId<'Proposal'>('p1') as ProposalId, number: 3 },
  issueDate: '2026-04-01', terms: { manualDays: 14, automaticDays: 14 }, currency: 'GBP', createdAt: at,
  lines: parts.map(([s, a]) => scheduleLine(s, s.kind === 'recurring' ? '2026-04-01' : 'once', a, false)),
}, number);
const ctx = { clientName: 'Acme Ltd', timeZone: 'Europe/London', offeringOf: () => undefined };

describe('the held invoice card', () => {
  it('gives each waiting line its own row and buttons naming the line, with one Skip for the period', () => {
    const unreachable: SmartBillingAnswer = { kind: 'hold', reason: 'gusto-unreachable', lastBilled: { quantity: 9, at } };

    const card = heldCard(invoiceOf('recurring', null, [payroll, unreachable], [pensions, unreachable]), ctx);

    expect(card.title).toBe('Invoice held: Acme Ltd');
    expect(card.text).toBe('The recurring invoice for Acme Ltd (P-3) dated 2026-04-01 waits for you before it is numbered and sent.');
    expect(card.rows!.map((r) => [r.title, r.text, r.buttons!.map((b) => b.command)])).toEqual([
      ['Payroll', 'Gusto could not be reached when the invoice was made, so there is no count for this period.', ['invoice approve inv-7 line=1 qty=']],
      ['Pensions', 'Gusto could not be reached when the invoice was made, so there is no count for this period.', ['invoice approve inv-7 line=2 qty=']],
    ]);
    expect(card.buttons).toEqual([{ label: 'Skip this period', command: 'invoice skip inv-7', style: 'danger' }]);
  });

  it('shows a range estimate as typed (VAT included here) and offers only to enter the amount', () => {
    const card = heldCard(invoiceOf('upfront', null, [audit, null]), { ...ctx, offeringOf: () => audit.line });

    expect(card.fields).toEqual([
      { label: 'Client', value: 'Acme Ltd' }, { label: 'Service', value: 'Audit' }, { label: 'Estimate (incl. VAT)', value: '£600.00–£900.00' },
      { label: 'Invoice total so far', value: '£600.00' },
    ]);
    expect(card.buttons).toEqual([{ label: 'Edit amount', command: 'invoice approve inv-7 amount=' }]);
  });
});

describe('the billing run card', () => {
  it('lists what was issued and held, and notes charges another run had already made', () => {
    const issued = invoiceOf('recurring', 42, [payroll, null]);
    const held = invoiceOf('upfront', null, [audit, null]);

    const card = runReportCard({ issued: [{ invoice: issued, clientName: 'Acme Ltd' }], held: [{ invoice: held, clientName: 'Acme Ltd' }], skipped: 2 });

    expect(card).toMatchObject({ title: 'Billing run: 1 invoice issued, 1 held', tone: 'warning', footer: '2 invoices already made by another run' });
    expect(card.rows!.map((r) => [r.title, r.text])).toEqual([
      ['INV-0042 · Acme Ltd (P-3)', '£144.00 · dated 2026-04-01 · due 2026-04-15'],
      ['Held · Acme Ltd (P-3)', '£600.00 · dated 2026-04-01 · waits for approval (see its card)'],
    ]);
    expect(runReportCard({ issued: [], held: [], skipped: 0 })).toMatchObject({ title: 'Billing run: nothing to bill', text: 'Every charge due so far is already on an invoice.' });
  });
});
