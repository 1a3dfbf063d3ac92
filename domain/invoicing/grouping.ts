import type { ProposalId } from '../proposals/proposal.js';
import type { CalendarDate } from '../shared/calendar.js';
import type { ClientId, PracticeId } from '../shared/ids.js';
import type { DueCharge } from './charges.js';
import type { InvoiceKind } from './invoice.js';

/** Charges that go out on one invoice: one client, one proposal, one invoice date, one kind of billing. */
export type ChargeGroup = {
  readonly practiceId: PracticeId;
  readonly clientId: ClientId;
  readonly proposal: { readonly id: ProposalId; readonly number: number };
  readonly invoiceDate: CalendarDate;
  readonly kind: Exclude<InvoiceKind, 'instant'>;
  /** One per schedule, in the order the charges came. */
  readonly charges: readonly DueCharge[];
};

/**
 * Groups due charges into invoices: the monthly bookkeeping and payroll of one proposal, due the same
 * day, make one invoice with two lines, while a one-off fee due that day makes another. Groups keep
 * the order of their first charge, so oldest-first charges give oldest-first invoices.
 */
export const groupCharges = (due: readonly DueCharge[]): ChargeGroup[] => {
  const groups = new Map<string, ChargeGroup>();
  for (const d of due) {
    const s = d.schedule;
    const key = JSON.stringify([s.practiceId, s.clientId, s.proposalId, d.charge.invoiceDate, s.kind]);
    const group = groups.get(key);
    groups.set(key, group ? { ...group, charges: [...group.charges, d] } : {
      practiceId: s.practiceId, clientId: s.clientId, proposal: { id: s.proposalId, number: s.proposalNumber },
      invoiceDate: d.charge.invoiceDate, kind: s.kind, charges: [d],
    });
  }
  return [...groups.values()];
};
