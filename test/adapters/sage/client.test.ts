import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SageClientOptions } from '../../../adapters/sage/client.js';
import { businessId as business, sageFixture as fixture, sageHost as host, sageTestClient } from './support.js';

const inBusiness = { reqheaders: { 'x-business': business, authorization: 'Bearer tok-1' } };
const page = (n: number, size = 200) => ({ page: String(n), items_per_page: String(size) });

const client = (extra: Partial<SageClientOptions> = {}) => sageTestClient(extra).client;

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe('Sage client: reading', () => {
  it('lists the user\'s businesses with their upper-case country, without naming a business', async () => {
    const scope = nock(host, { badheaders: ['x-business'] })
      .get('/v3.1/businesses').query({ attributes: 'all', ...page(1) }).reply(200, fixture('businesses.json'));

    const found = await client().businesses();

    expect(found).toEqual([
      { id: business, name: 'Harbour Lane Bakery Ltd', countryCode: 'GB' },
      { id: '49c196153fb1524b7d888cece84e8b12', name: 'Liffey Joinery Ltd', countryCode: 'IE' },
    ]);
    scope.done();
  });

  it('reads a business on its own when the list gives only base attributes', async () => {
    const scope = nock(host, { badheaders: ['x-business'] })
      .get('/v3.1/businesses').query(true).reply(200, { $total: 1, $page: 1, $next: null, $items: [{ id: business, displayed_as: 'Harbour Lane Bakery Ltd', $path: `/businesses/${business}` }] })
      .get(`/v3.1/businesses/${business}`).reply(200, { ...fixture('business.json'), country: { id: 'gb', displayed_as: 'United Kingdom (GB)' } });

    const found = await client().businesses();

    expect(found).toEqual([{ id: business, name: 'Harbour Lane Bakery Ltd', countryCode: 'GB' }]);
    scope.done();
  });

  it('follows $next across three pages, naming the business and keeping the filters on every page', async () => {
    const filters = { contact_type_id: 'CUSTOMER', attributes: 'all', search: 'a', updated_or_created_since: '2026-11-01T00:00:00+00:00' };
    const scope = nock(host, inBusiness)
      .get('/v3.1/contacts').query({ ...filters, ...page(1, 2) }).reply(200, fixture('contacts-page-1.json'))
      .get('/v3.1/contacts').query({ ...filters, ...page(2, 2) }).reply(200, fixture('contacts-page-2.json'))
      .get('/v3.1/contacts').query({ ...filters, ...page(3, 2) }).reply(200, fixture('contacts-page-3.json'));

    const contacts = await client({ pageSize: 2 }).contacts(business, { search: 'a', updatedSince: new Date('2026-11-01T00:00:00Z') });

    expect(contacts.map((c) => c.name)).toEqual(['Orchard Dental Practice', 'Pennine Cycles', 'Quayside Florists', 'Riverbank Vets', 'Saltmarsh Brewing Co']);
    expect(contacts[0]).toEqual({
      id: 'c1a1e2f3a4b5c6d7e8f9a0b1c2d3e4f5', name: 'Orchard Dental Practice', reference: 'ORCH001',
      email: 'accounts@orcharddental.example', taxNumber: null, companyNumber: null,
      createdAt: new Date('2025-04-01T10:00:00Z'), updatedAt: new Date('2026-11-20T14:02:11Z'), deletedAt: null,
    });
    expect(contacts.slice(3).map((c) => [c.reference, c.email, c.updatedAt])).toEqual([[null, null, new Date('2026-11-22T07:00:00Z')], ['SALT001', 'finance@saltmarsh.example', null]]);
    scope.done();
  });

  it('refuses a $next that points back to a page already read, rather than looping', async () => {
    nock(host).get('/v3.1/contacts').query(true).times(2).reply(200, fixture('contacts-page-1.json'));

    const failure = await client().contacts(business).catch((e: unknown) => e);

    expect(failure).toMatchObject({ kind: 'invalid-response', reason: expect.stringContaining('same next page') });
  });

  it('lists ledger accounts visible in sales, with nominal codes as text whether Sage sends numbers or strings', async () => {
    const scope = nock(host, inBusiness)
      .get('/v3.1/ledger_accounts').query({ visible_in: 'sales', attributes: 'all', ...page(1) }).reply(200, fixture('ledger-accounts.json'));

    const accounts = await client().salesLedgerAccounts(business);

    expect(accounts).toEqual([
      { id: '9a994b92267a11e797950a57719b2edb', nominalCode: '4000', name: 'Sales Type A' },
      { id: '9a994ff8267a11e797950a57719b2edb', nominalCode: '4010', name: 'Accountancy fees' },
      { id: '9a995366267a11e797950a57719b2edb', nominalCode: '4900', name: 'Other sales' },
    ]);
    scope.done();
  });

  it('reads tax rates into basis points from strings and numbers, null where Sage gives none', async () => {
    const scope = nock(host, inBusiness).get('/v3.1/tax_rates').query({ attributes: 'all', ...page(1) }).reply(200, fixture('tax-rates.json'));

    const rates = await client().taxRates(business);

    expect(rates).toEqual([
      { id: 'GB_STANDARD', name: 'Standard', basisPoints: 2000 },
      { id: 'GB_LOWER', name: 'Lower Rate', basisPoints: 500 },
      { id: 'GB_ZERO', name: 'Zero', basisPoints: 0 },
      { id: 'GB_EXEMPT', name: 'Exempt', basisPoints: 0 },
      { id: 'GB_NO_TAX', name: 'No VAT', basisPoints: null },
    ]);
    scope.done();
  });

  it('lists a rate finer than a hundredth of a percent without one, and says so once', async () => {
    const warnings: string[] = [];
    nock(host).get('/v3.1/tax_rates').query(true).reply(200, { $items: [{ id: 'ODD', name: 'Odd', percentage: '8.125' }], $next: null });

    const rates = await client({ onWarning: (m) => warnings.push(m) }).taxRates(business);

    expect(rates).toEqual([{ id: 'ODD', name: 'Odd', basisPoints: null }]);
    expect(warnings).toEqual([expect.stringContaining('8.125')]);
  });

  it('reads an invoice without marking it sent, with its total in pence and its web link', async () => {
    const id = 'e1a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5';
    const scope = nock(host, inBusiness).get(`/v3.1/sales_invoices/${id}`).query({ mark_as_sent: 'false' }).reply(200, fixture('sales-invoice.json'));

    const invoice = await client().invoice(business, id);

    expect(invoice).toEqual({
      id, invoiceNumber: 'SI-42', reference: 'IGN-INV-2026-0042', contactId: 'c1a1e2f3a4b5c6d7e8f9a0b1c2d3e4f5', totalAmount: 120012,
      webUrl: `https://accounts-next.sageone.com/invoicing/sales_invoices/${id}`,
    });
    scope.done();
  });

  it('finds an invoice by its exact reference among Sage\'s near matches, whose totals come as strings and numbers', async () => {
    const scope = nock(host, inBusiness)
      .get('/v3.1/sales_invoices').query({ search: 'IGN-INV-2026-0042', attributes: 'all', ...page(1) }).reply(200, fixture('sales-invoices-search.json'))
      .get('/v3.1/sales_invoices').query({ search: 'IGN-INV-2026-004', attributes: 'all', ...page(1) }).reply(200, fixture('sales-invoices-search.json'));

    const exact = await client().findInvoiceByReference(business, 'IGN-INV-2026-0042');
    const none = await client().findInvoiceByReference(business, 'IGN-INV-2026-004');

    expect(exact).toMatchObject({ id: 'e1a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5', invoiceNumber: 'SI-42', totalAmount: 120012 });
    expect(none).toBeNull();
    scope.done();
  });

  it('warns when Sage holds the same reference twice, and answers with the first', async () => {
    const warnings: string[] = [];
    const search = fixture('sales-invoices-search.json') as { $items: Record<string, unknown>[] };
    const twice = { ...search, $items: [...search.$items, { ...search.$items[2], id: 'e9', invoice_number: 'SI-43', total_amount: 99.5 }] };
    nock(host).get('/v3.1/sales_invoices').query(true).reply(200, twice);

    const found = await client({ onWarning: (m) => warnings.push(m) }).findInvoiceByReference(business, 'IGN-INV-2026-0042');

    expect(found).toMatchObject({ invoiceNumber: 'SI-42' });
    expect(warnings).toEqual([expect.stringContaining('2 invoices with the reference IGN-INV-2026-0042')]);
  });

  it('refuses a payload whose amount has more than two decimals', async () => {
    nock(host).get('/v3.1/sales_invoices/x').query(true).reply(200, { ...fixture('sales-invoice.json'), total_amount: '12.345' });

    await expect(client().invoice(business, 'x')).rejects.toMatchObject({ kind: 'invalid-response' });
  });
});
