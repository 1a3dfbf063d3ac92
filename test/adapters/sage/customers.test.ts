/** Sage's customers as app clients, against payloads shaped as Sage documents them (nock). */
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { listSageCustomers } from '../../../adapters/sage/customers.js';
import { businessId as business, sageHost as host, sageTestClient } from './support.js';

const inBusiness = { reqheaders: { 'x-business': business, authorization: 'Bearer tok-1' } };
const page = (n: number, size = 200) => ({ page: String(n), items_per_page: String(size) });
const customers = { contact_type_id: 'CUSTOMER', attributes: 'all' };
const mark = new Date('2026-11-21T05:30:00Z');
const markText = '2026-11-21T05:30:00+00:00';

const ref = (collection: string, id: string, displayed_as: string) => ({ id, displayed_as, $path: `/${collection}/${id}` });

/** A contact as GET /contacts?attributes=all answers it: nested references, decimals as strings. */
const contact = (id: string, name: string, over: Record<string, unknown> = {}) => ({
  ...ref('contacts', id, name), name, reference: null, created_at: '2025-04-01T10:00:00Z', updated_at: '2026-11-20T14:02:11Z', deleted_at: null,
  contact_types: [ref('contact_types', 'CUSTOMER', 'Customer')], tax_number: '', registered_number: null, notes: '', locale: 'en',
  balance: '0.0', credit_limit: '0.0', credit_days: null, source_guid: null, currency: ref('currencies', 'GBP', 'Pound Sterling (GBP)'),
  main_address: ref('addresses', `a-${id}`, '1 Mill Road\nYork\nYO1 7AA'), main_contact_person: ref('contact_persons', `p-${id}`, name),
  email: null, deletable: true, system: false, links: [],
  ...over,
});

/** A deleted contact as `deleted_since` with attributes=deleted_at answers it: base attributes and when. */
const gone = (id: string, name: string, at: string) => ({ ...ref('contacts', id, name), deleted_at: at });

const envelope = (items: unknown[], next: string | null = null, n = 1) => ({ $total: items.length, $page: n, $next: next, $back: null, $itemsPerPage: 200, $items: items });

const client = () => sageTestClient().client;

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe('Sage client: customers for import', () => {
  it('reads a customer\'s email from its main contact person before its own, its VAT and company numbers, blanks as none', async () => {
    const scope = nock(host, inBusiness).get('/v3.1/contacts').query({ ...customers, ...page(1) }).reply(200, envelope([
      contact('c1', 'Orchard Dental Practice', {
        reference: 'ORCH001', tax_number: 'GB123456789', registered_number: '01234567', email: 'old@orcharddental.example',
        main_contact_person: { ...ref('contact_persons', 'p-c1', 'Ann Orchard'), name: 'Ann Orchard', email: 'ann@orcharddental.example', is_main_contact: true },
      }),
      contact('c2', 'Pennine Cycles', { email: 'accounts@pennine.example' }),
    ]));

    const found = await client().contacts(business);

    expect(found.map((c) => [c.name, c.email, c.taxNumber, c.companyNumber, c.reference])).toEqual([
      ['Orchard Dental Practice', 'ann@orcharddental.example', 'GB123456789', '01234567', 'ORCH001'],
      ['Pennine Cycles', 'accounts@pennine.example', null, null, null],
    ]);
    scope.done();
  });

  it('lists customers deleted after a moment across pages, asking only for when each was deleted', async () => {
    const filters = { contact_type_id: 'CUSTOMER', attributes: 'deleted_at', deleted_since: markText };
    const scope = nock(host, inBusiness)
      .get('/v3.1/contacts').query({ ...filters, ...page(1) })
      .reply(200, envelope([gone('d1', 'Quayside Florists', '2026-11-21T08:00:00Z')], `/contacts?page=2&items_per_page=200&deleted_since=${encodeURIComponent(markText)}`))
      .get('/v3.1/contacts').query({ ...filters, ...page(2) })
      .reply(200, envelope([gone('d2', 'Riverbank Vets', '2026-11-22T09:15:00+00:00')], null, 2));

    const deleted = await client().deletedContacts(business, mark);

    expect(deleted).toEqual([
      { id: 'd1', deletedAt: new Date('2026-11-21T08:00:00Z') },
      { id: 'd2', deletedAt: new Date('2026-11-22T09:15:00Z') },
    ]);
    scope.done();
  });

  it('reads every live customer on a first sync, with nothing deleted and no field Sage left blank', async () => {
    const scope = nock(host, inBusiness).get('/v3.1/contacts').query({ ...customers, ...page(1) }).reply(200, envelope([
      contact('c1', 'Orchard Dental Practice', { reference: 'ORCH001', tax_number: 'GB123456789', registered_number: '01234567', email: 'ann@orcharddental.example' }),
      contact('c2', 'Pennine Cycles', { updated_at: null }),
    ]));

    const changes = await listSageCustomers(client(), business, null);

    expect(changes).toEqual({
      changed: [
        { externalId: 'c1', name: 'Orchard Dental Practice', email: 'ann@orcharddental.example', vatNumber: 'GB123456789', companyNumber: '01234567', reference: 'ORCH001', updatedAt: new Date('2026-11-20T14:02:11Z') },
        { externalId: 'c2', name: 'Pennine Cycles', updatedAt: new Date('2025-04-01T10:00:00Z') },
      ],
      deleted: [],
    });
    scope.done();
  });

  it('reads what changed at or after the mark and what was deleted from the second before it (Sage stamps whole seconds); one changed then deleted counts as deleted', async () => {
    const scope = nock(host, inBusiness)
      .get('/v3.1/contacts').query({ ...customers, updated_or_created_since: markText, ...page(1) }).reply(200, envelope([
        contact('c3', 'Saltmarsh Brewing Co', { updated_at: '2026-11-21T05:30:00Z' }),
        contact('d1', 'Quayside Florists', { updated_at: '2026-11-21T07:00:00Z' }),
      ]))
      .get('/v3.1/contacts').query({ contact_type_id: 'CUSTOMER', attributes: 'deleted_at', deleted_since: '2026-11-21T05:29:59+00:00', ...page(1) })
      .reply(200, envelope([gone('d1', 'Quayside Florists', '2026-11-21T08:00:00Z')]));

    const changes = await listSageCustomers(client(), business, mark);

    expect(changes).toEqual({ changed: [{ externalId: 'c3', name: 'Saltmarsh Brewing Co', updatedAt: mark }], deleted: ['d1'] });
    scope.done();
  });

  it('costs two list calls when nothing changed: one for changes, one for deletions', async () => {
    let calls = 0;
    nock(host, inBusiness).get('/v3.1/contacts').query(true).times(5).reply(() => { calls++; return [200, envelope([])]; });

    const changes = await listSageCustomers(client(), business, mark);

    expect(changes).toEqual({ changed: [], deleted: [] });
    expect(calls).toBe(2);
  });

  it('refuses a customer Sage sent with no timestamp at all, rather than guessing when it changed', async () => {
    nock(host, inBusiness).get('/v3.1/contacts').query(true).reply(200, envelope([contact('c9', 'Undated Ltd', { created_at: null, updated_at: null })]));

    const failure = await listSageCustomers(client(), business, null).catch((e: unknown) => e);

    expect(failure).toMatchObject({ kind: 'invalid-response', reason: expect.stringContaining('c9') });
  });
});
