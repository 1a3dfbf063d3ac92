import { err, ok, type Result } from '../shared/result.js';
import { invoiceNumberText, type Invoice, type InvoiceLine } from './invoice.js';
import type { LedgerSettings } from './ledger-settings.js';

/**
 * An invoice as a ledger app (Sage) receives it: every rate and account already mapped to the
 * ledger's own ids, amounts in minor units. Built when it is sent, not when it is queued, so a
 * mapping fixed after a failure applies on Retry.
 */
export type LedgerInvoiceLine = {
  readonly description: string;
  /** The ledger's account id, or the nominal code a service names (resolved against the ledger's accounts when sent). */
  readonly ledgerAccount: string;
  readonly quantity: number;
  readonly unitPrice: number;
  readonly netAmount: number;
  readonly taxRateId: string;
  readonly taxAmount: number;
};

export type LedgerCustomer = {
  readonly name: string;
  readonly email: string | null;
  /** The ledger contact mapped to the client, when one is. */
  readonly ledgerId: string | null;
};

export type LedgerInvoice = {
  /** Our invoice number: the reference the ledger is searched by before anything is created. */
  readonly reference: string;
  readonly date: string;
  readonly dueDate: string;
  readonly customer: LedgerCustomer;
  readonly lines: readonly LedgerInvoiceLine[];
};

/** Where the ledger put an invoice: its id and number, a link a person can open, and the contact it went to. */
export type LedgerPlacement = { readonly id: string; readonly number: string; readonly url: string | null; readonly customerId: string };

/**
 * A ledger line bills exactly our net amount. Quantity × unit price is our net for an exclusive line
 * without a minimum; otherwise (tax-inclusive prices, a minimum charge) the line goes as one unit of
 * its net amount, so the ledger's arithmetic can never disagree with ours by a penny.
 */
const ledgerQuantity = (line: InvoiceLine): { quantity: number; unitPrice: number } => {
  const exact = Number.isInteger(line.unitPrice) && line.unitPrice * line.quantity === line.amounts.net;
  return exact ? { quantity: line.quantity, unitPrice: line.unitPrice } : { quantity: 1, unitPrice: line.amounts.net };
};

/** The invoice in the ledger's terms, or what must be fixed in the settings first. */
export const ledgerInvoiceOf = (invoice: Invoice, customer: LedgerCustomer, settings: LedgerSettings): Result<LedgerInvoice, string[]> => {
  const problems: string[] = [];
  if (invoice.number === null) problems.push('the invoice has no number yet (it is waiting for approval)');
  const lines = invoice.lines.map((line) => {
    const rate = settings.taxRates[line.taxRate.code];
    if (!rate) problems.push(`${line.taxRate.name} (on ${line.name}) is not mapped to a ledger tax rate`);
    const account = line.ledgerAccount ?? settings.salesAccount?.id;
    if (!account) problems.push(`${line.name} has no sales account and no default sales account is set`);
    return {
      description: line.description ? `${line.name}\n${line.description}` : line.name,
      ledgerAccount: account ?? '', ...ledgerQuantity(line), netAmount: line.amounts.net, taxRateId: rate?.id ?? '', taxAmount: line.amounts.vat,
    };
  });
  if (problems.length) return err([...new Set(problems)]);
  return ok({ reference: invoiceNumberText(invoice.number!), date: invoice.issueDate, dueDate: invoice.dueDate, customer, lines });
};
