/** Changing and deleting contacts in the Sage sandbox, and the two incremental windows that see it. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sageHarness, ukInvoice, type SageHarness } from './sage-harness.js';

type Envelope = { $total: number; $items: Record<string, unknown>[] };

let h: SageHarness;
let token: string;
beforeEach(async () => { h = await sageHarness({ at: '2026-06-15T10:00:00Z' }); token = (await h.connect()).access_token; });
afterEach(async () => { await h.close(); });

const contact = (name: string) => h.sandbox.contacts(h.uk).find((c) => c.name === name)!;
const list = async (query: string) => ((await h.call('GET', `/contacts?attributes=all&items_per_page=200&${query}`, { token })).body as Envelope).$items;
const names = async (query: string) => (await list(query)).map((c) => c.name);
const at = (iso: string) => encodeURIComponent(iso);
/** Moves the sandbox's clock, and signs in again: an access token lives five minutes. */
const moveTo = async (iso: string) => { h.clock.set(iso); token = (await h.connect()).access_token; };

describe('Sage sandbox: PUT /contacts/{key}', () => {
  it('changes the fields named, merges the main contact person, and moves updated_at', async () => {
    const acme = contact('Acme Co Ltd');
    await moveTo('2026-06-16T08:00:00Z');

    const res = await h.call('PUT', `/contacts/${acme.id}`, { token, body: { contact: { name: 'Acme Company Ltd', main_contact_person: { email: 'ap@acmeco.example' }, registered_number: '08311453' } } });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      name: 'Acme Company Ltd', reference: 'ACM001', tax_number: 'GB 204 6618 37', registered_number: '08311453', email: 'ap@acmeco.example',
      main_contact_person: { name: acme.mainContactPerson!.name, email: 'ap@acmeco.example' }, updated_at: '2026-06-16T08:00:00Z', created_at: acme.createdAt,
    });
  });

  it('refuses a blank name or a reference another contact has, changing nothing', async () => {
    const acme = contact('Acme Co Ltd');

    const blank = await h.call('PUT', `/contacts/${acme.id}`, { token, body: { contact: { name: ' ' } } });
    const clash = await h.call('PUT', `/contacts/${acme.id}`, { token, body: { contact: { reference: 'ash001' } } });
    const own = await h.call('PUT', `/contacts/${acme.id}`, { token, body: { contact: { reference: 'ACM001' } } });

    expect([blank.status, clash.status, own.status]).toEqual([422, 422, 200]);
    expect(blank.body).toMatchObject([{ $source: 'name', $message: 'This field is required.' }]);
    expect(clash.body).toMatchObject([{ $source: 'reference', $message: 'has already been taken' }]);
    expect(contact('Acme Co Ltd').reference).toBe('ACM001');
  });
});

describe('Sage sandbox: DELETE /contacts/{key}', () => {
  it('deletes softly: gone from lists and reads, kept for deleted_since', async () => {
    const pem = contact('Pembrook Tea Rooms');

    const res = await h.call('DELETE', `/contacts/${pem.id}`, { token });
    const read = await h.call('GET', `/contacts/${pem.id}`, { token });
    const again = await h.call('DELETE', `/contacts/${pem.id}`, { token });

    expect(res.status).toBe(204);
    expect([read.status, again.status]).toEqual([404, 404]);
    expect(await names('search=pembrook')).toEqual([]);
    expect(await list(`deleted_since=${at('2026-06-15T09:59:59Z')}`)).toMatchObject([{ id: pem.id, name: 'Pembrook Tea Rooms', deleted_at: '2026-06-15T10:00:00Z' }]);
  });

  it('refuses to delete a customer with an invoice, and says it is not deletable', async () => {
    const acme = contact('Acme Co Ltd');
    const sales = ((await h.call('GET', '/ledger_accounts?visible_in=sales', { token })).body as Envelope).$items[0]!.id as string;
    expect((await h.call('POST', '/sales_invoices', { token, body: ukInvoice(acme.id, sales) })).status).toBe(201);

    const res = await h.call('DELETE', `/contacts/${acme.id}`, { token });
    const read = await h.call('GET', `/contacts/${acme.id}`, { token });

    expect(res.status).toBe(422);
    expect(res.body).toMatchObject([{ $severity: 'error', $dataCode: 'RecordInvalid' }]);
    expect(read.body).toMatchObject({ deletable: false, deleted_at: null });
    expect((await h.call('GET', `/contacts/${contact('Acme Co Limited').id}`, { token })).body).toMatchObject({ deletable: true });
  });

  it('takes no invoice for a deleted customer', async () => {
    const pem = contact('Pembrook Tea Rooms');
    const sales = ((await h.call('GET', '/ledger_accounts?visible_in=sales', { token })).body as Envelope).$items[0]!.id as string;
    await h.call('DELETE', `/contacts/${pem.id}`, { token });

    const res = await h.call('POST', '/sales_invoices', { token, body: ukInvoice(pem.id, sales) });

    expect(res.status).toBe(422);
    expect(res.body).toMatchObject([{ $message: "Couldn't find Customer." }]);
  });
});

describe('Sage sandbox: the incremental windows', () => {
  it('updated_or_created_since is inclusive: an edit at exactly the mark is listed, one a second earlier is not', async () => {
    await moveTo('2026-06-16T05:30:00Z');
    await h.call('PUT', `/contacts/${contact('Tidewater Joiners').id}`, { token, body: { contact: { name: 'Tidewater Joiners Ltd' } } });
    await moveTo('2026-06-16T05:29:59Z');
    await h.call('PUT', `/contacts/${contact('Lowther Consulting').id}`, { token, body: { contact: { notes: 'Edited just before the mark' } } });

    expect(await names(`contact_type_id=CUSTOMER&updated_or_created_since=${at('2026-06-16T05:30:00+00:00')}`)).toEqual(['Tidewater Joiners Ltd']);
    expect(await names(`contact_type_id=CUSTOMER&updated_or_created_since=${at('2026-06-16T05:30:01+00:00')}`)).toEqual([]);
  });

  it('deleted_since is exclusive: a delete at exactly the mark is not listed, and only deleted contacts are', async () => {
    await moveTo('2026-06-16T05:30:00Z');
    await h.call('DELETE', `/contacts/${contact('Quarry Lane Garage').id}`, { token });
    await moveTo('2026-06-16T05:30:01Z');
    await h.call('DELETE', `/contacts/${contact('Oakridge Holiday Lets').id}`, { token });

    expect(await names(`contact_type_id=CUSTOMER&deleted_since=${at('2026-06-16T05:30:00+00:00')}`)).toEqual(['Oakridge Holiday Lets']);
    expect(await names(`contact_type_id=CUSTOMER&deleted_since=${at('2026-06-16T05:29:59+00:00')}`)).toEqual(['Oakridge Holiday Lets', 'Quarry Lane Garage']);
    expect(await names(`deleted_since=${at('2026-06-16T05:30:01+00:00')}`)).toEqual([]);
  });

  it('refuses a deleted_since that is no date', async () => {
    const res = await h.call('GET', '/contacts?deleted_since=yesterday', { token });

    expect(res.status).toBe(422);
    expect(res.body).toEqual([{ $severity: 'error', $dataCode: 'RecordInvalid', $message: 'is not a valid date', $source: 'deleted_since' }]);
  });
});
