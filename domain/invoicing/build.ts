import { noAmounts, type Amounts } from '../proposals/pricing.js';
import type { Invoice, InvoiceLine } from './invoice.js';
import { dueDate, type InvoiceTerms } from './terms.js';

/** What an invoice is made from: its own facts, and the terms that give its due date. */
export type InvoiceInput = Pick<Invoice, 'id' | 'practiceId' | 'clientId' | 'kind' | 'proposal' | 'issueDate' | 'currency' | 'lines' | 'createdAt'> & {
  readonly terms: InvoiceTerms;
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
