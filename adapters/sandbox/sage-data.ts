/**
 * The Sage simulator's records. Amounts are integer pence (cents for the Irish business), quantities
 * and unit prices exact decimal text; payloads (sage-payloads.ts) turn them into Sage's shapes.
 */
import { createHash } from 'node:crypto';

/** Sage's ids are 32 hex digits; the sandbox derives them from a label so seeded ids never change. */
export const sageId = (...parts: (string | number)[]): string => createHash('md5').update(parts.join(':')).digest('hex');

/** Sage's timestamps: whole seconds, UTC ("2022-12-30T13:59:24Z"). */
export const sageTime = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

export type SageCountry = 'GB' | 'IE';

export type SageBusinessRecord = {
  id: string; name: string; country: SageCountry; currency: 'GBP' | 'EUR';
  address_line_1: string; address_line_2: string | null; city: string; postal_code: string; region: string | null;
  telephone: string; mobile: string | null; website: string;
  /** Sage's "year end lockdown" date: with the closedPeriod fault on, nothing dated on or before it (or today, if later) is accepted. */
  lockdownDate: string;
  createdAt: string;
};

/** Zero, exempt and no-tax rates need no tax_amount on an invoice line (Sage infers 0.0). */
export type SageTaxKind = 'standard' | 'reduced' | 'zero' | 'exempt' | 'no_tax';

export type SageTaxRateRecord = { id: string; name: string; basisPoints: number; kind: SageTaxKind };

export type SageLedgerAccountRecord = {
  id: string; nominalCode: number; name: string; type: { id: string; displayed_as: string };
  visibleInSales: boolean; visibleInExpenses: boolean; isControlAccount: boolean; taxRateId: string | null;
};

export type SageAddress = {
  address_line_1: string | null; address_line_2: string | null; city: string | null;
  postal_code: string | null; region: string | null; country_id: string | null;
};

export type SagePerson = {
  name: string | null; job_title: string | null; telephone: string | null; mobile: string | null; email: string | null; fax: string | null;
};

export type SageContactRecord = {
  id: string; name: string; reference: string | null; contactTypeIds: string[];
  taxNumber: string | null; notes: string | null; sourceGuid: string | null; creditDays: number | null;
  registeredNumber: string | null; auxReference: string | null; creditTermsAndConditions: string | null;
  mainAddress: SageAddress | null; mainContactPerson: SagePerson | null;
  createdAt: string; updatedAt: string;
  /** Soft-deleted (DELETE /contacts/{key}): out of every list but `deleted_since`'s. Absent in state saved before deletions existed. */
  deletedAt?: string | null;
};

/** Whether a contact is still in the ledger (not deleted). */
export const isLive = (c: Pick<SageContactRecord, 'deletedAt'>): boolean => !c.deletedAt;

/** Sage lets a contact be deleted only while nothing is booked against it: here, no invoice. */
export const isDeletable = (book: SageBook, c: Pick<SageContactRecord, 'id'>): boolean => !book.data.invoices.some((i) => i.contactId === c.id);

export type SageInvoiceLineRecord = {
  id: string; description: string; ledgerAccountId: string; taxRateId: string;
  /** Exact decimal text, as Sage shows it ("2.5", "100.0"). */
  quantity: string; unitPrice: string;
  net: number; tax: number;
};

export type SageInvoiceRecord = {
  id: string; number: number; contactId: string; contactName: string; contactReference: string | null;
  date: string; dueDate: string; reference: string | null; notes: string | null;
  lines: SageInvoiceLineRecord[]; net: number; tax: number; total: number;
  /** Set by GET /sales_invoices/{key} unless mark_as_sent=false. */
  sent: boolean;
  createdAt: string; updatedAt: string;
};

/** What a business holds that the API can change (and the state file keeps). */
export type SageBusinessData = { contacts: SageContactRecord[]; invoices: SageInvoiceRecord[]; nextInvoiceNumber: number };

/** One business and everything it holds: the unit the API's X-Business header selects. */
export type SageBook = {
  readonly business: SageBusinessRecord;
  readonly ledgerAccounts: readonly SageLedgerAccountRecord[];
  readonly taxRates: readonly SageTaxRateRecord[];
  data: SageBusinessData;
};

export const invoiceNumber = (inv: Pick<SageInvoiceRecord, 'number'>): string => `SI-${inv.number}`;
