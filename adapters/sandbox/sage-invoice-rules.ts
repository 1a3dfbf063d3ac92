/**
 * Sage's checks on POST /sales_invoices, giving either an invoice to record or the 422 errors, all
 * at once. Money is computed in pence with the codebase's rounding rule (half away from zero):
 * a line's net is unit_price × quantity rounded once, its tax net × rate rounded once.
 *
 * Sage does not document how closely tax_amount must match net × rate. The sandbox accepts a
 * tax_amount within one penny of it (a client rounding half-to-even, or per unit, still passes) and
 * refuses anything further off; on a zero, exempt or no-tax rate it must be nothing or zero.
 */
import { object, text } from './sage-body.js';
import { sageId, type SageBook, type SageContactRecord, type SageInvoiceLineRecord, type SageTaxRateRecord } from './sage-data.js';
import { invalid, required, sageError, type SageError } from './sage-errors.js';
import { isDecimal, quantityScale, readDecimal, rescale, showDecimal, toPence, type Scaled } from './sage-money.js';
import { divideRounded } from '../../domain/shared/money.js';

export type InvoiceDraft = {
  contact: SageContactRecord; date: string; dueDate: string; reference: string | null; notes: string | null;
  lines: Omit<SageInvoiceLineRecord, 'id'>[];
};

const taxTolerancePence = 1n;

const isDate = (v: string | null): v is string => v !== null && /^\d{4}-\d{2}-\d{2}$/.test(v) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const ukDate = (iso: string) => iso.split('-').reverse().join('/');

/** Wording is the sandbox's own, after Sage's help page: no transactions on or before the lockdown date. */
const lockedPeriod = (lockdown: string) => invalid('date', `Date must be after the Year End Lockdown date (${ukDate(lockdown)}): no transactions can be entered on or before it.`);

/** Reads a decimal field into `errors` when it is malformed; undefined when absent. */
const decimalField = (v: unknown, scale: number, source: string, errors: SageError[]): Scaled | null | undefined => {
  if (v === undefined || v === null || v === '') return undefined;
  const d = readDecimal(v, scale);
  if (isDecimal(d)) return d;
  errors.push(invalid(source, d === 'too-precise' ? `must have at most ${scale} decimal places` : 'is not a number'));
  return null;
};

/** The line's tax in pence: the client's tax_amount if it agrees with net × rate, else null (and why, in `errors`). */
const checkedTax = (net: bigint, rate: SageTaxRateRecord, given: Scaled | null | undefined, errors: SageError[]): bigint | null => {
  const expected = divideRounded(net * BigInt(rate.basisPoints), 10_000n);
  const taxed = rate.kind === 'standard' || rate.kind === 'reduced';
  if (given === undefined && taxed) { errors.push(required('invoice_lines.tax_amount')); return null; }
  const tax = given ? rescale(given, 2) : 0n;
  const off = tax > expected ? tax - expected : expected - tax;
  if (off <= (taxed ? taxTolerancePence : 0n)) return tax;
  errors.push(invalid('invoice_lines.tax_amount', `does not match the tax rate: ${showDecimal(net)} at ${rate.name} ${showDecimal(rate.basisPoints)}% is ${showDecimal(expected)}`));
  return null;
};

const readLine = (raw: unknown, book: SageBook, errors: SageError[]): Omit<SageInvoiceLineRecord, 'id'> | null => {
  const l = object(raw) ?? {};
  const at = (field: string) => `invoice_lines.${field}`;
  const before = errors.length;
  const description = text(l.description);
  if (!description) errors.push(required(at('description')));
  const ledger = text(l.ledger_account_id), rateId = text(l.tax_rate_id);
  if (!ledger) errors.push(required(at('ledger_account_id')));
  if (!rateId) errors.push(required(at('tax_rate_id')));
  const account = book.ledgerAccounts.find((a) => a.id === ledger && a.visibleInSales);
  const rate = book.taxRates.find((t) => t.id === rateId);
  // Sage answers an unknown or non-sales id with a bare RecordNotFound, naming no field.
  if ((ledger && !account) || (rateId && !rate)) errors.push(sageError('RecordNotFound', "Couldn't find record."));
  const unit = decimalField(l.unit_price, quantityScale, at('unit_price'), errors);
  if (unit === undefined) errors.push(required(at('unit_price')));
  const quantity = decimalField(l.quantity, quantityScale, at('quantity'), errors) ?? { units: 10n ** BigInt(quantityScale), scale: quantityScale };
  const given = decimalField(l.tax_amount, 2, at('tax_amount'), errors);
  if (errors.length > before || !rate || !unit || !account || !description) return null;
  const net = divideRounded(unit.units * quantity.units, 10n ** BigInt(2 * quantityScale - 2));
  const tax = checkedTax(net, rate, given, errors);
  if (tax === null) return null;
  return {
    description, ledgerAccountId: account.id, taxRateId: rate.id,
    quantity: showDecimal(quantity.units, quantityScale), unitPrice: showDecimal(unit.units, quantityScale), net: toPence(net), tax: toPence(tax),
  };
};

/** The invoice a POST body describes, or every reason Sage would refuse it. */
/** `lockedThrough`: the last day of the closed period while the closed-period fault is on; null when it is off. */
export const readInvoice = (body: unknown, book: SageBook, lockedThrough: string | null): InvoiceDraft | SageError[] => {
  const inv = object(object(body)?.sales_invoice);
  if (!inv) return [required('sales_invoice')];
  const errors: SageError[] = [];
  const contactId = text(inv.contact_id);
  const contact = book.data.contacts.find((c) => c.id === contactId && c.contactTypeIds.includes('CUSTOMER') && !c.deletedAt);
  if (!contactId) errors.push(required('contact_id'));
  // As Sage's own reply on its sample app shows: no $source, and a supplier is not a customer.
  else if (!contact) errors.push(sageError('RecordInvalid', "Couldn't find Customer."));
  const date = text(inv.date), due = text(inv.due_date);
  if (!date) errors.push(required('date'));
  else if (!isDate(date)) errors.push(invalid('date', 'is not a valid date'));
  else if (lockedThrough && date <= lockedThrough) errors.push(lockedPeriod(lockedThrough));
  if (due && !isDate(due)) errors.push(invalid('due_date', 'is not a valid date'));
  const rawLines = inv.invoice_lines;
  if (!Array.isArray(rawLines) || rawLines.length === 0) errors.push(required('invoice_lines'));
  const lines = Array.isArray(rawLines) ? rawLines.map((l) => readLine(l, book, errors)) : [];
  if (errors.length || !contact || !date) return errors;
  return {
    contact, date, dueDate: due ?? addDays(date, contact.creditDays ?? 30), reference: text(inv.reference), notes: text(inv.notes),
    lines: lines.filter((l) => l !== null),
  };
};

/** Ids for a new invoice's lines: stable for the invoice, unique across the business. */
export const lineIds = (invoiceId: string, count: number): string[] => Array.from({ length: count }, (_, n) => sageId(invoiceId, 'line', n));
