import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createXmlCodec } from '../../../adapters/provider-http.js';
import { asPractice, detailedClient, job, response, xml, xpmBase as base, xpmHost as host, xpmTestClient } from './support.js';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

const decode = (body: string) => createXmlCodec({ isArray: (p) => p.endsWith('Contacts.Contact') }).decode(body) as Record<string, Record<string, unknown>>;
const sentXml = { reqheaders: { ...asPractice.reqheaders, 'content-type': 'application/xml' } };
const uuid = 'bd4ce3c0-0d44-4a9c-8b49-1e4b2a8d8f63';

describe('XPM client: writing clients', () => {
  it('adds a client with its contacts, escaping & and < in names, WebSite spelt for writing and the street lines on separate lines', async () => {
    let sent = '';
    const scope = nock(host, sentXml)
      .post(`${base}/client.api/add`, (b: string) => { sent = b; return true; })
      .reply(200, response('Add', detailedClient), xml);

    const made = await xpmTestClient().client.addClient({
      name: 'Smith & Sons <UK> Ltd', email: 'accounts@smithandsons.example', phone: '0113 496 0000', website: 'https://smithandsons.example',
      streetAddress: { line1: 'Unit 4', line2: '12 High Street', city: 'Leeds', region: 'West Yorkshire', postcode: 'LS1 4AB', country: 'United Kingdom' },
      contacts: [{ name: 'Jo Smith & Co', salutation: 'Jo', mobile: '07700 900123' }, { name: 'Ann Lee', email: 'ann@smithandsons.example' }],
      partnerUuid: '7c3e1f20-5a4b-4c3d-9e2f-1a0b9c8d7e6f',
    });

    expect(sent).toContain('<Name>Smith &amp; Sons &lt;UK&gt; Ltd</Name>');
    expect(sent).toContain('<Name>Jo Smith &amp; Co</Name>');
    expect(sent).not.toContain('<Website>');
    expect(decode(sent)).toEqual({
      Client: {
        Name: 'Smith & Sons <UK> Ltd', Email: 'accounts@smithandsons.example',
        Address: 'Unit 4\n12 High Street', City: 'Leeds', Region: 'West Yorkshire', PostCode: 'LS1 4AB', Country: 'United Kingdom',
        Phone: '0113 496 0000', WebSite: 'https://smithandsons.example', AccountManagerUUID: '7c3e1f20-5a4b-4c3d-9e2f-1a0b9c8d7e6f',
        Contacts: { Contact: [
          { Name: 'Jo Smith & Co', IsPrimary: 'Yes', Salutation: 'Jo', Mobile: '07700 900123' },
          { Name: 'Ann Lee', IsPrimary: 'No', Email: 'ann@smithandsons.example' },
        ] },
      },
    });
    expect(made).toMatchObject({ uuid, name: 'Smith & Sons Ltd' });
    scope.done();
  });

  it('reports a refused add in XPM\'s words, and never sends a create twice', async () => {
    const scope = nock(host).post(`${base}/client.api/add`).once()
      .reply(200, '<?xml version="1.0" encoding="utf-8"?>\n<Response api-method="Add">\n  <Status>ERROR</Status>\n  <ErrorDescription>A client named \'Smith &amp; Sons Ltd\' already exists</ErrorDescription>\n</Response>', xml);

    await expect(xpmTestClient().client.addClient({ name: 'Smith & Sons Ltd' })).rejects.toMatchObject({
      kind: 'rejected', reason: 'Xero Practice Manager refused the new client: A client named \'Smith & Sons Ltd\' already exists',
    });
    scope.done();
  });

  it('updates read-modify-write: from a fresh get, only our fields change and whatever else the client holds goes back as it was', async () => {
    let sent = '';
    const scope = nock(host, asPractice)
      .get(`${base}/client.api/get/${uuid}`).reply(200, response('Get', detailedClient), xml)
      .put(`${base}/client.api/update`, (b: string) => { sent = b; return true; })
      .reply(200, response('Update', detailedClient.replace('0113 496 0000', '0113 496 1111')), xml);

    const updated = await xpmTestClient().client.updateClient(uuid, {
      phone: '0113 496 1111', fax: null,
      postalAddress: { line1: 'Suite 2 & 3', line2: 'Mill Lane\nHolbeck', city: 'Leeds', postcode: 'LS11 5AA', country: 'United Kingdom' },
      managerUuid: null,
    });

    const client = decode(sent).Client!;
    expect(Object.keys(client)[0]).toBe('UUID');
    expect(client).toEqual({
      UUID: uuid, Name: 'Smith & Sons Ltd', Email: 'accounts@smithandsons.example',
      Address: 'Unit 4\n12 High Street', City: 'Leeds', Region: 'West Yorkshire', PostCode: 'LS1 4AB', Country: 'United Kingdom',
      // Ours: the postal address (three street lines), the phone, an emptied fax and manager.
      PostalAddress: 'Suite 2 & 3\nMill Lane\nHolbeck', PostalCity: 'Leeds', PostalRegion: '', PostalPostCode: 'LS11 5AA', PostalCountry: 'United Kingdom',
      Phone: '0113 496 1111', Fax: '', JobManagerUUID: '',
      // Not ours, carried back: read as Website, written as WebSite; references as their UUIDs; the GST period as its write code.
      WebSite: 'https://smithandsons.example', ReferralSource: 'Web search', ExportCode: 'SMI001',
      AccountManagerUUID: '7c3e1f20-5a4b-4c3d-9e2f-1a0b9c8d7e6f',
      CompanyNumber: '01234567', BusinessStructure: 'Company', BalanceMonth: '3', PrepareGST: 'Yes', GSTRegistered: 'Yes', GSTPeriod: '2', GSTBasis: 'Invoice',
    });
    // Read-only or masked: never sent back (a masked tax number would overwrite the real one).
    expect(sent).not.toMatch(/TaxNumber|WebUrl|IsArchived|<Contacts|<Groups|<Type>/);
    expect(updated.phone).toBe('0113 496 1111');
    scope.done();
  });

  it('reads a postal address back from its multi-line text into our address, and writes ours back to the same text', async () => {
    nock(host).get(`${base}/client.api/get/${uuid}`)
      .reply(200, response('Get', detailedClient.replace('<PostalAddress>PO Box 77</PostalAddress>', '<PostalAddress>Suite 2 &amp; 3\r\nMill Lane\r\nHolbeck</PostalAddress>')), xml);

    const read = await xpmTestClient().client.client(uuid);

    expect(read.postalAddress).toEqual({ line1: 'Suite 2 & 3', line2: 'Mill Lane\nHolbeck', city: 'Leeds', postcode: 'LS2 9ZZ', country: 'United Kingdom' });
  });
});

describe('XPM client: jobs', () => {
  it('adds a job from a template for a client, with yyyyMMdd dates and our marker as ClientNumber', async () => {
    let sent = '';
    const scope = nock(host, sentXml)
      .post(`${base}/job.api/add`, (b: string) => { sent = b; return true; })
      .reply(200, response('Add', job('J000309', 'ign-sched-7:2026-12')), xml);

    const made = await xpmTestClient().client.addJob({
      clientUuid: uuid, templateUuid: '6f5e4d3c-2b1a-4098-8765-43210fedcba9', name: 'Year-end accounts 2026',
      description: 'Statutory accounts', startDate: '2026-12-01', dueDate: '2027-03-31', marker: 'ign-sched-7:2026-12',
    });

    expect(decode(sent)).toEqual({
      Job: {
        Name: 'Year-end accounts 2026', Description: 'Statutory accounts', ClientUUID: uuid,
        StartDate: '20261201', DueDate: '20270331', ClientNumber: 'ign-sched-7:2026-12', TemplateUUID: '6f5e4d3c-2b1a-4098-8765-43210fedcba9',
      },
    });
    expect(made).toEqual({
      id: 'J000309', uuid: 'a1b2c3d4-e5f6-4a7b-8c9d-000000000309', name: 'Year-end accounts 2026', clientUuid: uuid,
      marker: 'ign-sched-7:2026-12', state: 'Planned', startDate: '2026-12-01', dueDate: '2027-03-31',
      webUrl: 'https://practicemanager.xero.com/Job/J000309/Detail',
    });
    scope.done();
  });

  it('finds a job already made by the marker it reads back as ClientOrderNumber, and none when no job carries it', async () => {
    const scope = nock(host, asPractice)
      .get(`${base}/job.api/client/${uuid}`).twice()
      .reply(200, response('Client', `<Jobs>${job('J000301', '')}${job('J000309', 'ign-sched-7:2026-12')}</Jobs>`), xml);
    const { client } = xpmTestClient();

    expect(await client.jobByMarker(uuid, 'ign-sched-7:2026-12')).toMatchObject({ id: 'J000309', marker: 'ign-sched-7:2026-12' });
    expect(await client.jobByMarker(uuid, 'ign-sched-7:2027-01')).toBeNull();
    scope.done();
  });

  it('lists a client without jobs as none', async () => {
    nock(host).get(`${base}/job.api/client/${uuid}`).reply(200, response('Client', '<Jobs />'), xml);

    expect(await xpmTestClient().client.jobsOfClient(uuid)).toEqual([]);
  });

  it('refuses a job date that is not YYYY-MM-DD before calling XPM', async () => {
    await expect(xpmTestClient().client.addJob({ clientUuid: uuid, name: 'x', startDate: '01/12/2026', dueDate: '2027-03-31', marker: 'm' }))
      .rejects.toThrow(RangeError);
  });
});

describe('XPM client: job leads', () => {
  it('assigns a job\'s partner and manager by job number after it is made', async () => {
    let sent = '';
    const scope = nock(host, sentXml)
      .put(`${base}/job.api/assign`, (b: string) => { sent = b; return true; })
      .reply(200, response('Assign', ''), xml);

    await xpmTestClient().client.assignJob('J000309', { partnerUuid: '7c3e1f20-5a4b-4c3d-9e2f-1a0b9c8d7e6f', managerUuid: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d' });

    expect(decode(sent)).toEqual({
      Job: { ID: 'J000309', 'add-partner': { '@_uuid': '7c3e1f20-5a4b-4c3d-9e2f-1a0b9c8d7e6f' }, 'add-manager': { '@_uuid': '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d' } },
    });
    scope.done();
  });

  it('calls nothing when the job has no partner or manager to assign', async () => {
    await expect(xpmTestClient().client.assignJob('J000309', {})).resolves.toBeUndefined();
  });
});
