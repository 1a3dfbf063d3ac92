import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { xpmHarness, type XpmHarness } from './xpm-harness.js';

describe('the XPM sandbox client.api', () => {
  let h: XpmHarness;
  let token: string;
  beforeEach(async () => { h = await xpmHarness(); token = await h.connected(); });
  afterEach(async () => { await h.close(); });
  const first = () => h.sandbox.clients()[0]!;

  it('lists every client, archived and deleted included, under <Response api-method="List"> as text/xml', async () => {
    const res = await h.call('GET', '/practicemanager/3.1/client.api/list', { token });
    const body = (await h.api('GET', 'client.api/list', { token }));

    expect(res.headers['content-type']).toContain('text/xml');
    expect(res.raw).toMatch(/^<Response api-method="List"><Status>OK<\/Status><Clients><Client>/);
    expect(body.Clients.Client).toHaveLength(40);
    expect(body.Clients.Client[0]).toMatchObject({ UUID: first().uuid, Name: first().name });
    expect(body.Clients.Client[0].Contacts).toBeUndefined();
  });

  it('gives detailed clients with contacts, managers, structure, Yes/No flags and Website, leaving empty fields out', async () => {
    const body = await h.api('GET', 'client.api/list?detailed=true', { token });
    const rows = body.Clients.Client as Record<string, unknown>[];
    const withSite = h.sandbox.clients().find((c) => c.website && c.accountManagerUuid)!;
    const row = rows.find((r) => r.UUID === withSite.uuid)!;
    const noFax = rows.find((r) => r.UUID === h.sandbox.clients().find((c) => !c.fax)!.uuid)!;

    expect(row).toMatchObject({ Website: withSite.website, IsArchived: 'No', IsDeleted: 'No', AccountManager: { UUID: withSite.accountManagerUuid } });
    expect(row.Contacts).toMatchObject({ Contact: expect.arrayContaining([expect.objectContaining({ IsPrimary: 'Yes' })]) });
    expect(['Yes', 'No']).toContain(row.GSTRegistered);
    expect(noFax).not.toHaveProperty('Fax');
    expect(rows.some((r) => r.IsArchived === 'Yes')).toBe(true);
  });

  it('filters list by modifiedsince (UTC, yyyy-MM-ddTHH:mm:ss): only clients written at or after it', async () => {
    const edited = h.sandbox.clients()[3]!;
    h.clock.set('2026-06-15T10:05:00Z');
    h.sandbox.practice.edit(edited.uuid, { fax: '0117 496 9999' });

    const since = await h.api('GET', 'client.api/list?detailed=true&modifiedsince=2026-06-15T10:05:00', { token });
    const later = await h.api('GET', 'client.api/list?modifiedsince=2026-06-15T10:05:01', { token });

    expect(since.Clients.Client.map((c: { UUID: string }) => c.UUID)).toEqual([edited.uuid]);
    expect(since.Clients.Client[0].Fax).toBe('0117 496 9999');
    expect(later.Clients).toBe('');
  });

  it('refuses a malformed modifiedsince with HTTP 200 and Status ERROR', async () => {
    const body = await h.api('GET', 'client.api/list?modifiedsince=2026-06-15', { token });

    expect(body.Status).toBe('ERROR');
    expect(body.ErrorDescription).toContain('yyyy-MM-ddTHH:mm:ss');
  });

  it('pages live clients only, following the Next link until there is none', async () => {
    const seen: string[] = [];
    let path: string | null = 'client.api/paged-list?pageSize=15';
    let pages = 0;
    while (path) {
      const body = await h.api('GET', path, { token });
      seen.push(...(body.Clients.Client as { UUID: string }[]).map((c) => c.UUID));
      const next = body.Pagination.Links.Next as string | undefined;
      path = next ? next.slice(next.indexOf('client.api/')) : null;
      pages++;
    }
    const live = h.sandbox.clients().filter((c) => !c.isArchived && !c.isDeleted).map((c) => c.uuid);

    expect(live.length).toBeLessThan(40);
    expect(seen).toEqual(live);
    expect(pages).toBe(Math.ceil(live.length / 15));
  });

  it('does not skip a client when one on an earlier page is archived between two pages', async () => {
    const firstPage = await h.api('GET', 'client.api/paged-list?pageSize=10', { token });
    h.sandbox.practice.archive(firstPage.Clients.Client[0].UUID as string);
    const next = firstPage.Pagination.Links.Next as string;
    const secondPage = await h.api('GET', next.slice(next.indexOf('client.api/')), { token });

    const live = h.sandbox.clients().filter((c) => !c.isArchived && !c.isDeleted).map((c) => c.uuid);
    expect(secondPage.Clients.Client[0].UUID).toBe(live[9]);
  });

  it('refuses a page size outside 1–500 and a made-up page token with Status ERROR', async () => {
    const big = await h.api('GET', 'client.api/paged-list?pageSize=501', { token });
    const zero = await h.api('GET', 'client.api/paged-list?pageSize=0', { token });
    const bogus = await h.api('GET', 'client.api/paged-list?pageToken=nonsense', { token });

    expect([big.Status, zero.Status, bogus.Status]).toEqual(['ERROR', 'ERROR', 'ERROR']);
  });

  it('gets one detailed client with a WebUrl that opens its page', async () => {
    const body = await h.api('GET', `client.api/get/${first().uuid}`, { token });
    const page = await h.app.inject({ url: new URL(body.Client.WebUrl as string).pathname });

    expect(body['@_api-method']).toBe('Get');
    expect(body.Client).toMatchObject({ UUID: first().uuid, Name: first().name });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(first().name.replace('&', '&#38;'));
  });

  it('answers an unknown client with HTTP 200 and Status ERROR', async () => {
    const body = await h.api('GET', 'client.api/get/00000000-0000-4000-8000-000000000000', { token });

    expect(body).toMatchObject({ Status: 'ERROR', ErrorDescription: 'Client not found' });
  });

  it('adds a client with its contacts from a <Client> body, written WebSite, read back as Website', async () => {
    const staff = h.sandbox.staff()[0]!;
    h.clock.set('2026-06-15T10:20:00Z');
    const body = await h.api('POST', 'client.api/add', { token, body: `<Client><Name>Wren &amp; Hale Joinery Ltd</Name><Email>hello@wrenhale.example</Email>
      <Address>Unit 4\nMill Yard</Address><City>Bristol</City><PostCode>BS1 4DJ</PostCode><WebSite>https://wrenhale.example</WebSite>
      <BusinessStructure>Company</BusinessStructure><GSTRegistered>Yes</GSTRegistered><AccountManagerUUID>${staff.uuid}</AccountManagerUUID>
      <Contacts><Contact><Name>Ann Wren</Name><Salutation>Ms</Salutation><Mobile>07700 900001</Mobile><IsPrimary>Yes</IsPrimary><Position>Director</Position></Contact>
      <Contact><Name>Bob Hale</Name><Email>bob@wrenhale.example</Email></Contact></Contacts></Client>` });
    const made = h.sandbox.practice.clientNamed('Wren & Hale Joinery Ltd')!;

    expect(body.Status).toBe('OK');
    expect(body.Client).toMatchObject({
      UUID: made.uuid, Name: 'Wren & Hale Joinery Ltd', Website: 'https://wrenhale.example', GSTRegistered: 'Yes', BusinessStructure: 'Company',
      AccountManager: { UUID: staff.uuid, Name: staff.name }, WebUrl: expect.stringContaining(made.uuid),
    });
    expect(body.Client.Address).toBe('Unit 4\nMill Yard');
    expect(body.Client.Contacts.Contact).toEqual([
      expect.objectContaining({ Name: 'Ann Wren', Salutation: 'Ms', IsPrimary: 'Yes', Position: 'Director' }),
      expect.objectContaining({ Name: 'Bob Hale', Email: 'bob@wrenhale.example', IsPrimary: 'No' }),
    ]);
    expect(made.modifiedAt).toBe(Date.parse('2026-06-15T10:20:00Z'));
  });

  it('refuses an add without a Name, or with a structure or manager the practice does not have, and adds nothing', async () => {
    const noName = await h.api('POST', 'client.api/add', { token, body: '<Client><Email>x@example.com</Email></Client>' });
    const structure = await h.api('POST', 'client.api/add', { token, body: '<Client><Name>X</Name><BusinessStructure>Guild</BusinessStructure></Client>' });
    const manager = await h.api('POST', 'client.api/add', { token, body: '<Client><Name>X</Name><JobManagerUUID>nobody</JobManagerUUID></Client>' });
    const notXml = await h.api('POST', 'client.api/add', { token, body: '<Client><Name>X</Name>' });

    expect([noName, structure, manager, notXml].map((b) => b.Status)).toEqual(['ERROR', 'ERROR', 'ERROR', 'ERROR']);
    expect(noName.ErrorDescription).toBe('Name is required.');
    expect(h.sandbox.clients()).toHaveLength(40);
  });

  it('updates by UUID, replacing the writable fields: an element left out is cleared, contacts stay', async () => {
    const c = h.sandbox.clients().find((x) => x.email && x.phone)!;
    const contacts = c.contacts.length;
    h.clock.set('2026-06-15T10:25:00Z');

    const body = await h.api('PUT', 'client.api/update', { token, body: `<Client><UUID>${c.uuid}</UUID><Name>${c.name}</Name><Phone>0117 000 0000</Phone></Client>` });

    expect(body.Client.Phone).toBe('0117 000 0000');
    expect(body.Client).not.toHaveProperty('Email');
    expect(c.email).toBeNull();
    expect(c.contacts).toHaveLength(contacts);
    expect(c.modifiedAt).toBe(Date.parse('2026-06-15T10:25:00Z'));
  });

  it('refuses an update without a UUID, or for an unknown client, with Status ERROR', async () => {
    const none = await h.api('PUT', 'client.api/update', { token, body: '<Client><Name>X</Name></Client>' });
    const unknown = await h.api('PUT', 'client.api/update', { token, body: '<Client><UUID>nope</UUID><Name>X</Name></Client>' });

    expect(none).toMatchObject({ Status: 'ERROR', ErrorDescription: 'UUID is required.' });
    expect(unknown).toMatchObject({ Status: 'ERROR', ErrorDescription: 'Client not found' });
  });

  it('archives (PUT) and deletes (POST): both leave paged-list, stay in list with the flag, and count as modified', async () => {
    const [a, d] = h.sandbox.clients().filter((c) => !c.isArchived && !c.isDeleted);
    h.clock.set('2026-06-16T08:00:00Z');
    token = await h.connected();

    const archived = await h.api('PUT', 'client.api/archive', { token, body: `<Client><UUID>${a!.uuid}</UUID></Client>` });
    const deleted = await h.api('POST', 'client.api/delete', { token, body: `<Client><UUID>${d!.uuid}</UUID></Client>` });
    const changed = await h.api('GET', 'client.api/list?detailed=true&modifiedsince=2026-06-16T08:00:00', { token });
    const page = await h.api('GET', 'client.api/paged-list?pageSize=500', { token });
    const again = await h.api('POST', 'client.api/delete', { token, body: `<Client><UUID>${d!.uuid}</UUID></Client>` });

    expect([archived['@_api-method'], archived.Status, deleted['@_api-method'], deleted.Status]).toEqual(['Archive', 'OK', 'Delete', 'OK']);
    expect(changed.Clients.Client.map((c: Record<string, string>) => [c.UUID, c.IsArchived, c.IsDeleted])).toEqual([[a!.uuid, 'Yes', 'No'], [d!.uuid, 'No', 'Yes']]);
    expect(page.Clients.Client.map((c: { UUID: string }) => c.UUID)).not.toContain(a!.uuid);
    expect(again).toMatchObject({ Status: 'ERROR', ErrorDescription: 'Client has been deleted' });
  });

  it('answers gateway failures as JSON: 401 without a live token, 403 without the practice\'s Xero-Tenant-Id', async () => {
    const noToken = await h.call('GET', '/practicemanager/3.1/client.api/list');
    const noTenant = await h.call('GET', '/practicemanager/3.1/client.api/list', { token, tenant: null });
    const otherTenant = await h.call('GET', '/practicemanager/3.1/client.api/list', { token, tenant: '9a8b7c6d-1e2f-4a3b-8c4d-5e6f7a8b9c0d' });

    expect([noToken.status, noTenant.status, otherTenant.status]).toEqual([401, 403, 403]);
    expect(noToken.headers['content-type']).toContain('application/json');
    expect(JSON.parse(noTenant.raw)).toMatchObject({ Status: 403, Detail: 'AuthenticationUnsuccessful' });
  });
});
