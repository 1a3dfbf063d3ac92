import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SageClientOptions, SageInvoiceInput } from '../../../adapters/sage/client.js';
import { sageErrorItems } from '../../../adapters/sage/errors.js';
import type { ProviderError } from '../../../adapters/provider-http.js';
import { businessId as business, sageFixture as fixture, sageHost as host, sageTestClient } from './support.js';

const inBusiness = { reqheaders: { 'x-business': business, 'content-type': 'application/json' } };

/** The request bodies as sent, word for word, beside nock's interception. */
const recordingFetch = (sent: string[]): typeof fetch => (input, init) => {
  sent.push(String(init?.body ?? ''));
  return fetch(input, init);
};
const client = (extra: Partial<SageClientOptions> = {}) => sageTestClient(extra).client;

const invoice: SageInvoiceInput = {
  contactId: 'c1a1e2f3a4b5c6d7e8f9a0b1c2d3e4f5', date: '2026-11-22', dueDate: '2026-12-22', reference: 'IGN-INV-2026-0042',
  notes: 'Monthly fees, November 2026',
  lines: [
    { description: 'Bookkeeping', ledgerAccountId: '9a994ff8267a11e797950a57719b2edb', quantity: 1, unitPrice: 100010, taxRateId: 'GB_STANDARD', taxAmount: 20002, netAmount: 100010 },
    { description: 'Payroll, 3 staff', ledgerAccountId: '9a994ff8267a11e797950a57719b2edb', quantity: 3, unitPrice: 10, taxRateId: 'GB_ZERO', taxAmount: 0, netAmount: 30 },
  ],
};

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe('Sage client: writing', () => {
  it('creates a customer wrapped in `contact`, with the email on the main contact person', async () => {
    const scope = nock(host, inBusiness).post('/v3.1/contacts', {
      contact: {
        name: 'Thistle Architects LLP', contact_type_ids: ['CUSTOMER'], reference: 'THIS001', tax_number: 'GB123456789', source_guid: 'client-77',
        main_address: { address_line_1: '4 Canal Wharf', city: 'Leeds', postal_code: 'LS11 5PS', country_id: 'GB', is_main_address: true },
        main_contact_person: { name: 'Morag Reid', email: 'ap@thistle.example', is_main_contact: true },
      },
    }).reply(201, fixture('contact-created.json'));

    const created = await client().createContact(business, {
      name: 'Thistle Architects LLP', reference: 'THIS001', email: 'ap@thistle.example', contactPersonName: 'Morag Reid', taxNumber: 'GB123456789',
      sourceGuid: 'client-77', address: { line1: '4 Canal Wharf', city: 'Leeds', postalCode: 'LS11 5PS', countryId: 'GB' },
    });

    expect(created).toEqual({
      id: 'c6f6e2f3a4b5c6d7e8f9a0b1c2d3e4f5', name: 'Thistle Architects LLP', reference: 'THIS001', email: 'ap@thistle.example',
      taxNumber: null, companyNumber: null, createdAt: new Date('2025-04-01T10:00:00Z'), updatedAt: new Date('2026-11-22T10:00:04Z'), deletedAt: null,
    });
    scope.done();
  });

  it('creates a customer with no contact person when there is no email, telephone or person to name', async () => {
    const scope = nock(host).post('/v3.1/contacts', { contact: { name: 'Pennine Cycles', contact_type_ids: ['CUSTOMER'], reference: 'PENN001' } })
      .reply(201, fixture('contact-created.json'));

    await client().createContact(business, { name: 'Pennine Cycles', reference: 'PENN001' });

    scope.done();
  });

  it('creates an invoice wrapped in `sales_invoice`, lines in `invoice_lines` by `*_id`, every amount the exact decimal of our pence', async () => {
    const sent: string[] = [];
    const scope = nock(host, inBusiness).post('/v3.1/sales_invoices', {
      sales_invoice: {
        contact_id: 'c1a1e2f3a4b5c6d7e8f9a0b1c2d3e4f5', date: '2026-11-22', due_date: '2026-12-22', reference: 'IGN-INV-2026-0042', notes: 'Monthly fees, November 2026',
        invoice_lines: [
          { description: 'Bookkeeping', ledger_account_id: '9a994ff8267a11e797950a57719b2edb', quantity: 1, unit_price: 1000.1, tax_rate_id: 'GB_STANDARD', tax_amount: 200.02, net_amount: 1000.1 },
          { description: 'Payroll, 3 staff', ledger_account_id: '9a994ff8267a11e797950a57719b2edb', quantity: 3, unit_price: 0.1, tax_rate_id: 'GB_ZERO', tax_amount: 0, net_amount: 0.3 },
        ],
      },
    }).reply(201, fixture('sales-invoice.json'));

    const created = await client({ fetch: recordingFetch(sent) }).createInvoice(business, invoice);

    expect(created).toMatchObject({ id: 'e1a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5', invoiceNumber: 'SI-42', reference: 'IGN-INV-2026-0042', totalAmount: 120012 });
    expect(sent[0]).toContain('"unit_price":1000.1,"tax_rate_id":"GB_STANDARD","tax_amount":200.02,"net_amount":1000.1');
    expect(sent[0]).toContain('"unit_price":0.1,"tax_rate_id":"GB_ZERO","tax_amount":0,"net_amount":0.3');
    scope.done();
  });

  it('turns Sage\'s 422 into words a person can act on, keeping every item, and never sends the invoice twice', async () => {
    const scope = nock(host).post('/v3.1/sales_invoices').once().reply(422, fixture('error-422.json'));

    const failure = (await client().createInvoice(business, invoice).catch((e: unknown) => e)) as ProviderError;

    expect(failure).toMatchObject({
      kind: 'rejected', status: 422,
      reason: 'Sage refused the invoice: can\'t be blank (contact); must be greater than or equal to 0 (invoice_lines.0.unit_price)',
    });
    expect(sageErrorItems(failure)).toEqual([
      { $severity: 'error', $dataCode: 'RecordInvalid', $message: 'can\'t be blank', $source: 'contact' },
      { $severity: 'error', $dataCode: 'RecordInvalid', $message: 'must be greater than or equal to 0', $source: 'invoice_lines.0.unit_price' },
    ]);
    scope.done();
  });

  it('names the contact when Sage refuses one', async () => {
    nock(host).post('/v3.1/contacts').reply(422, [{ $severity: 'error', $dataCode: 'RecordInvalid', $message: 'has already been taken', $source: 'reference' }]);

    const failure = await client().createContact(business, { name: 'Pennine Cycles', reference: 'PENN001' }).catch((e: unknown) => e);

    expect(failure).toMatchObject({ kind: 'rejected', reason: 'Sage refused the contact: has already been taken (reference)' });
  });

  it('refuses to send a fraction of a penny', async () => {
    const half = { ...invoice, lines: [{ ...invoice.lines[0]!, unitPrice: 100.5 }] };

    await expect(client().createInvoice(business, half)).rejects.toThrow(RangeError);
  });
});
