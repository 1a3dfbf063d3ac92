import type { ScheduleId } from '../../domain/billing/schedule.js';
import type { Invoice, InvoiceId, InvoiceLine } from '../../domain/invoicing/invoice.js';
import type { ProposalId } from '../../domain/proposals/proposal.js';
import { asId } from '../../domain/shared/ids.js';
import { vat20 } from './proposals.js';

/** A month of bookkeeping from schedule s1: £250.00 plus VAT. */
export const invoiceLine = (over: Partial<InvoiceLine> = {}): InvoiceLine => ({
  scheduleId: 's1' as ScheduleId, period: '2026-03-01', name: 'Bookkeeping', description: 'Monthly bookkeeping.',
  quantity: 1, unitPrice: 25000, amounts: { net: 25000, vat: 5000, gross: 30000 }, taxRate: vat20, ...over,
});

/** A held recurring invoice of practice pr1 for client c1, from proposal 7, with one line; totals follow the lines. */
export const invoice = (over: Partial<Invoice> = {}): Invoice => {
  const lines = over.lines ?? [invoiceLine()];
  const sum = (k: 'net' | 'vat' | 'gross') => lines.reduce((total, l) => total + l.amounts[k], 0);
  return {
    id: 'i1' as InvoiceId, practiceId: asId('pr1'), clientId: asId('c1'), number: null, status: 'held', kind: 'recurring',
    proposal: { id: 'p1' as ProposalId, number: 7 }, issueDate: '2026-03-01', dueDate: '2026-03-31', currency: 'GBP',
    totals: { net: sum('net'), vat: sum('vat'), gross: sum('gross') }, createdAt: new Date('2026-03-01T06:00:00Z'), issuedAt: null,
    ledger: null, ...over, lines,
  };
};
