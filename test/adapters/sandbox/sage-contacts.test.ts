import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSageSandbox } from '../../../adapters/sandbox/sage.js';
import { sageApp, sageHarness, type SageHarness } from './sage-harness.js';

type Envelope = { $total: number; $items: Record<string, unknown>[] };

let h: SageHarness;
let token: string;
beforeEach(async () => { h = await sageHarness(); token = (await h.connect()).access_token; });
afterEach(async () => { await h.close(); });

const names = async (query: string, business?: string) =>
  ((await h.call('GET', `/contacts?${query}`, { token, business })).body as Envelope).$items.map((c) => c.displayed_as);

const newCustomer = (contact: Record<string, unknown>) => ({
  contact: {
    name: 'Greenway Florists', contact_type_ids: ['CUSTOMER'], reference: 'GRE001',
    main_contact_person: { name: 'Ivy Green', email: 'ivy@greenway.example' },
    main_address: { address_line_1: '9 High Street', city: 'Bath', postal_code: 'BA1 5AW', country_id: 'GB' },
    ...contact,
  },
});

describe('Sage sandbox contacts', () => {
  it('seeds the same customers, ids included, every time', () => {
    const a = createSageSandbox(sageApp), b = createSageSandbox(sageApp);
    const uk = a.businesses()[0]!.id;

    expect(a.contacts(uk).map((c) => [c.id, c.name])).toEqual(b.contacts(uk).map((c) => [c.id, c.name]));
    expect(a.contacts(uk).filter((c) => c.contactTypeIds.includes('CUSTOMER'))).toHaveLength(300);
    expect(a.contacts(uk)[0]!.id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('searches by name or reference, filters by the main contact person\'s email and by contact type', async () => {
    expect(await names('search=cairn')).toEqual(['Cairn Coffee Roasters (CAI001)']);
    expect(await names('search=dun001')).toEqual(['Dunmore & Price LLP (DUN001)']);
    expect(await names('email=TOM@blackthorncycles.example')).toEqual(['Blackthorn Cycles Ltd (BLA001)']);
    expect(await names('contact_type_id=VENDOR')).toEqual([
      'Northgate Office Supplies (NOR001)', 'Harbour Print Works (HAR001)', 'Pennant Stationers (PEN003)', 'Clearwater Utilities (CLE001)', 'Swift Couriers (SWI001)',
    ]);
  });

  it('keeps contacts changed at or after updated_or_created_since, inclusive, in every form Sage takes', async () => {
    expect(await names('updated_or_created_since=2026-01-10T09:00:00Z')).toEqual(['Fenwick Architects (FEN001)', 'Northgate Office Supplies (NOR001)']);
    expect(await names(`updated_or_created_since=${encodeURIComponent('2026-01-11T10:00:00+01:00')}`)).toEqual(['Northgate Office Supplies (NOR001)']);
    expect(await names(`updated_or_created_since=${encodeURIComponent('2026-01-11T+01:00')}`)).toEqual(['Northgate Office Supplies (NOR001)']);
  });

  it('answers a contact by id with its email and address where Sage puts them', async () => {
    const ashworth = h.sandbox.contacts(h.uk)[0]!;

    const { body } = await h.call('GET', `/contacts/${ashworth.id}`, { token });

    expect(body).toMatchObject({
      id: ashworth.id, name: 'Ashworth Dental Practice', reference: 'ASH001', email: 'priya@ashworth-dental.example',
      contact_types: [{ id: 'CUSTOMER', displayed_as: 'Customer', $path: '/contact_types/CUSTOMER' }],
      main_contact_person: { name: 'Priya Ashworth', email: 'priya@ashworth-dental.example' },
      main_address: { address_line_1: '3 Market Street', postal_code: 'HX7 6AA', country: { id: 'GB' } },
      currency: { id: 'GBP' },
    });
  });

  it('creates a customer from Sage\'s request shape and finds it afterwards', async () => {
    const created = await h.call('POST', '/contacts', { token, body: newCustomer({ source_guid: 'client-42', registered_number: '01234567' }) });
    const found = await names('search=greenway&attributes=all');

    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      displayed_as: 'Greenway Florists (GRE001)', email: 'ivy@greenway.example', source_guid: 'client-42', registered_number: '01234567',
      main_address: { city: 'Bath', postal_code: 'BA1 5AW', country: { id: 'GB', displayed_as: 'United Kingdom (GB)' } },
      created_at: '2026-06-15T10:00:00Z',
    });
    expect(found).toEqual(['Greenway Florists (GRE001)']);
    expect(h.sandbox.contacts(h.uk).at(-1)!.sourceGuid).toBe('client-42');
  });

  it('requires a name and contact types, answering every problem at once', async () => {
    const res = await h.call('POST', '/contacts', { token, body: { contact: { reference: 'X1' } } });

    expect(res.status).toBe(422);
    expect(res.body).toEqual([
      { $severity: 'error', $dataCode: 'RecordInvalid', $message: 'This field is required.', $source: 'name' },
      { $severity: 'error', $dataCode: 'RecordInvalid', $message: 'This field is required.', $source: 'contact_type_ids' },
    ]);
  });

  it('refuses a body not wrapped in `contact`', async () => {
    const res = await h.call('POST', '/contacts', { token, body: { name: 'Unwrapped Ltd', contact_type_ids: ['CUSTOMER'] } });

    expect(res.status).toBe(422);
    expect(res.body).toMatchObject([{ $source: 'contact', $message: 'This field is required.' }]);
  });

  it('keeps references unique within a business, whatever their case, and creates nothing when refused', async () => {
    const before = h.sandbox.contacts(h.uk).length;

    const clash = await h.call('POST', '/contacts', { token, body: newCustomer({ reference: 'ash001' }) });
    const elsewhere = await h.call('POST', '/contacts', { token, business: h.ie, body: newCustomer({ reference: 'ASH001' }) });

    expect(clash.status).toBe(422);
    expect(clash.body).toEqual([{ $severity: 'error', $dataCode: 'RecordInvalid', $message: 'has already been taken', $source: 'reference' }]);
    expect(h.sandbox.contacts(h.uk)).toHaveLength(before);
    expect(elsewhere.status).toBe(201);
  });

  it('refuses a contact type Sage does not have', async () => {
    const res = await h.call('POST', '/contacts', { token, body: newCustomer({ contact_type_ids: ['CLIENT'] }) });

    expect(res.status).toBe(422);
    expect(res.body).toMatchObject([{ $dataCode: 'RecordNotFound', $source: 'contact_type_ids' }]);
  });
});
