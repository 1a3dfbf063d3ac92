import { invoiceNumberText, type Invoice } from '../../domain/invoicing/invoice.js';
import type { OutboxEntry } from '../../domain/outbox/entry.js';
import { reference } from '../../domain/proposals/proposal.js';
import { formatMoney, money } from '../../domain/shared/money.js';
import { card, type Button, type Card, type Row } from '../cards.js';

/** Where an invoice stands with the ledger: its outbox row (if it was ever owed there) and the ledger's name. */
export type LedgerState = { readonly appName: string; readonly appId: string; readonly row: OutboxEntry | null };

const amount = (inv: Invoice, minor: number) => formatMoney(money(minor, inv.currency));

export const invoiceName = (inv: Invoice): string => (inv.number === null ? `held invoice ${inv.id}` : invoiceNumberText(inv.number));

/** Our number, linked to the invoice in the ledger once it is there. */
export const linkedNumber = (inv: Invoice): string =>
  inv.ledger?.url ? `<${inv.ledger.url}|${invoiceName(inv)}>` : invoiceName(inv);

/** One line on where the invoice is: waiting, skipped, kept here, sending, in the ledger, or failed there. */
export const whereItIs = (inv: Invoice, ledger: LedgerState | null): string => {
  if (inv.status === 'held') return 'Waiting for approval (see its card in the billing channel)';
  if (inv.status === 'skipped') return 'Skipped: nothing billed for this period';
  if (inv.ledger) return `In ${ledger?.appName ?? inv.ledger.app} as ${inv.ledger.number}`;
  if (!ledger?.row) return ledger ? `Kept here only (${ledger.appName} is not enabled, or Create invoices is off for this client)` : 'Kept here only (no ledger is connected)';
  if (ledger.row.status === 'failed') return `Not in ${ledger.appName}: ${ledger.row.lastError ?? 'the write was given up'}`;
  return `Being sent to ${ledger.appName}${ledger.row.attempts > 1 ? ` (try ${ledger.row.attempts})` : ''}`;
};

const actions = (inv: Invoice, ledger: LedgerState | null): Button[] => [
  ...(inv.status === 'held' ? [{ label: 'Approve', command: `invoice approve ${inv.id}`, style: 'primary' as const }, { label: 'Skip', command: `invoice skip ${inv.id}`, style: 'danger' as const }] : []),
  ...(ledger?.row?.status === 'failed' ? [{ label: 'Retry', command: `invoice retry ${invoiceName(inv)}`, style: 'primary' as const }, { label: 'Open settings', command: `${ledger.appId} settings` }] : []),
];

/** `invoice show N`: the invoice in full, with where it is in the ledger and what can be done. */
export const invoiceCard = (inv: Invoice, clientName: string, ledger: LedgerState | null): Card => card(`${invoiceName(inv)} · ${clientName}`, {
  tone: ledger?.row?.status === 'failed' ? 'error' : inv.status === 'held' ? 'warning' : 'info',
  text: `${linkedNumber(inv)}: ${whereItIs(inv, ledger)}.`,
  fields: [
    { label: 'Kind', value: `${inv.kind}${inv.proposal ? ` (${reference(inv.proposal)})` : ''}` },
    { label: 'Dated', value: inv.issueDate }, { label: 'Due', value: inv.dueDate },
    { label: 'Net', value: amount(inv, inv.totals.net) }, { label: 'VAT', value: amount(inv, inv.totals.vat) }, { label: 'Total', value: amount(inv, inv.totals.gross) },
  ],
  rows: inv.lines.map((l): Row => ({
    title: l.name,
    text: `${l.quantity} × ${amount(inv, l.unitPrice)} · net ${amount(inv, l.amounts.net)} · ${l.taxRate.name} ${amount(inv, l.amounts.vat)}` +
      (l.headcount ? ` · ${l.headcount.count} active employees counted ${l.headcount.at.toISOString().slice(0, 10)}` : ''),
  })),
  ...(inv.ledger?.url ? { links: [{ label: `${inv.ledger.number} in ${ledger?.appName ?? inv.ledger.app}`, url: inv.ledger.url }] } : {}),
  buttons: [...actions(inv, ledger), { label: 'Invoices', command: 'invoices' }],
});

/** `invoices …`: newest first, each with its total and where it is. */
export const invoiceListCard = (title: string, items: readonly { invoice: Invoice; clientName: string; ledger: LedgerState | null }[], empty: string): Card =>
  card(title, {
    tone: 'info',
    ...(items.length ? {
      rows: items.map(({ invoice: inv, clientName, ledger }): Row => ({
        title: `${invoiceName(inv)} · ${clientName}`,
        text: `${linkedNumber(inv)} · ${amount(inv, inv.totals.gross)} · dated ${inv.issueDate} · ${whereItIs(inv, ledger)}`,
        buttons: [{ label: 'Show', command: `invoice show ${inv.number === null ? inv.id : invoiceName(inv)}` }, ...actions(inv, ledger)],
      })),
    } : { text: empty }),
    buttons: [{ label: 'Bill now', command: 'billing run' }],
  });

/** The daily digest: invoices still not in the ledger, so a failure nobody acted on is not forgotten. */
export const digestCard = (appName: string, appId: string, failed: readonly { reference: string; client: string; row: OutboxEntry }[]): Card => card(`${failed.length === 1 ? '1 invoice is' : `${failed.length} invoices are`} still not in ${appName}`, {
  tone: 'error',
  text: `Each was refused by ${appName} or could not reach it, and waits for a person. Fix what each says, then press Retry: the same invoice is sent, never a second one.`,
  rows: failed.slice(0, 20).map(({ reference: ref, client, row }) => ({
    title: `${ref} · ${client}`,
    text: row.lastError ?? 'given up',
    buttons: [{ label: 'Retry', command: `retry-write ${row.id}`, style: 'primary' as const }, { label: 'View invoice', command: `invoice show ${ref}` }],
  })),
  buttons: [{ label: 'Open settings', command: `${appId} settings` }],
  ...(failed.length > 20 ? { footer: `and ${failed.length - 20} more: \`invoices failed\` lists them all` } : {}),
  visibility: 'channel',
});
