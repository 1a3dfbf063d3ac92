/**
 * The real Sage client and OAuth against the Sage sandbox over loopback: the two were built apart
 * from the same reference, so this is where they prove they speak the same Sage.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SageApi, SageInvoiceInput } from '../../../adapters/sage/client.js';
import { isSageSubscriptionLapsed } from '../../../adapters/sage/errors.js';
import { served, startSageLoopback, type SageLoopback } from './loopback.js';

let l: SageLoopback;
let sage: SageApi;

beforeAll(async () => { l = await startSageLoopback(); });
afterAll(() => l.close());
beforeEach(async () => {
  l.sandbox.reset();
  l.waits.length = 0;
  sage = l.client((await l.connect()).accessToken, { pageSize: 2 });
});

const salesAccount = async (code: string) => (await sage.salesLedgerAccounts(l.uk.id)).find((a) => a.nominalCode === code)!.id;

/** Two lines in exact pence: 2.5 × £120.50 at 20 %, and 3 × £33.33 at 5 % (£4.9995 VAT, rounded to £5.00). */
const invoiceFor = async (contactId: string, reference: string): Promise<SageInvoiceInput> => ({
  contactId, date: '2026-06-15', dueDate: '2026-07-15', reference,
  lines: [
    { description: 'Monthly bookkeeping', ledgerAccountId: await salesAccount('4000'), quantity: 2.5, unitPrice: 12050, netAmount: 30125, taxRateId: 'GB_STANDARD', taxAmount: 6025 },
    { description: 'Payroll runs', ledgerAccountId: await salesAccount('4010'), quantity: 3, unitPrice: 3333, netAmount: 9999, taxRateId: 'GB_LOWER', taxAmount: 500 },
  ],
});

const customer = async (name: string) => (await sage.contacts(l.uk.id, { search: name }))[0]!.id;

describe('Sage client against the Sage sandbox', () => {
  it('signs in through the consent page and rotates the refresh token: the old one is refused', async () => {
    const { code, state, country } = await l.approve(l.auth.authorizeUrl('signed.state'));
    const first = await l.auth.exchangeCode(code, l.clock.now());
    if (!first.ok) throw new Error(first.error.detail);

    const second = await l.auth.refresh(first.value.refreshToken, l.clock.now());
    const replayed = await l.auth.refresh(first.value.refreshToken, l.clock.now());

    expect([state, country]).toEqual(['signed.state', 'gb']);
    expect(first.value.expiresAt).toEqual(new Date('2026-06-15T10:05:00Z'));
    expect(second.ok && second.value.refreshToken !== first.value.refreshToken).toBe(true);
    expect(replayed).toEqual({ ok: false, error: { kind: 'needs-reconnect', detail: expect.stringContaining('invalid_grant') } });
    expect(second.ok && (await l.client(second.value.accessToken).business('lead')).id).toBe(l.uk.id);
  });

  it('lists the user\'s UK and Irish businesses by country, and reads the lead business as the UK one', async () => {
    const businesses = await sage.businesses();
    const lead = await sage.business('lead');

    expect(businesses).toEqual([
      { id: l.uk.id, name: 'Wren & Hale Joinery Ltd', countryCode: 'GB' },
      { id: l.ie.id, name: 'Liffey Lane Studios Ltd', countryCode: 'IE' },
    ]);
    expect(lead).toEqual(businesses[0]);
  });

  it('names a business only on the business\'s own calls: the user\'s businesses are asked without X-Business', async () => {
    const named: [string, string | null][] = [];
    const recording: typeof fetch = async (input, init) => {
      named.push([new URL(String(input)).pathname.replace(/^.*\/v3\.1/, ''), new Headers(init?.headers).get('x-business')]);
      return fetch(input, init);
    };
    const { accessToken } = await l.connect();
    const irish = l.client(accessToken, { fetch: recording });

    await irish.business('lead');
    const rates = await irish.taxRates(l.ie.id);

    expect(named).toEqual([['/businesses/lead', null], ['/tax_rates', l.ie.id]]);
    expect(rates.map((r) => [r.id, r.basisPoints]).slice(0, 2)).toEqual([['IE_STANDARD', 2300], ['IE_REDUCED', 1350]]);
  });

  it('lists the sales accounts by nominal code and the VAT rates in basis points, page by page', async () => {
    const pagesBefore = served(l, 'GET /v3.1/tax_rates');

    const accounts = await sage.salesLedgerAccounts(l.uk.id);
    const rates = await sage.taxRates(l.uk.id);

    expect(accounts.map((a) => [a.nominalCode, a.name])).toEqual([
      ['4000', 'Sales Type A'], ['4010', 'Sales Type B'], ['4020', 'Sales Type C'], ['4900', 'Other income'], ['4905', 'Distribution and carriage'],
    ]);
    expect(rates.map((r) => [r.id, r.basisPoints])).toEqual([['GB_STANDARD', 2000], ['GB_LOWER', 500], ['GB_ZERO', 0], ['GB_EXEMPT', 0], ['GB_NO_TAX', 0]]);
    expect(served(l, 'GET /v3.1/tax_rates') - pagesBefore).toBe(3);
  });

  it('lists every customer across pages, suppliers left out, and finds them by name, by email and by last change', async () => {
    const pagesBefore = served(l, 'GET /v3.1/contacts');

    // 300 customers: two pages of Sage's largest.
    const all = await l.client((await l.connect()).accessToken).contacts(l.uk.id);
    const pages = served(l, 'GET /v3.1/contacts') - pagesBefore;
    const byName = await sage.contacts(l.uk.id, { search: 'cairn' });
    const byEmail = await sage.contacts(l.uk.id, { email: 'owen@dunmoreprice.example' });
    // Seeded a day apart from 5 January 09:00; Sage's `updated_or_created_since` is inclusive.
    const since = await sage.contacts(l.uk.id, { updatedSince: new Date('2026-01-08T09:00:00Z') });

    expect(all).toHaveLength(300);
    expect(all.slice(0, 6).map((c) => c.reference)).toEqual(['ASH001', 'BLA001', 'CAI001', 'DUN001', 'ELM001', 'FEN001']);
    expect(all.map((c) => c.name)).not.toContain('Northgate Office Supplies');
    expect(pages).toBe(2);
    expect(byName.map((c) => c.name)).toEqual(['Cairn Coffee Roasters']);
    expect(byEmail.map((c) => [c.name, c.email])).toEqual([['Dunmore & Price LLP', 'owen@dunmoreprice.example']]);
    expect(since.map((c) => c.reference)).toEqual(['DUN001', 'ELM001', 'FEN001']);
  });

  it('creates a customer whose email Sage keeps on the main contact person, so the email finds it', async () => {
    const made = await sage.createContact(l.uk.id, { name: 'Gorse Hill Farm', reference: 'GOR001', email: 'jo@gorsehill.example', contactPersonName: 'Jo Gorse' });

    const found = await sage.contacts(l.uk.id, { email: 'jo@gorsehill.example' });

    expect(made).toEqual({
      id: expect.any(String), name: 'Gorse Hill Farm', reference: 'GOR001', email: 'jo@gorsehill.example', taxNumber: null, companyNumber: null,
      createdAt: new Date('2026-06-15T10:00:00Z'), updatedAt: new Date('2026-06-15T10:00:00Z'), deletedAt: null,
    });
    expect(found).toEqual([made]);
  });

  it('creates an invoice for exactly our pence, numbered by Sage and linked to its page', async () => {
    const contactId = await customer('Ashworth');

    const made = await sage.createInvoice(l.uk.id, await invoiceFor(contactId, 'INV-0001'));

    expect(made).toEqual({
      id: expect.any(String), invoiceNumber: 'SI-1', reference: 'INV-0001', contactId, totalAmount: 46649, webUrl: `${l.sandbox.url}/app/invoices/${made.id}`,
    });
    expect(l.sandbox.invoices(l.uk.id).map((i) => [i.net, i.tax, i.total, i.lines.map((x) => [x.net, x.tax])])).toEqual([[40124, 6525, 46649, [[30125, 6025], [9999, 500]]]]);
    expect((await fetch(made.webUrl!)).status).toBe(200);
  });

  it('reads an invoice back without marking it as sent', async () => {
    const made = await sage.createInvoice(l.uk.id, await invoiceFor(await customer('Blackthorn'), 'INV-0002'));

    const read = await sage.invoice(l.uk.id, made.id);

    expect(read).toEqual(made);
    expect(l.sandbox.invoices(l.uk.id)[0]!.sent).toBe(false);
  });

  it('refuses an invoice with a tax rate the business does not have, in Sage\'s own words', async () => {
    const invoice = await invoiceFor(await customer('Cairn'), 'INV-0003');
    const unmapped = { ...invoice, lines: [{ ...invoice.lines[0]!, taxRateId: 'GB_MADE_UP' }] };

    const failure = await sage.createInvoice(l.uk.id, unmapped).catch((e: unknown) => e);

    expect(failure).toMatchObject({ kind: 'rejected', status: 422, reason: 'Sage refused the invoice: Couldn\'t find record.' });
    expect(l.sandbox.invoices(l.uk.id)).toEqual([]);
  });

  it('finds an invoice by its exact reference only, never one whose reference merely contains it', async () => {
    const contactId = await customer('Dunmore');
    await sage.createInvoice(l.uk.id, await invoiceFor(contactId, 'INV-00010'));
    const wanted = await sage.createInvoice(l.uk.id, await invoiceFor(contactId, 'INV-0001'));

    const found = await sage.findInvoiceByReference(l.uk.id, 'INV-0001');
    const missing = await sage.findInvoiceByReference(l.uk.id, 'INV-0009');

    expect(found).toEqual(wanted);
    expect(missing).toBeNull();
  });

  it('waits out Sage\'s 429s and then carries on', async () => {
    l.sandbox.faults.rateLimit(2, 3);

    const rates = await sage.taxRates(l.uk.id);

    expect(rates).toHaveLength(5);
    expect(l.waits).toEqual([3_000, 3_000]);
  });

  it('keeps a business under the sandbox\'s 100 calls a minute by itself: the 101st call waits the minute out, and nothing is throttled', async () => {
    const paced = l.client((await l.connect()).accessToken);

    for (let n = 0; n < 101; n++) await paced.taxRates(l.uk.id);

    expect(l.waits).toEqual([60_000]);
  });

  it('reports Sage as down once its retries are spent on an outage', async () => {
    l.sandbox.faults.serverError(10);

    const failure = await sage.taxRates(l.uk.id).catch((e: unknown) => e);

    expect(failure).toMatchObject({ kind: 'app-down', status: 503 });
    expect(l.sandbox.faults.state().serverError).toBe(6);
  });

  it('tells a lapsed subscription from a dead connection', async () => {
    l.sandbox.faults.subscriptionLapsed(true);

    const failure = await sage.taxRates(l.uk.id).catch((e: unknown) => e);

    expect(isSageSubscriptionLapsed(failure)).toBe(true);
    expect(failure).toMatchObject({ kind: 'rejected', status: 401, reason: expect.stringContaining('renew it in Sage') });
  });
});
