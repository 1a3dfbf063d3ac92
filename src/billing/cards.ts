import { heldLines } from '../../domain/invoicing/approval.js';
import { invoiceNumberText, type Invoice, type InvoiceLine, type LineHold } from '../../domain/invoicing/invoice.js';
import type { HoldReason } from '../../domain/billing/smart-billing.js';
import { priceLine, type PricedLine } from '../../domain/proposals/pricing.js';
import { reference } from '../../domain/proposals/proposal.js';
import { formatMoney, money } from '../../domain/shared/money.js';
import { plural } from '../../domain/shared/plural.js';
import { card, errorCard, type Button, type Card, type Field, type Row } from '../cards.js';
import { formatDate, formatDateTime } from '../format.js';
import { explainInvoiceError, type InvoiceError } from './errors.js';

/** What a held invoice's card needs beyond the invoice. */
export type HeldContext = {
  readonly clientName: string;
  readonly timeZone: string;
  /** The accepted line a held line bills (its schedule's), to price it either way; undefined when unknown. */
  readonly offeringOf: (line: InvoiceLine) => PricedLine | undefined;
};

/** An invoice the run raised, with its client's name for the cards. */
export type RaisedInvoice = { readonly invoice: Invoice; readonly clientName: string };
export type RunReport = { readonly issued: readonly RaisedInvoice[]; readonly held: readonly RaisedInvoice[]; readonly skipped: number };

const amountIn = (currency: string) => (minor: number): string => formatMoney(money(minor, currency));
const titleOf = (inv: Invoice): string => (inv.number === null ? 'held invoice' : invoiceNumberText(inv.number));
const forWhat = (inv: Invoice): string => (inv.proposal ? ` (${reference(inv.proposal)})` : '');

const whyHeld = (reason: HoldReason, hold: Extract<LineHold, { kind: 'headcount' }>, clientName: string): string => ({
  'gusto-unreachable': 'Gusto could not be reached when the invoice was made, so there is no count for this period.',
  'needs-reconnect': 'The Gusto connection needs reconnecting, so the count could not be read.',
  'not-linked': `${clientName} is not linked to a Gusto company, so there is no count to bill.`,
  disconnected: `${clientName}'s Gusto company was disconnected, so its count can't be read until an admin connects it again.`,
  'moved-too-much': `The count moved from ${hold.lastBilled?.quantity ?? '?'} to ${hold.suggested ?? '?'} since the last invoice, more than Smart Billing bills without a person's approval.`,
} satisfies Record<HoldReason, string>)[reason];

type LinePanel = { readonly text: string; readonly fields: Field[]; readonly buttons: Button[] };

/** The facts and buttons for one waiting line; `line=N` is added when several lines wait. */
const panelFor = (inv: Invoice, line: InvoiceLine, position: number | null, ctx: HeldContext): LinePanel => {
  const hold = line.hold!;
  const m = amountIn(inv.currency);
  const approve = `invoice approve ${inv.id}${position === null ? '' : ` line=${position}`}`;
  const offering = ctx.offeringOf(line);
  const grossAt = (quantity: number) => (offering ? m(priceLine({ ...offering, quantity }).low.gross) : null);
  if (hold.kind === 'confirm-amount') {
    const single = hold.low === hold.high;
    const basis = offering?.taxMode === 'inclusive' ? 'incl. VAT' : 'before VAT';
    return {
      text: `${line.name} is priced as an estimate, so its figure is confirmed before the invoice goes out.`,
      fields: [{ label: 'Service', value: line.name }, { label: `Estimate (${basis})`, value: single ? m(hold.low) : `${m(hold.low)}–${m(hold.high)}` }],
      buttons: [...(single ? [{ label: `Confirm ${m(hold.low)}`, command: approve, style: 'primary' as const }] : []), { label: 'Edit amount', command: `${approve} amount=` }],
    };
  }
  const last = hold.lastBilled, count = hold.evidence;
  const either = [
    ...(last && grossAt(last.quantity) ? [{ label: `Amount at ${last.quantity} (last billed)`, value: grossAt(last.quantity)! }] : []),
    ...(count && grossAt(count.count) ? [{ label: `Amount at ${count.count} (Gusto's count)`, value: grossAt(count.count)! }] : []),
  ];
  return {
    text: whyHeld(hold.reason, hold, ctx.clientName),
    fields: [
      { label: 'Service', value: line.name },
      { label: 'Last billed', value: last ? `${last.quantity} on ${formatDate(last.at, ctx.timeZone)}` : 'not billed before' },
      { label: "Gusto's count", value: count ? `${count.count} at ${formatDateTime(count.at, ctx.timeZone)}` : 'none' },
      ...either,
    ],
    buttons: [
      ...(hold.suggested !== undefined ? [{ label: `Approve ${hold.suggested}`, command: approve, style: 'primary' as const }] : []),
      { label: 'Edit quantity', command: `${approve} qty=` },
    ],
  };
};

/**
 * Posted to the channel when an invoice waits for a person: why, the figures either way, and the
 * buttons that approve, edit or skip it. One waiting line fills the card; several get a row each.
 */
export const heldCard = (inv: Invoice, ctx: HeldContext): Card => {
  const held = heldLines(inv);
  const panels = held.map((h) => ({ name: h.name, panel: panelFor(inv, inv.lines[h.position - 1]!, held.length > 1 ? h.position : null, ctx) }));
  const skip: Button[] = inv.lines.some((l) => l.hold?.kind === 'headcount') ? [{ label: 'Skip this period', command: `invoice skip ${inv.id}`, style: 'danger' }] : [];
  const intro = `The ${inv.kind} invoice for ${ctx.clientName}${forWhat(inv)} dated ${inv.issueDate} waits for you before it is numbered and sent.`;
  const only = panels.length === 1 ? panels[0]!.panel : null;
  return card(`Invoice held: ${ctx.clientName}${only ? ` · ${panels[0]!.name}` : ''}`, {
    tone: 'warning',
    text: only ? `${intro}\n${only.text}` : intro,
    fields: [{ label: 'Client', value: ctx.clientName }, ...(only ? only.fields : []), { label: 'Invoice total so far', value: amountIn(inv.currency)(inv.totals.gross) }],
    ...(only ? {} : { rows: panels.map(({ name, panel }): Row => ({ title: name, text: panel.text, fields: panel.fields, buttons: panel.buttons })) }),
    buttons: [...(only ? only.buttons : []), ...skip],
  });
};

/** An invoice issued (by approval or an instant bill). */
export const issuedCard = (inv: Invoice, clientName: string): Card => card(`${titleOf(inv)} issued to ${clientName}${forWhat(inv)}`, {
  tone: 'success',
  fields: [
    { label: 'Total', value: amountIn(inv.currency)(inv.totals.gross) }, { label: 'Dated', value: inv.issueDate }, { label: 'Due', value: inv.dueDate },
    { label: 'Lines', value: inv.lines.map((l) => `${l.name} × ${l.quantity}`).join('\n') },
  ],
});

export const skippedCard = (inv: Invoice, clientName: string): Card => card(`Skipped: the ${inv.kind} invoice for ${clientName} dated ${inv.issueDate}`, {
  tone: 'success', text: 'Nothing is billed for this period, and it will not be billed again.',
});

export const invoiceErrorCard = (e: InvoiceError, currency: string): Card => errorCard('Invoice not changed', explainInvoiceError(e, amountIn(currency)));

const reportRow = ({ invoice: inv, clientName }: RaisedInvoice): Row => ({
  title: `${inv.number === null ? 'Held' : invoiceNumberText(inv.number)} · ${clientName}${forWhat(inv)}`,
  text: `${amountIn(inv.currency)(inv.totals.gross)} · dated ${inv.issueDate}${inv.number === null ? ' · waits for approval (see its card)' : ` · due ${inv.dueDate}`}`,
});

/** The `billing run` answer: what was issued and held, at most 20 rows. */
export const runReportCard = (r: RunReport): Card => {
  const all = [...r.issued, ...r.held];
  return card(all.length ? `Billing run: ${plural(r.issued.length, 'invoice')} issued, ${r.held.length} held` : 'Billing run: nothing to bill', {
    tone: r.held.length ? 'warning' : 'success',
    ...(all.length ? { rows: all.slice(0, 20).map(reportRow) } : { text: 'Every charge due so far is already on an invoice.' }),
    ...(all.length > 20 || r.skipped ? { footer: [all.length > 20 ? `and ${all.length - 20} more` : '', r.skipped ? `${plural(r.skipped, 'invoice')} already made by another run` : ''].filter(Boolean).join(' · ') } : {}),
  });
};
