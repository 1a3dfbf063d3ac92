/**
 * The simulator's records in Sage's v3.1 shapes: nested `{ id, displayed_as, $path }` references
 * where requests take `*_id` scalars, decimals as strings, addresses with `postal_code`, a contact's
 * email on its main contact person, and an invoice's web link in `links`.
 */
import { invoiceNumber, type SageBook, type SageBusinessRecord, type SageContactRecord, type SageInvoiceRecord, type SageLedgerAccountRecord, type SageTaxRateRecord } from './sage-data.js';
import { fixedTwo, quantityScale, showDecimal, storedDecimal } from './sage-money.js';
import { sageUser } from './sage-seed.js';

export type Payload = Record<string, unknown> & { id: string; displayed_as: string; $path: string };

export const ref = (collection: string, id: string, displayed_as: string) => ({ id, displayed_as, $path: `/${collection}/${id}` });

const countries = { GB: 'United Kingdom (GB)', IE: 'Ireland (IE)' } as const;
const currencies = { GBP: 'Pound Sterling (GBP)', EUR: 'Euro (EUR)' } as const;
const contactTypes: Record<string, string> = { CUSTOMER: 'Customer', VENDOR: 'Supplier' };

export const businessPayload = (b: SageBusinessRecord): Payload => ({
  id: b.id, displayed_as: b.name, $path: `/businesses/${b.id}`, name: b.name,
  address_line_1: b.address_line_1, address_line_2: b.address_line_2, city: b.city, postal_code: b.postal_code,
  country: { id: b.country, displayed_as: countries[b.country] }, region: b.region,
  telephone: b.telephone, mobile: b.mobile, website: b.website, is_demo: false, ni_based: false,
  subscriptions: [{ id: 'ACCOUNTING_STANDARD', displayed_as: 'Accounting Standard', active: true, status: 'active', created_at: b.createdAt, updated_at: b.createdAt }],
  created_at: b.createdAt, updated_at: b.createdAt,
});

export const userPayload = (): Payload => ({ ...sageUser, displayed_as: `${sageUser.first_name} ${sageUser.last_name}`, $path: '/user' });

const percent = (t: SageTaxRateRecord) => showDecimal(t.basisPoints, 2);
export const taxRateRef = (t: SageTaxRateRecord) => ref('tax_rates', t.id, `${t.name} ${fixedTwo(t.basisPoints)}%`);

export const taxRatePayload = (t: SageTaxRateRecord, b: SageBusinessRecord): Payload => ({
  ...taxRateRef(t), name: t.name, agency: null, percentage: percent(t),
  percentages: [{ percentage: percent(t), from_date: '2011-01-04', to_date: null }],
  is_visible: true, retailer: false, editable: false, deletable: false, is_combined_rate: false, component_tax_rates: [],
  created_at: b.createdAt, updated_at: b.createdAt,
});

export const ledgerRef = (l: SageLedgerAccountRecord) => ref('ledger_accounts', l.id, `${l.name} (${l.nominalCode})`);

export const ledgerAccountPayload = (l: SageLedgerAccountRecord, book: SageBook): Payload => {
  const rate = book.taxRates.find((t) => t.id === l.taxRateId);
  return {
    ...ledgerRef(l), name: l.name, display_name: l.name, nominal_code: l.nominalCode,
    ledger_account_type: { ...l.type, $path: `/ledger_account_types/${l.type.id}` }, included_in_chart: true,
    visible_in_sales: l.visibleInSales, visible_in_expenses: l.visibleInExpenses, visible_in_banking: l.type.id === 'BANK',
    visible_in_other_payments: false, visible_in_other_receipts: false, visible_in_journals: true, visible_in_reporting: true,
    is_control_account: l.isControlAccount, tax_rate: rate ? taxRateRef(rate) : null, fixed_tax_rate: false,
    created_at: book.business.createdAt, updated_at: book.business.createdAt,
  };
};

export const contactDisplay = (c: Pick<SageContactRecord, 'name' | 'reference'>): string => (c.reference ? `${c.name} (${c.reference})` : c.name);
export const contactRef = (c: SageContactRecord) => ref('contacts', c.id, contactDisplay(c));

/** `deletable`: whether Sage would let it go (nothing booked against it), as the ledger says it now. */
export const contactPayload = (c: SageContactRecord, b: SageBusinessRecord, deletable = true): Payload => {
  const { country_id, ...address } = c.mainAddress ?? { country_id: null };
  return {
    ...contactRef(c), name: c.name, reference: c.reference,
    contact_types: c.contactTypeIds.map((t) => ref('contact_types', t, contactTypes[t] ?? t)),
    email: c.mainContactPerson?.email ?? null, tax_number: c.taxNumber, notes: c.notes, locale: 'en', source_guid: c.sourceGuid,
    registered_number: c.registeredNumber, aux_reference: c.auxReference, credit_terms_and_conditions: c.creditTermsAndConditions,
    credit_days: c.creditDays, credit_limit: null,
    main_address: c.mainAddress && { ...address, country: country_id ? { id: country_id, displayed_as: countries[country_id as keyof typeof countries] ?? country_id } : null, is_main_address: true },
    main_contact_person: c.mainContactPerson && { ...c.mainContactPerson, is_main_contact: true, is_preferred_contact: true },
    default_sales_ledger_account: null, default_sales_tax_rate: null,
    currency: ref('currencies', b.currency, currencies[b.currency]),
    system: false, deletable, deleted_at: c.deletedAt ?? null, links: [], created_at: c.createdAt, updated_at: c.updatedAt,
  };
};

/** The invoice's page in the sandbox's "web app": people open it from the link in a card. */
export const invoicePageUrl = (publicBase: string, inv: SageInvoiceRecord): string => `${publicBase}/app/invoices/${inv.id}`;

export const invoicePayload = (inv: SageInvoiceRecord, book: SageBook, publicBase: string): Payload => {
  const money = (pence: number) => showDecimal(pence, 2);
  const rate = (id: string) => book.taxRates.find((t) => t.id === id)!;
  const lines = inv.lines.map((l) => {
    const ledger = book.ledgerAccounts.find((a) => a.id === l.ledgerAccountId)!;
    return {
      id: l.id, displayed_as: l.description, description: l.description, product: null, service: null,
      ledger_account: ledgerRef(ledger), trade_of_asset: false, quantity: l.quantity, unit_price: l.unitPrice, unit_price_includes_tax: false,
      net_amount: money(l.net), tax_rate: taxRateRef(rate(l.taxRateId)), tax_amount: money(l.tax), total_amount: money(l.net + l.tax),
      discount_amount: '0.0', discount_percentage: '0.0',
    };
  });
  const byRate = [...new Set(inv.lines.map((l) => l.taxRateId))].map((id) => {
    const of = inv.lines.filter((l) => l.taxRateId === id);
    const net = of.reduce((s, l) => s + l.net, 0), tax = of.reduce((s, l) => s + l.tax, 0);
    return { tax_rate: taxRateRef(rate(id)), net_amount: money(net), tax_amount: money(tax), total_amount: money(net + tax) };
  });
  const number = invoiceNumber(inv);
  return {
    id: inv.id, displayed_as: number, $path: `/sales_invoices/${inv.id}`, invoice_number: number, invoice_number_prefix: 'SI-',
    contact: ref('contacts', inv.contactId, contactDisplay({ name: inv.contactName, reference: inv.contactReference })),
    contact_name: inv.contactName, contact_reference: inv.contactReference,
    date: inv.date, due_date: inv.dueDate, reference: inv.reference, notes: inv.notes,
    net_amount: money(inv.net), tax_amount: money(inv.tax), total_amount: money(inv.total),
    outstanding_amount: money(inv.total), total_paid: '0.0', total_discount_amount: '0.0',
    total_quantity: showDecimal(inv.lines.reduce((s, l) => s + storedDecimal(l.quantity, quantityScale), 0n), quantityScale),
    currency: ref('currencies', book.business.currency, currencies[book.business.currency]),
    status: ref('artefact_statuses', 'UNPAID', 'Unpaid'), sent: inv.sent, editable: true, void_reason: null, deleted_at: null,
    invoice_lines: lines, tax_analysis: byRate,
    links: [{ href: invoicePageUrl(publicBase, inv), rel: 'alternate', type: 'text/html' }],
    created_at: inv.createdAt, updated_at: inv.updatedAt,
  };
};
