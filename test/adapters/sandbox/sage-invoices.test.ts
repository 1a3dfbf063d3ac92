import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sageHarness, ukInvoice, type SageHarness } from './sage-harness.js';

type Invoice = Record<string, unknown> & { id: string; invoice_number: string; links: { href: string; rel: string; type: string }[] };

let h: SageHarness;
let token: string;
let customer: string;
let sales: string;
beforeEach(async () => {
  h = await sageHarness({ publicUrl: 'https://bot.example.com' });
  token = (await h.connect()).access_token;
  customer = h.sandbox.contacts(h.uk)[0]!.id;
  sales = await ledger(4000);
});
afterEach(async () => { await h.close(); });

async function ledger(code: number, business?: string): Promise<string> {
  const { body } = await h.call('GET', `/ledger_accounts?search=${code}`, { token, business });
  return (body as { $items: { id: string }[] }).$items[0]!.id;
}
const post = (body: unknown, business?: string) => h.call('POST', '/sales_invoices', { token, business, body });
const refusal = async (body: unknown) => {
  const res = await post(body);
  expect(res.status).toBe(422);
  return res.body;
};

describe('creating Sage sandbox sales invoices', () => {
  it('numbers invoices SI-1, SI-2… in each business separately', async () => {
    const irishCustomer = h.sandbox.contacts(h.ie)[0]!.id;

    const first = (await post(ukInvoice(customer, sales))).body as Invoice;
    const second = (await post(ukInvoice(customer, sales))).body as Invoice;
    const irish = (await post(ukInvoice(irishCustomer, await ledger(4000, h.ie), {}, { tax_rate_id: 'IE_STANDARD', tax_amount: '57.50' }), h.ie)).body as Invoice;

    expect([first.invoice_number, second.invoice_number, irish.invoice_number]).toEqual(['SI-1', 'SI-2', 'SI-1']);
    expect(first.displayed_as).toBe('SI-1');
    expect(irish).toMatchObject({ total_amount: '307.5', currency: { id: 'EUR' } });
  });

  it('works out lines and totals to the penny, rounding half away from zero, and answers decimals as strings', async () => {
    const body = ukInvoice(customer, sales);
    body.sales_invoice.invoice_lines = [
      { description: 'Payroll runs', ledger_account_id: sales, quantity: 2.5, unit_price: '19.99', tax_rate_id: 'GB_STANDARD', tax_amount: '10.00' },
      { description: 'Children\'s car seat', ledger_account_id: sales, quantity: 1, unit_price: 10.1, tax_rate_id: 'GB_LOWER', tax_amount: 0.51 },
      { description: 'Training course', ledger_account_id: sales, quantity: 1, unit_price: 100, tax_rate_id: 'GB_ZERO' },
    ];

    const res = await post(body);
    const inv = res.body as Invoice & { invoice_lines: Record<string, unknown>[] };

    expect(res.status).toBe(201);
    expect(inv.invoice_lines.map((l) => [l.quantity, l.unit_price, l.net_amount, l.tax_amount, l.total_amount])).toEqual([
      ['2.5', '19.99', '49.98', '10.0', '59.98'],
      ['1.0', '10.1', '10.1', '0.51', '10.61'],
      ['1.0', '100.0', '100.0', '0.0', '100.0'],
    ]);
    expect(inv).toMatchObject({ net_amount: '160.08', tax_amount: '10.51', total_amount: '170.59', outstanding_amount: '170.59', total_quantity: '4.5' });
    expect(h.sandbox.invoices(h.uk)[0]).toMatchObject({ net: 16008, tax: 1051, total: 17059 });
  });

  it('answers the invoice as Sage does: nested contact, status Unpaid, due date from the customer\'s credit days, a tax analysis', async () => {
    const inv = (await post(ukInvoice(customer, sales))).body as Invoice;

    expect(inv).toMatchObject({
      contact: { id: customer, displayed_as: 'Ashworth Dental Practice (ASH001)', $path: `/contacts/${customer}` },
      contact_name: 'Ashworth Dental Practice', reference: 'P-1001', date: '2026-06-15', due_date: '2026-07-15',
      status: { id: 'UNPAID', displayed_as: 'Unpaid' }, sent: false,
      invoice_lines: [{ ledger_account: { id: sales, displayed_as: 'Sales Type A (4000)' }, tax_rate: { id: 'GB_STANDARD' } }],
      tax_analysis: [{ tax_rate: { id: 'GB_STANDARD' }, net_amount: '250.0', tax_amount: '50.0', total_amount: '300.0' }],
    });
  });

  it('links each invoice to its web page under the public URL, where people see what was created', async () => {
    const inv = (await post(ukInvoice(customer, sales, { notes: 'Thanks for your business' }))).body as Invoice;
    const link = inv.links[0]!;
    const page = await h.app.inject({ url: new URL(link.href).pathname });

    expect(link).toEqual({ href: `https://bot.example.com/sandbox/sage/app/invoices/${inv.id}`, rel: 'alternate', type: 'text/html' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    for (const shown of ['SI-1', 'Ashworth Dental Practice (ASH001)', 'P-1001', 'Monthly bookkeeping', 'Standard', '£250.00', '£50.00', '£300.00', 'Thanks for your business']) {
      expect(page.body).toContain(shown);
    }
  });

  it('makes a second invoice when the same reference is posted twice: Sage takes no idempotency key', async () => {
    await post(ukInvoice(customer, sales));
    await post(ukInvoice(customer, sales));

    const found = (await h.call('GET', '/sales_invoices?search=p-1001', { token })).body as { $items: unknown[] };
    const byContact = (await h.call('GET', '/sales_invoices?search=ashworth', { token })).body as { $items: unknown[] };

    expect(h.sandbox.invoices(h.uk)).toHaveLength(2);
    expect(found.$items).toHaveLength(2);
    expect(byContact.$items).toHaveLength(2);
  });

  it('marks an invoice sent when it is read, unless mark_as_sent=false', async () => {
    const { id } = (await post(ukInvoice(customer, sales))).body as Invoice;

    const peek = (await h.call('GET', `/sales_invoices/${id}?mark_as_sent=false`, { token })).body as Invoice;
    const read = (await h.call('GET', `/sales_invoices/${id}`, { token })).body as Invoice;

    expect(peek.sent).toBe(false);
    expect(read.sent).toBe(true);
    expect(h.sandbox.invoices(h.uk)[0]!.sent).toBe(true);
  });
});

describe('Sage sandbox invoice validation', () => {
  it('requires the sales_invoice wrapper', async () => {
    expect(await refusal({ contact_id: customer })).toMatchObject([{ $dataCode: 'RecordInvalid', $source: 'sales_invoice' }]);
  });

  it('requires contact, date and lines, all reported together', async () => {
    const body = await refusal({ sales_invoice: { reference: 'x' } });

    expect((body as { $source: string }[]).map((e) => e.$source)).toEqual(['contact_id', 'date', 'invoice_lines']);
  });

  it('refuses an unknown contact, and a supplier, as no customer, in Sage\'s words', async () => {
    const vendor = h.sandbox.contacts(h.uk).find((c) => c.contactTypeIds.includes('VENDOR'))!.id;
    const expected = [{ $severity: 'error', $dataCode: 'RecordInvalid', $message: "Couldn't find Customer.", $source: '' }];

    expect(await refusal(ukInvoice('0123456789abcdef0123456789abcdef', sales))).toEqual(expected);
    expect(await refusal(ukInvoice(vendor, sales))).toEqual(expected);
  });

  it('requires a ledger account and a tax rate on every line', async () => {
    const body = await refusal(ukInvoice(customer, sales, {}, { ledger_account_id: undefined, tax_rate_id: undefined }));

    expect(body).toEqual([
      { $severity: 'error', $dataCode: 'RecordInvalid', $message: 'This field is required.', $source: 'invoice_lines.ledger_account_id' },
      { $severity: 'error', $dataCode: 'RecordInvalid', $message: 'This field is required.', $source: 'invoice_lines.tax_rate_id' },
    ]);
  });

  it('answers an account outside sales, or a rate of another country, with Sage\'s bare RecordNotFound', async () => {
    const bank = await ledger(1200);
    const expected = [{ $severity: 'error', $dataCode: 'RecordNotFound', $message: "Couldn't find record.", $source: '' }];

    expect(await refusal(ukInvoice(customer, bank))).toEqual(expected);
    expect(await refusal(ukInvoice(customer, sales, {}, { tax_rate_id: 'IE_STANDARD' }))).toEqual(expected);
  });

  it('requires tax_amount on a taxed line, and not on a zero, exempt or no-tax one', async () => {
    const taxed = await refusal(ukInvoice(customer, sales, {}, { tax_amount: undefined }));
    const exempt = await post(ukInvoice(customer, sales, {}, { tax_rate_id: 'GB_EXEMPT', tax_amount: undefined }));
    const noTax = await post(ukInvoice(customer, sales, {}, { tax_rate_id: 'GB_NO_TAX', tax_amount: undefined }));

    expect(taxed).toMatchObject([{ $message: 'This field is required.', $source: 'invoice_lines.tax_amount' }]);
    expect([exempt.status, noTax.status]).toEqual([201, 201]);
  });

  it('accepts a tax_amount within a penny of net × rate, and refuses one further off', async () => {
    const penny = await post(ukInvoice(customer, sales, {}, { tax_amount: '50.01' }));
    const twoPence = await refusal(ukInvoice(customer, sales, {}, { tax_amount: '49.98' }));
    const onZero = await refusal(ukInvoice(customer, sales, {}, { tax_rate_id: 'GB_ZERO', tax_amount: '0.01' }));

    expect(penny.status).toBe(201);
    expect(h.sandbox.invoices(h.uk)[0]!.tax).toBe(5001);
    expect(twoPence).toMatchObject([{ $dataCode: 'RecordInvalid', $source: 'invoice_lines.tax_amount' }]);
    expect((twoPence as { $message: string }[])[0]!.$message).toContain('is 50.0');
    expect(onZero).toMatchObject([{ $source: 'invoice_lines.tax_amount' }]);
  });

  it('refuses amounts that are not numbers or are finer than a penny', async () => {
    const price = await refusal(ukInvoice(customer, sales, {}, { unit_price: 'two hundred' }));
    const tax = await refusal(ukInvoice(customer, sales, {}, { tax_amount: '50.001' }));

    expect(price).toMatchObject([{ $source: 'invoice_lines.unit_price', $message: 'is not a number' }]);
    expect(tax).toMatchObject([{ $source: 'invoice_lines.tax_amount', $message: 'must have at most 2 decimal places' }]);
  });

  it('records nothing and uses no number when it refuses an invoice', async () => {
    await refusal(ukInvoice(customer, sales, {}, { tax_amount: undefined }));

    const next = (await post(ukInvoice(customer, sales))).body as Invoice;

    expect(h.sandbox.invoices(h.uk)).toHaveLength(1);
    expect(next.invoice_number).toBe('SI-1');
  });
});

describe('a closed period in the Sage sandbox', () => {
  it('closes the books through today (the lockdown date being earlier), refusing invoices dated then or before and taking the day after', async () => {
    h.sandbox.faults.closedPeriod(true);

    const onLockdown = await refusal(ukInvoice(customer, sales, { date: '2026-06-15' }));
    const before = await refusal(ukInvoice(customer, sales, { date: '2026-03-31' }));
    const after = await post(ukInvoice(customer, sales, { date: '2026-06-16' }));

    expect(onLockdown).toMatchObject([{ $dataCode: 'RecordInvalid', $source: 'date' }]);
    expect((onLockdown as { $message: string }[])[0]!.$message).toContain('15/06/2026');
    expect(before).toEqual(onLockdown);
    expect(after.status).toBe(201);
  });

  it('accepts back-dated invoices while the period is open', async () => {
    const res = await post(ukInvoice(customer, sales, { date: '2026-03-31' }));

    expect(res.status).toBe(201);
  });
});
