/**
 * Sage's records into our shapes and our inputs into Sage's request bodies. Responses nest related
 * records (`contact.id`); requests name them with `*_id`. Money is integer pence on our side and a
 * decimal on Sage's (money.ts).
 */
import { decimalToHundredths, hundredthsToDecimal } from './money.js';
import type { SageBusinessRecord, SageContactRecord, SageInvoiceRecord, SageLedgerAccountRecord, SageTaxRateRecord } from './schemas.js';

export type SageBusiness = { id: string; name: string; /** 'GB', 'IE', … upper-case */ countryCode: string };
export type SageLedgerAccount = { id: string; nominalCode: string; name: string };
/** 20 % → 2000; null when Sage gives no percentage, or one finer than a hundredth of a percent. */
export type SageTaxRate = { id: string; name: string; basisPoints: number | null };
export type SageContact = {
  id: string; name: string; reference: string | null; email: string | null;
  /** VAT registration number (Sage's `tax_number`), as Sage holds it. */
  taxNumber: string | null;
  /** Companies House number (Sage's `registered_number`). */
  companyNumber: string | null;
  createdAt: Date | null; updatedAt: Date | null;
  /** Set only on a contact Sage answers for `deleted_since`. */
  deletedAt: Date | null;
};

export type SageAddressInput = {
  line1: string; line2?: string; city?: string; region?: string; postalCode?: string;
  /** Sage's country id: 'GB', 'IE', … */
  countryId?: string;
};
export type SageContactInput = {
  name: string;
  /** Sage's "unique reference for the contact": left out when we have none, as a blank one would be the same for every contact. */
  reference?: string;
  /** Written on the main contact person, where Sage keeps a contact's email. */
  email?: string;
  telephone?: string;
  /** The main contact person's own name, when there is one. */
  contactPersonName?: string;
  /** VAT registration number; Sage validates its format. */
  taxNumber?: string;
  /** "Used when importing contacts from external sources": our own id for the client. */
  sourceGuid?: string;
  notes?: string;
  address?: SageAddressInput;
};

export type SageInvoiceLineInput = {
  description: string; ledgerAccountId: string; quantity: number;
  /** Minor units, as are taxAmount and netAmount. */
  unitPrice: number; taxRateId: string; taxAmount: number; netAmount: number;
};
export type SageInvoiceInput = {
  contactId: string; /** YYYY-MM-DD */ date: string; /** YYYY-MM-DD */ dueDate: string;
  reference: string; notes?: string; lines: readonly SageInvoiceLineInput[];
};
export type SageInvoice = {
  id: string; invoiceNumber: string; reference: string | null; contactId: string;
  /** Minor units. */
  totalAmount: number;
  /** The invoice in Sage's web app, when Sage links it. */
  webUrl: string | null;
};

const filled = (...values: (string | null | undefined)[]): string | null => {
  for (const v of values) if (v?.trim()) return v.trim();
  return null;
};

export const toSageBusiness = (r: SageBusinessRecord): SageBusiness => ({
  id: r.id,
  name: filled(r.name, r.displayed_as) ?? r.id,
  countryCode: (r.country?.id ?? '').trim().toUpperCase(),
});

export const toSageLedgerAccount = (r: SageLedgerAccountRecord): SageLedgerAccount => ({
  id: r.id,
  nominalCode: r.nominal_code === null || r.nominal_code === undefined ? '' : String(r.nominal_code).trim(),
  name: filled(r.name, r.display_name, r.displayed_as) ?? '',
});

export const toSageTaxRate = (r: SageTaxRateRecord, warn: (m: string) => void): SageTaxRate => {
  const name = filled(r.name, r.displayed_as) ?? r.id;
  if (r.percentage === null || r.percentage === undefined) return { id: r.id, name, basisPoints: null };
  const basisPoints = decimalToHundredths(r.percentage);
  if (basisPoints === null) warn(`Sage's tax rate ${r.id} (${name}) has a percentage we cannot hold exactly (${String(r.percentage)}); it is listed without one`);
  return { id: r.id, name, basisPoints };
};

const dateOrNull = (iso: string | null | undefined): Date | null => {
  const at = iso ? new Date(iso) : null;
  return at && !Number.isNaN(at.getTime()) ? at : null;
};

export const toSageContact = (r: SageContactRecord): SageContact => ({
  id: r.id,
  name: filled(r.name, r.displayed_as) ?? '',
  reference: filled(r.reference),
  // The main contact person's is where Sage keeps (and we write) a contact's email; the contact's own is Sage's copy of it.
  email: filled(r.main_contact_person?.email, r.email),
  taxNumber: filled(r.tax_number),
  companyNumber: filled(r.registered_number),
  createdAt: dateOrNull(r.created_at),
  updatedAt: dateOrNull(r.updated_at),
  deletedAt: dateOrNull(r.deleted_at),
});

/** The web page for a record: Sage lists it among `links` as HTML (rel "alternate"); never an API link. */
const webUrlOf = (links: SageInvoiceRecord['links']): string | null =>
  (links ?? []).find((l) => l.type === 'text/html' || l.rel === 'alternate')?.href ?? null;

export const toSageInvoice = (r: SageInvoiceRecord): SageInvoice => ({
  id: r.id,
  invoiceNumber: filled(r.invoice_number, r.displayed_as) ?? '',
  reference: filled(r.reference),
  contactId: r.contact.id,
  totalAmount: r.total_amount,
  webUrl: webUrlOf(r.links),
});

const given = <K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> =>
  (value === undefined || value === '' ? {} : { [key]: value }) as Partial<Record<K, V>>;

const addressBody = (a: SageAddressInput) => ({
  address_line_1: a.line1,
  ...given('address_line_2', a.line2), ...given('city', a.city), ...given('region', a.region),
  ...given('postal_code', a.postalCode), ...given('country_id', a.countryId),
  is_main_address: true,
});

/** POST /contacts: `{ contact: { … } }`, a customer; email and telephone go on `main_contact_person`. */
export function contactBody(c: SageContactInput) {
  const person = c.email || c.telephone || c.contactPersonName
    ? { main_contact_person: { ...given('name', c.contactPersonName), ...given('email', c.email), ...given('telephone', c.telephone), is_main_contact: true } }
    : {};
  return {
    contact: {
      name: c.name,
      contact_type_ids: ['CUSTOMER'],
      ...given('reference', c.reference?.trim()), ...given('tax_number', c.taxNumber), ...given('source_guid', c.sourceGuid), ...given('notes', c.notes),
      ...(c.address ? { main_address: addressBody(c.address) } : {}),
      ...person,
    },
  };
}

const lineBody = (l: SageInvoiceLineInput) => {
  if (!Number.isFinite(l.quantity)) throw new RangeError(`an invoice line's quantity must be a number, got ${l.quantity}`);
  return {
    description: l.description,
    ledger_account_id: l.ledgerAccountId,
    quantity: l.quantity,
    unit_price: hundredthsToDecimal(l.unitPrice),
    tax_rate_id: l.taxRateId,
    // Required in v3.1 unless the rate is zero, exempt or no-tax; we always send ours.
    tax_amount: hundredthsToDecimal(l.taxAmount),
    net_amount: hundredthsToDecimal(l.netAmount),
  };
};

/** POST /sales_invoices: `{ sales_invoice: { …, invoice_lines: [ … ] } }` with `*_id` fields and decimal amounts. */
export const invoiceBody = (i: SageInvoiceInput) => ({
  sales_invoice: {
    contact_id: i.contactId,
    date: i.date,
    due_date: i.dueDate,
    reference: i.reference,
    ...given('notes', i.notes),
    invoice_lines: i.lines.map(lineBody),
  },
});
