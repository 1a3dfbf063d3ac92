import type { InvoiceActionError } from '../../domain/invoicing/approval.js';
import { invoiceNumberText } from '../../domain/invoicing/invoice.js';
import type { InstantLineError } from '../../domain/invoicing/lines.js';

export type InvoiceError =
  | InvoiceActionError
  | InstantLineError
  | { readonly kind: 'not-found'; readonly what: 'invoice' | 'client' | 'service'; readonly ref: string; readonly hint?: string };

const lineList = (held: readonly { position: number; name: string }[]): string => held.map((h) => `${h.position} (${h.name})`).join(', ');

/** One sentence a person can act on. Amounts in errors are minor units, so the card adds the currency. */
export const explainInvoiceError = (e: InvoiceError, money: (minor: number) => string): string => {
  switch (e.kind) {
    case 'not-held': return e.status === 'issued'
      ? `That invoice was already issued${e.number !== null ? ` as ${invoiceNumberText(e.number)}` : ''}, so there is nothing to approve or skip.`
      : 'That period was skipped, so there is nothing to approve or skip.';
    case 'no-such-line': return `Line ${e.line} is not waiting for approval. Lines waiting: ${lineList(e.held)}.`;
    case 'which-line': return `Several lines are waiting: ${lineList(e.held)}. Say which one the amount is for with line=N.`;
    case 'quantity-needed': return `Gusto gave no count for ${e.line}, so say how many to bill with qty=N.`;
    case 'amount-needed': return `${e.line} was estimated at ${money(e.low)}–${money(e.high)}: say the amount to bill with amount=…`;
    case 'invalid-figure': return `That figure can't be billed for ${e.line}: ${e.reason}.`;
    case 'included-service': return `${e.service} is included in packages, never invoiced on its own.`;
    case 'price-needed': return `${e.service} is priced as a range (${money(e.low)}–${money(e.high)}): say the price to bill with price=…`;
    case 'not-found': return `I can't find the ${e.what} "${e.ref}".${e.hint ? ` ${e.hint}` : ''}`;
  }
};
