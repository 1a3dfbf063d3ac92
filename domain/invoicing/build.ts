import { noAmounts, type Amounts } from '../proposals/pricing.js';
import type { ProposalId } from '../proposals/proposal.js';
import type { CalendarDate } from '../shared/calendar.js';
import type { ClientId, PracticeId } from '../shared/ids.js';
import type { Invoice, InvoiceId, InvoiceKind, InvoiceLine } from './invoice.js';
import { dueDate, type InvoiceTerms } from './terms.js';

export type InvoiceInput = {
  readonly id: InvoiceId;
  readonly practiceId: PracticeId;
  readonly clientId: ClientId;
  readonly kind: InvoiceKind;
  readonly proposal: { readonly id: ProposalId; readonly number: number } | null;
  readonly issueDate: CalendarDate;
  readonly terms: InvoiceTerms;
  readonly currency: string;
  readonly lines: readonly InvoiceLine[];
  readonly createdAt: Date;
};

/** Totals are sums of the rounded lines, never rounded again (THE ROUNDING RULE, step 4). */
export const sumLines = (lines: readonly InvoiceLine[]): Amounts =>
  lines.reduce((t, l) => ({ net: t.net + l.amounts.net, vat: t.vat + l.amounts.vat, gross: t.gross + l.amounts.gross }), noAmounts);

/** True while any line waits for a person: such an invoice is held and has no number. */
export const isHeld = (lines: readonly InvoiceLine[]): boolean => lines.some((l) => l.hold);

/**
 * A new invoice: held (no number) when any line waits for a person, otherwise issued with `number`.
 * Asking to issue without a number, or to number a held invoice, is a bug in the caller.
 */
export const buildInvoice = (i: InvoiceInput, number: number | null): Invoice => {
  const held = isHeld(i.lines);
  if (held !== (number === null)) throw new RangeError(held ? 'a held invoice has no number yet' : 'an issued invoice needs a number');
  return {
    id: i.id, practiceId: i.practiceId, clientId: i.clientId, number, status: held ? 'held' : 'issued', kind: i.kind, proposal: i.proposal,
    issueDate: i.issueDate, dueDate: dueDate(i.kind, i.issueDate, i.terms), currency: i.currency, lines: i.lines, totals: sumLines(i.lines),
    createdAt: i.createdAt, issuedAt: held ? null : i.createdAt, ledger: null,
  };
};

/** The same invoice with other lines, its totals summed again. */
export const withLines = (inv: Invoice, lines: readonly InvoiceLine[]): Invoice => ({ ...inv, lines, totals: sumLines(lines) });

/** A held invoice whose every line is now confirmed, numbered and issued. Its dates stay those of its period. */
export const issueHeld = (inv: Invoice, number: number, at: Date): Invoice => {
  if (inv.status !== 'held' || isHeld(inv.lines)) throw new RangeError('only a held invoice with every line confirmed can be issued');
  return { ...inv, status: 'issued', number, issuedAt: at };
};
