/**
 * The Sage sandbox's one user and their two businesses, a UK one (the lead) and an Irish one, each
 * with Sage's default chart of sales accounts and its country's VAT rates. The UK business holds 300
 * customers with a real ledger's mess (sage-ledger-seed.ts), the Irish one a few. The same every
 * time, ids included.
 */
import { sageId, sageTime, type SageAddress, type SageBook, type SageBusinessRecord, type SageContactRecord, type SageLedgerAccountRecord, type SageTaxRateRecord } from './sage-data.js';
import { messyUkLedger, type SeedCustomer } from './sage-ledger-seed.js';

export const sageUser = {
  id: '6f1c2d3e-4a5b-4c6d-8e7f-90a1b2c3d4e5', first_name: 'Sam', last_name: 'Sandbox', initials: 'SS',
  email: 'sam.sandbox@example.com', locale: 'en-GB',
} as const;

const businesses: SageBusinessRecord[] = [
  {
    id: sageId('business', 'GB'), name: 'Wren & Hale Joinery Ltd', country: 'GB', currency: 'GBP',
    address_line_1: "14 Cooper's Yard", address_line_2: 'Deptford', city: 'London', postal_code: 'SE8 3DZ', region: 'Greater London',
    telephone: '020 7946 0321', mobile: null, website: 'https://wrenandhale.example',
    lockdownDate: '2026-03-31', createdAt: '2025-09-01T08:30:00Z',
  },
  {
    id: sageId('business', 'IE'), name: 'Liffey Lane Studios Ltd', country: 'IE', currency: 'EUR',
    address_line_1: 'Unit 4, Liffey Lane', address_line_2: null, city: 'Dublin', postal_code: 'D08 XY12', region: 'County Dublin',
    telephone: '01 555 0142', mobile: null, website: 'https://liffeylane.example',
    lockdownDate: '2025-12-31', createdAt: '2025-10-01T09:00:00Z',
  },
];

/**
 * UK rates by Sage's ids. Irish ids follow the same pattern (IE_STANDARD…); they are not confirmed
 * by a source we could read, so clients map rates by what GET /tax_rates answers, never by name.
 */
const taxRates: Record<string, [string, string, number, SageTaxRateRecord['kind']][]> = {
  GB: [['GB_STANDARD', 'Standard', 2000, 'standard'], ['GB_LOWER', 'Lower Rate', 500, 'reduced'], ['GB_ZERO', 'Zero Rated', 0, 'zero'],
    ['GB_EXEMPT', 'Exempt', 0, 'exempt'], ['GB_NO_TAX', 'No VAT', 0, 'no_tax']],
  IE: [['IE_STANDARD', 'Standard', 2300, 'standard'], ['IE_REDUCED', 'Reduced', 1350, 'reduced'], ['IE_SECOND_REDUCED', 'Second Reduced', 900, 'reduced'],
    ['IE_LIVESTOCK', 'Livestock', 480, 'reduced'], ['IE_ZERO', 'Zero', 0, 'zero'], ['IE_EXEMPT', 'Exempt', 0, 'exempt'], ['IE_NO_TAX', 'No VAT', 0, 'no_tax']],
};

const type = (id: string, displayed_as: string) => ({ id, displayed_as });
/** Sage's default chart, trimmed: the sales accounts a firm maps services to, and a few that must not show in sales. */
const chart: [number, string, ReturnType<typeof type>, 'sales' | 'expenses' | 'control' | 'bank'][] = [
  [4000, 'Sales Type A', type('SALES', 'Sales'), 'sales'],
  [4010, 'Sales Type B', type('SALES', 'Sales'), 'sales'],
  [4020, 'Sales Type C', type('SALES', 'Sales'), 'sales'],
  [4900, 'Other income', type('OTHER_INCOME', 'Other Income'), 'sales'],
  [4905, 'Distribution and carriage', type('OTHER_INCOME', 'Other Income'), 'sales'],
  [1100, 'Trade Debtors', type('CURRENT_ASSETS', 'Current Assets'), 'control'],
  [1200, 'Current', type('BANK', 'Bank'), 'bank'],
  [2200, 'Sales Tax Control Account', type('CURRENT_LIABILITY', 'Current Liabilities'), 'control'],
  [5000, 'Cost of sales - goods', type('DIRECT_EXPENSES', 'Direct Expenses'), 'expenses'],
  [7502, 'Office stationery', type('OVERHEADS', 'Overheads'), 'expenses'],
];

const ledgerAccounts = (b: SageBusinessRecord): SageLedgerAccountRecord[] => chart.map(([code, name, t, area]) => ({
  id: sageId('ledger', b.country, code), nominalCode: code, name, type: t,
  visibleInSales: area === 'sales', visibleInExpenses: area === 'expenses', isControlAccount: area === 'control',
  taxRateId: area === 'sales' || area === 'expenses' ? `${b.country}_STANDARD` : null,
}));

type Customer = [name: string, reference: string, person: string, email: string, street: string, city: string, postcode: string, types?: string[]];
const customers: Record<string, Customer[]> = {
  GB: [
    ['Ashworth Dental Practice', 'ASH001', 'Priya Ashworth', 'priya@ashworth-dental.example', '3 Market Street', 'Hebden Bridge', 'HX7 6AA'],
    ['Blackthorn Cycles Ltd', 'BLA001', 'Tom Reeve', 'tom@blackthorncycles.example', 'Unit 7, Canal Wharf', 'Leeds', 'LS11 5PS'],
    ['Cairn Coffee Roasters', 'CAI001', 'Morag Innes', 'morag@cairncoffee.example', '22 Rose Street', 'Edinburgh', 'EH2 2PR'],
    ['Dunmore & Price LLP', 'DUN001', 'Owen Price', 'owen@dunmoreprice.example', 'Suite 4, 90 Colmore Row', 'Birmingham', 'B3 2BB'],
    ['Elm Tree Nurseries', 'ELM001', 'Hannah Lowe', 'hannah@elmtreenurseries.example', 'Orchard Lane', 'Taunton', 'TA1 4AB'],
    ['Fenwick Architects', 'FEN001', 'Sam Fenwick', 'sam@fenwick-architects.example', '5 Quayside', 'Newcastle upon Tyne', 'NE1 3DX'],
    ['Northgate Office Supplies', 'NOR001', 'Accounts Team', 'accounts@northgate-supplies.example', '40 Northgate', 'Chester', 'CH1 2HA', ['VENDOR']],
  ],
  IE: [
    ['Clontarf Physio', 'CLO001', 'Aoife Byrne', 'aoife@clontarfphysio.example', '12 Clontarf Road', 'Dublin', 'D03 K2P4'],
    ['Galway Bay Tours', 'GAL001', 'Cian Walsh', 'cian@galwaybaytours.example', 'The Docks', 'Galway', 'H91 T2X8'],
    ['Howth Harbour Fish Co', 'HOW001', 'Niamh Doyle', 'niamh@howthfish.example', 'West Pier', 'Howth', 'D13 V9F2'],
  ],
};

/** Seeded contacts were created a day apart from 5 January 2026, so updated_or_created_since has something to cut. */
const seededAt = (n: number) => sageTime(new Date(Date.UTC(2026, 0, 5 + n, 9)));

const contact = (b: SageBusinessRecord, [name, reference, person, email, street, city, postcode, types]: Customer, n: number): SageContactRecord => {
  const address: SageAddress = { address_line_1: street, address_line_2: null, city, postal_code: postcode, region: null, country_id: b.country };
  return {
    id: sageId('contact', b.country, reference), name, reference, contactTypeIds: types ?? ['CUSTOMER'],
    taxNumber: null, notes: null, sourceGuid: null, creditDays: 30, registeredNumber: null, auxReference: null, creditTermsAndConditions: null,
    mainAddress: address, mainContactPerson: { name: person, job_title: null, telephone: null, mobile: null, email, fax: null },
    createdAt: seededAt(n), updatedAt: seededAt(n),
  };
};

/** A generated customer as a record; its id from its reference (or, without one, its name), so it never changes. */
export const seededContact = (b: Pick<SageBusinessRecord, 'country'>, c: SeedCustomer): SageContactRecord => ({
  id: sageId('contact', b.country, c.reference ?? c.name), name: c.name, reference: c.reference, contactTypeIds: c.types,
  taxNumber: c.taxNumber, notes: null, sourceGuid: null, creditDays: 30, registeredNumber: c.registeredNumber, auxReference: null, creditTermsAndConditions: null,
  mainAddress: { address_line_1: c.street, address_line_2: null, city: c.city, postal_code: c.postcode, region: null, country_id: b.country },
  mainContactPerson: c.person || c.email ? { name: c.person, job_title: null, telephone: null, mobile: null, email: c.email, fax: null } : null,
  createdAt: sageTime(c.createdAt), updatedAt: sageTime(c.updatedAt),
});

const contactsOf = (b: SageBusinessRecord): SageContactRecord[] => {
  const written = customers[b.country]!.map((c, n) => contact(b, c, n));
  if (b.country !== 'GB') return written;
  const taken = { names: new Set(written.map((c) => c.name.toLowerCase())), references: new Set(written.map((c) => c.reference!.toUpperCase())) };
  const customersSoFar = written.filter((c) => c.contactTypeIds.includes('CUSTOMER')).length;
  return [...written, ...messyUkLedger(taken, customersSoFar).map((c) => seededContact(b, c))];
};

/** Fresh books for every business, as the sandbox first starts (and as reset() restores them). */
export const seedSageBooks = (): SageBook[] => businesses.map((business) => ({
  business,
  ledgerAccounts: ledgerAccounts(business),
  taxRates: taxRates[business.country]!.map(([id, name, basisPoints, kind]) => ({ id, name, basisPoints, kind })),
  data: { contacts: contactsOf(business), invoices: [], nextInvoiceNumber: 1 },
}));
