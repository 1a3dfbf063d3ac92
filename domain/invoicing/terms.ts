import { addDays, type CalendarDate } from '../shared/calendar.js';
import type { InvoiceKind } from './invoice.js';

/**
 * How long a client has to pay, in days after the invoice date. `manualDays` covers one-off invoices
 * (upfront, on completion, instant bills); `automaticDays` covers recurring ones, whose invoice date is
 * the practice's invoice day for the period. 0 means due the same day.
 */
export type InvoiceTerms = { readonly manualDays: number; readonly automaticDays: number };

/**
 * Fourteen days for both: the common term UK firms put on their own fees, short enough to keep a
 * monthly fee from overlapping the next month's invoice, and one rule a client can remember.
 */
export const defaultInvoiceTerms: InvoiceTerms = { manualDays: 14, automaticDays: 14 };

/** The longest term accepted: a year, past which a "due date" says nothing useful. */
export const maxTermDays = 365;

/** Why a number of days is refused as a term, or null when it is a whole number from 0 to 365. */
export const termDaysError = (days: number): string | null =>
  Number.isInteger(days) && days >= 0 && days <= maxTermDays ? null : `a whole number of days from 0 (due the same day) to ${maxTermDays}`;

export const dueDate = (kind: InvoiceKind, invoiceDate: CalendarDate, terms: InvoiceTerms): CalendarDate =>
  addDays(invoiceDate, kind === 'recurring' ? terms.automaticDays : terms.manualDays);
