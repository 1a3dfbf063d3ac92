import { invoiceNumberText, type Invoice } from '../../domain/invoicing/invoice.js';
import { reference } from '../../domain/proposals/proposal.js';
import { formatMoney, money } from '../../domain/shared/money.js';
import { card, type Card } from '../cards.js';
import { proposalThread } from '../threads.js';

/**
 * `invoice.deployed`: an invoice of an accepted proposal is in the ledger. It replies in the proposal's
 * thread and links to the invoice where the ledger keeps it. Null for an invoice no proposal made (an
 * instant bill): it has no thread to continue, and the ledger's own list shows it.
 */
export const invoiceDeployedCard = (invoice: Invoice, appName: string, client: string): Card | null => {
  if (!invoice.proposal || !invoice.ledger) return null;
  const ours = invoiceNumberText(invoice.number ?? 0);
  const theirs = invoice.ledger.number || invoice.ledger.id;
  return card(`${ours} for ${client} is in ${appName} as ${theirs}`, {
    tone: 'success',
    text: `The invoice for ${reference(invoice.proposal)} reached ${appName}: ${formatMoney(money(invoice.totals.gross, invoice.currency))} including VAT, ` +
      `dated ${invoice.issueDate}, due ${invoice.dueDate}. ${appName} sends it and tracks its payment from here.`,
    buttons: [{ label: 'Show invoice', command: `invoice show ${ours}`, style: 'primary' }, { label: 'View proposal', command: `proposal show ${reference(invoice.proposal)}` }],
    ...(invoice.ledger.url ? { links: [{ label: `Open ${theirs} in ${appName}`, url: invoice.ledger.url }] } : {}),
    visibility: 'channel',
    thread: proposalThread(invoice.proposal.id),
  });
};
