import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ProviderError } from '../../../adapters/provider-http.js';
import { toSyncedRecord } from '../../../adapters/xpm/mapping.js';
import { asPractice, detailedClient, response, sparseClient, xml, xpmBase as base, xpmHost as host, xpmTestClient } from './support.js';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

const failure = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a failure'); }, (e: unknown) => e as ProviderError);

describe('XPM client: reading', () => {
  it('lists detailed clients changed since a moment (UTC, to the second), naming the practice on the call', async () => {
    const scope = nock(host, asPractice)
      .get(`${base}/client.api/list`).query({ detailed: 'true', modifiedsince: '2026-11-21T06:00:00' })
      .reply(200, response('List', `<Clients>${detailedClient}${sparseClient}</Clients>`), xml);

    const clients = await xpmTestClient().client.clients(new Date('2026-11-21T06:00:00.250Z'));

    expect(clients).toEqual([
      {
        uuid: 'bd4ce3c0-0d44-4a9c-8b49-1e4b2a8d8f63', name: 'Smith & Sons Ltd', email: 'accounts@smithandsons.example',
        phone: '0113 496 0000', website: 'https://smithandsons.example',
        streetAddress: { line1: 'Unit 4', line2: '12 High Street', city: 'Leeds', region: 'West Yorkshire', postcode: 'LS1 4AB', country: 'United Kingdom' },
        postalAddress: { line1: 'PO Box 77', city: 'Leeds', postcode: 'LS2 9ZZ', country: 'United Kingdom' },
        contacts: [{ name: 'Jo Smith', salutation: 'Jo', email: 'jo@smithandsons.example', mobile: '07700 900123' }],
        partner: { name: 'Priya Shah', externalId: '7c3e1f20-5a4b-4c3d-9e2f-1a0b9c8d7e6f' },
        manager: { name: 'Tom Reed', externalId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d' },
        groups: ['Leeds office'], taxRegistered: true, businessStructure: 'limited-company', archived: false, deleted: false,
        webUrl: 'https://practicemanager.xero.com/Client/bd4ce3c0-0d44-4a9c-8b49-1e4b2a8d8f63/Detail',
      },
      {
        uuid: '0f9e8d7c-6b5a-4a3b-8c2d-1e0f9a8b7c6d', name: 'Ng Bookkeeping', phone: '+44 (0)20 7946 0000',
        streetAddress: { line1: '', city: '', postcode: '02134', country: '' },
        contacts: [], groups: [], archived: true, deleted: false,
      },
    ]);
    scope.done();
  });

  it('lists every client when no moment is given, and reads a list of one as a list and an empty one as none', async () => {
    const scope = nock(host, asPractice)
      .get(`${base}/client.api/list`).query({ detailed: 'true' }).reply(200, response('List', `<Clients>${sparseClient}</Clients>`), xml)
      .get(`${base}/client.api/list`).query({ detailed: 'true' }).reply(200, response('List', '<Clients />'), xml);
    const { client } = xpmTestClient();

    expect((await client.clients()).map((c) => c.name)).toEqual(['Ng Bookkeeping']);
    expect(await client.clients()).toEqual([]);
    scope.done();
  });

  it('gives the sync engine a record with our field names, leaving out what XPM left out', async () => {
    nock(host).get(`${base}/client.api/get/bd4ce3c0-0d44-4a9c-8b49-1e4b2a8d8f63`).reply(200, response('Get', detailedClient), xml);
    nock(host).get(`${base}/client.api/get/0f9e8d7c-6b5a-4a3b-8c2d-1e0f9a8b7c6d`).reply(200, response('Get', sparseClient), xml);
    const { client } = xpmTestClient();
    const fetchedAt = new Date('2026-11-22T10:00:00Z');

    const full = toSyncedRecord(await client.client('bd4ce3c0-0d44-4a9c-8b49-1e4b2a8d8f63'), fetchedAt);
    const sparse = toSyncedRecord(await client.client('0f9e8d7c-6b5a-4a3b-8c2d-1e0f9a8b7c6d'), fetchedAt);

    expect(Object.keys(full).sort()).toEqual([
      'businessStructure', 'contacts', 'email', 'externalId', 'fetchedAt', 'groups', 'manager', 'name', 'partner', 'phone',
      'postalAddress', 'streetAddress', 'taxRegistered', 'website',
    ]);
    expect(full).toMatchObject({ externalId: 'bd4ce3c0-0d44-4a9c-8b49-1e4b2a8d8f63', name: 'Smith & Sons Ltd', fetchedAt, groups: ['Leeds office'], taxRegistered: true });
    expect(sparse).toEqual({
      externalId: '0f9e8d7c-6b5a-4a3b-8c2d-1e0f9a8b7c6d', name: 'Ng Bookkeeping', fetchedAt, phone: '+44 (0)20 7946 0000',
      streetAddress: { line1: '', city: '', postcode: '02134', country: '' },
    });
  });

  it('reads client groups, staff and job templates', async () => {
    const scope = nock(host, asPractice)
      .get(`${base}/clientgroup.api/list`).reply(200, response('List', `<Groups>
    <Group><UUID>3d2c1b0a-9f8e-4d7c-b6a5-4f3e2d1c0b9a</UUID><Name>Leeds office</Name><Taxable>No</Taxable></Group>
  </Groups>`), xml)
      .get(`${base}/staff.api/list`).reply(200, response('List', `<StaffList>
    <Staff><UUID>7c3e1f20-5a4b-4c3d-9e2f-1a0b9c8d7e6f</UUID><Name>Priya Shah</Name><Email>priya@harbour.example</Email><Phone /><Mobile>07700 900001</Mobile><Address /><PayrollCode /></Staff>
    <Staff><UUID>9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d</UUID><Name>Tom Reed</Name></Staff>
  </StaffList>`), xml)
      .get(`${base}/template.api/list`).reply(200, response('List', `<Templates>
    <Template><UUID>6f5e4d3c-2b1a-4098-8765-43210fedcba9</UUID><Name>Year-end accounts</Name></Template>
  </Templates>`), xml);
    const { client } = xpmTestClient();

    expect(await client.groups()).toEqual([{ uuid: '3d2c1b0a-9f8e-4d7c-b6a5-4f3e2d1c0b9a', name: 'Leeds office' }]);
    expect(await client.staff()).toEqual([
      { uuid: '7c3e1f20-5a4b-4c3d-9e2f-1a0b9c8d7e6f', name: 'Priya Shah', email: 'priya@harbour.example', mobile: '07700 900001' },
      { uuid: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', name: 'Tom Reed' },
    ]);
    expect(await client.templates()).toEqual([{ uuid: '6f5e4d3c-2b1a-4098-8765-43210fedcba9', name: 'Year-end accounts' }]);
    scope.done();
  });
});

describe('XPM client: failures', () => {
  it('treats <Status>ERROR</Status> inside an HTTP 200 as a refusal, in XPM\'s words, and does not send it again', async () => {
    const scope = nock(host).get(`${base}/client.api/get/nope`).once()
      .reply(200, '<?xml version="1.0" encoding="utf-8"?><Response api-method="Get"><Status>ERROR</Status><ErrorDescription>Client not found</ErrorDescription></Response>', xml);

    const e = await failure(xpmTestClient().client.client('nope'));

    expect(e).toBeInstanceOf(ProviderError);
    expect(e).toMatchObject({ app: 'xpm', kind: 'rejected', reason: 'Xero Practice Manager refused the client: Client not found', status: 200 });
    expect(e.detail.body).toMatchObject({ Response: { Status: 'ERROR', ErrorDescription: 'Client not found' } });
    scope.done();
  });

  it('reads the gateway\'s JSON 401 after one forced token refresh as a reconnect, keeping Xero\'s words', async () => {
    const forced: boolean[] = [];
    const unauthorized = { Type: null, Title: 'Unauthorized', Status: 401, Detail: 'AuthenticationUnsuccessful', Instance: 'f2c6a0e5' };
    const scope = nock(host).get(`${base}/staff.api/list`).twice().reply(401, unauthorized, { 'content-type': 'application/json' });

    const e = await failure(xpmTestClient({ token: async (o) => { forced.push(o?.force ?? false); return 'tok-1'; } }).client.staff());

    expect(forced).toEqual([false, true]);
    expect(e).toMatchObject({ kind: 'reconnect-needed', status: 401, reason: 'Unauthorized: AuthenticationUnsuccessful' });
    scope.done();
  });

  it('calls a JSON 403 (a scope not granted, a tenant not connected) our own setup, not a reconnect', async () => {
    nock(host).get(`${base}/template.api/list`).reply(403, { Type: null, Title: 'Forbidden', Status: 403, Detail: 'AuthorizationUnsuccessful' }, { 'content-type': 'application/json' });

    const e = await failure(xpmTestClient().client.templates());

    expect(e).toMatchObject({ kind: 'app-misconfigured', status: 403, reason: 'Forbidden: AuthorizationUnsuccessful' });
  });

  it('waits out an empty-bodied 429 for as long as Retry-After says, then sends again', async () => {
    const scope = nock(host)
      .get(`${base}/clientgroup.api/list`).reply(429, '', { 'retry-after': '7', 'x-rate-limit-problem': 'minute' })
      .get(`${base}/clientgroup.api/list`).reply(200, response('List', '<Groups />'), xml);
    const { client, waits } = xpmTestClient();

    expect(await client.groups()).toEqual([]);
    expect(waits).toContain(7_000);
    scope.done();
  });

  it('hands a day-limit 429 back to the caller with how long to wait, rather than sleeping for hours', async () => {
    nock(host).get(`${base}/clientgroup.api/list`).once().reply(429, '', { 'retry-after': '3600', 'x-rate-limit-problem': 'day' });

    const e = await failure(xpmTestClient().client.groups());

    expect(e).toMatchObject({ kind: 'rate-limited', detail: { retryAfterMs: 3_600_000 } });
  });

  it('refuses a cut-off XML body rather than reading it as a short list', async () => {
    nock(host).get(`${base}/client.api/list`).query(true).once().reply(200, response('List', '<Clients><Client><UUID>x</UUID>').slice(0, -12), xml);

    const e = await failure(xpmTestClient().client.clients());

    expect(e).toMatchObject({ kind: 'invalid-response' });
  });
});
