import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sageHarness, type SageHarness } from './sage-harness.js';

type Envelope = { $total: number; $page: number; $next: string | null; $back: string | null; $itemsPerPage: number; $items: Record<string, unknown>[] };

let h: SageHarness;
let token: string;
beforeEach(async () => { h = await sageHarness(); token = (await h.connect()).access_token; });
afterEach(async () => { await h.close(); });

describe('Sage sandbox businesses', () => {
  it('lists the user\'s two businesses on one page, base attributes only, with Sage\'s $items_per_page spelling', async () => {
    const { body } = await h.call('GET', '/businesses', { token });

    expect(body).toEqual({
      $total: 2, $page: 1, $next: null, $back: null, $items_per_page: 2147483647,
      $items: [
        { id: h.uk, displayed_as: 'Wren & Hale Joinery Ltd', $path: `/businesses/${h.uk}` },
        { id: h.ie, displayed_as: 'Liffey Lane Studios Ltd', $path: `/businesses/${h.ie}` },
      ],
    });
  });

  it('answers the lead business for the key "lead", with its address and country nested as Sage does', async () => {
    const { body } = await h.call('GET', '/businesses/lead', { token });

    expect(body).toMatchObject({
      id: h.uk, name: 'Wren & Hale Joinery Ltd', address_line_1: "14 Cooper's Yard", city: 'London', postal_code: 'SE8 3DZ',
      country: { id: 'GB', displayed_as: 'United Kingdom (GB)' }, is_demo: false, ni_based: false,
    });
    expect(body).toHaveProperty('subscriptions.0.active', true);
  });

  it('answers every business-level call for the business X-Business names, and the lead one without it', async () => {
    const irish = await h.call('GET', '/tax_rates', { token, business: h.ie });
    const lead = await h.call('GET', '/tax_rates', { token });

    expect((irish.body as Envelope).$items.map((t) => t.id)).toContain('IE_STANDARD');
    expect((lead.body as Envelope).$items.map((t) => t.id)).toContain('GB_STANDARD');
    expect(irish.headers['x-business']).toBe(h.ie);
  });

  it('refuses an X-Business the user cannot reach with Sage\'s authorization error', async () => {
    const res = await h.call('GET', '/contacts', { token, business: '0123456789abcdef0123456789abcdef' });

    expect(res.status).toBe(401);
    expect(res.body).toEqual([{ $severity: 'error', $dataCode: 'AuthorizationFailure', $message: 'Access denied.', $source: '' }]);
  });

  it('refuses a call without a token', async () => {
    const res = await h.call('GET', '/businesses');

    expect(res.status).toBe(401);
    expect(res.body).toEqual([{ $severity: 'error', $dataCode: 'AuthorizationFailure', $message: 'Access denied.', $source: '' }]);
  });
});

describe('Sage sandbox tax rates and ledger accounts', () => {
  it('offers the UK rates by Sage\'s ids, percentages as decimal strings', async () => {
    const { body } = await h.call('GET', '/tax_rates?attributes=all', { token });
    const rates = Object.fromEntries((body as Envelope).$items.map((t) => [t.id, t]));

    expect(Object.keys(rates)).toEqual(['GB_STANDARD', 'GB_LOWER', 'GB_ZERO', 'GB_EXEMPT', 'GB_NO_TAX']);
    expect(rates.GB_STANDARD).toMatchObject({ name: 'Standard', displayed_as: 'Standard 20.00%', percentage: '20.0', $path: '/tax_rates/GB_STANDARD' });
    expect(rates.GB_LOWER).toMatchObject({ name: 'Lower Rate', percentage: '5.0' });
    expect(rates.GB_ZERO).toMatchObject({ percentage: '0.0' });
  });

  it('offers the Irish rates to the Irish business, 13.5 % included exactly', async () => {
    const { body } = await h.call('GET', '/tax_rates/IE_REDUCED', { token, business: h.ie });

    expect(body).toMatchObject({ id: 'IE_REDUCED', percentage: '13.5', displayed_as: 'Reduced 13.50%' });
  });

  it('lists only sales accounts for visible_in=sales, named as Sage\'s default chart names them', async () => {
    const { body } = await h.call('GET', '/ledger_accounts?visible_in=sales&attributes=nominal_code,visible_in_sales', { token });
    const items = (body as Envelope).$items;

    expect(items.map((l) => l.displayed_as)).toEqual(['Sales Type A (4000)', 'Sales Type B (4010)', 'Sales Type C (4020)', 'Other income (4900)', 'Distribution and carriage (4905)']);
    expect(items.every((l) => l.visible_in_sales === true)).toBe(true);
    expect(Object.keys(items[0]!).sort()).toEqual(['$path', 'displayed_as', 'id', 'nominal_code', 'visible_in_sales']);
  });

  it('searches ledger accounts by code or name', async () => {
    const byCode = await h.call('GET', '/ledger_accounts?search=4010', { token });
    const byName = await h.call('GET', '/ledger_accounts?search=carriage', { token });

    expect((byCode.body as Envelope).$items.map((l) => l.displayed_as)).toEqual(['Sales Type B (4010)']);
    expect((byName.body as Envelope).$items.map((l) => l.displayed_as)).toEqual(['Distribution and carriage (4905)']);
  });

  it('refuses a visible_in area Sage does not have', async () => {
    const res = await h.call('GET', '/ledger_accounts?visible_in=everywhere', { token });

    expect(res.status).toBe(422);
    expect(res.body).toMatchObject([{ $dataCode: 'RecordInvalid', $source: 'visible_in' }]);
  });
});

describe('Sage sandbox paging', () => {
  it('pages a list in Sage\'s $items envelope, $next and $back as API paths keeping the filters', async () => {
    const first = (await h.call('GET', '/contacts?items_per_page=2&contact_type_id=CUSTOMER', { token })).body as Envelope;
    const second = (await h.call('GET', first.$next!, { token })).body as Envelope;
    const last = (await h.call('GET', '/contacts?items_per_page=2&page=150&contact_type_id=CUSTOMER', { token })).body as Envelope;

    expect(first).toMatchObject({ $total: 300, $page: 1, $back: null, $itemsPerPage: 2 });
    expect(first.$next).toBe('/contacts?page=2&items_per_page=2&contact_type_id=CUSTOMER');
    expect(second.$page).toBe(2);
    expect(second.$back).toBe('/contacts?page=1&items_per_page=2&contact_type_id=CUSTOMER');
    expect(second.$items.map((c) => c.displayed_as)).toEqual(['Cairn Coffee Roasters (CAI001)', 'Dunmore & Price LLP (DUN001)']);
    expect(last.$next).toBeNull();
  });

  it('gives 20 a page by default and only id, displayed_as and $path unless asked for more', async () => {
    const plain = (await h.call('GET', '/contacts', { token })).body as Envelope;
    const all = (await h.call('GET', '/contacts?attributes=all', { token })).body as Envelope;

    expect(plain.$itemsPerPage).toBe(20);
    expect(Object.keys(plain.$items[0]!).sort()).toEqual(['$path', 'displayed_as', 'id']);
    expect(all.$items[0]).toMatchObject({ name: 'Ashworth Dental Practice', reference: 'ASH001', email: 'priya@ashworth-dental.example' });
  });

  it('refuses more than 200 items a page rather than quietly giving fewer', async () => {
    const over = await h.call('GET', '/contacts?items_per_page=201', { token });
    const most = await h.call('GET', '/contacts?items_per_page=200', { token });

    expect(over.status).toBe(422);
    expect(over.body).toMatchObject([{ $dataCode: 'RecordInvalid', $source: 'items_per_page' }]);
    expect(most.status).toBe(200);
  });

  it('answers a path Sage does not have with its error array', async () => {
    const res = await h.call('GET', '/purchase_orders', { token });

    expect(res.status).toBe(404);
    expect(res.body).toMatchObject([{ $severity: 'error', $message: 'The path/endpoint does not exist.' }]);
  });
});
