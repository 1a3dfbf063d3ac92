import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createXmlCodec } from '../../../adapters/provider-http.js';
import { asPractice, detailedClient, response, xml, xpmBase as base, xpmHost as host, xpmTestClient } from './support.js';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

const decode = (body: string) => createXmlCodec({ isArray: () => false }).decode(body) as Record<string, Record<string, unknown>>;
const sentXml = { reqheaders: { ...asPractice.reqheaders, 'content-type': 'application/xml' } };
const clientUuid = 'bd4ce3c0-0d44-4a9c-8b49-1e4b2a8d8f63';
const jo = '5e0b7a1c-7f5e-4c1e-9a55-2d0b8c3e0a11';

describe('XPM client: a client\'s contacts', () => {
  it('reads the live contacts of a client with their UUIDs and the fields only XPM keeps, leaving deleted ones out', async () => {
    nock(host, asPractice).get(`${base}/client.api/get/${clientUuid}`).reply(200, response('Get', detailedClient), xml);

    expect(await xpmTestClient().client.clientContacts(clientUuid)).toEqual([{
      uuid: jo, name: 'Jo Smith', salutation: 'Jo', email: 'jo@smithandsons.example', mobile: '07700 900123',
      addressee: 'Ms J Smith', position: 'Director', primary: true,
    }]);
  });

  it('updates a contact by its UUID for the client named in the query: ours replace the synced fields, IsPrimary, Addressee and Position go back as read', async () => {
    let sent = '';
    const scope = nock(host, sentXml)
      .put(`${base}/client.api/contact/${jo}`, (b: string) => { sent = b; return true; })
      .query({ clientUuid })
      .reply(200, response('Contact', ''), xml);

    await xpmTestClient().client.updateContact(clientUuid,
      { uuid: jo, name: 'Jo Smith', salutation: 'Jo', mobile: '07700 900123', addressee: 'Ms J Smith', position: 'Director', primary: true },
      { name: 'Jo Smith-Hale & Co', email: 'jo@hale.example', phone: '0113 496 0001' });

    expect(sent).toContain('<Name>Jo Smith-Hale &amp; Co</Name>');
    const contact = decode(sent).Contact!;
    expect(Object.keys(contact)).toEqual(['Name', 'IsPrimary', 'Salutation', 'Addressee', 'Phone', 'Mobile', 'Email', 'Position']);
    expect(contact).toEqual({
      Name: 'Jo Smith-Hale & Co', IsPrimary: 'Yes',
      // Emptied here: sent empty, so XPM clears them.
      Salutation: '', Mobile: '',
      Phone: '0113 496 0001', Email: 'jo@hale.example',
      // Not ours: as XPM had them.
      Addressee: 'Ms J Smith', Position: 'Director',
    });
    scope.done();
  });

  it('adds a contact under <Client><UUID>, and answers the UUID XPM gives it', async () => {
    let sent = '';
    const scope = nock(host, sentXml)
      .post(`${base}/client.api/contact`, (b: string) => { sent = b; return true; })
      .reply(200, response('Contact', '  <ID>8d0f7e6c-1a2b-4c3d-9e8f-7a6b5c4d3e2f</ID>'), xml);

    const made = await xpmTestClient().client.addContact(clientUuid, { name: 'Ann Lee', salutation: 'Ann', email: 'ann@smithandsons.example' }, false);

    expect(decode(sent)).toEqual({
      Contact: { Client: { UUID: clientUuid }, Name: 'Ann Lee', IsPrimary: 'No', Salutation: 'Ann', Email: 'ann@smithandsons.example' },
    });
    expect(made).toBe('8d0f7e6c-1a2b-4c3d-9e8f-7a6b5c4d3e2f');
    scope.done();
  });

  it('answers null for a new contact when XPM does not name it, rather than failing a write that was made', async () => {
    nock(host).post(`${base}/client.api/contact`).reply(200, response('Contact', ''), xml);

    expect(await xpmTestClient().client.addContact(clientUuid, { name: 'Ann Lee' }, true)).toBeNull();
  });

  it('reports a refused contact in XPM\'s words, and never sends an add twice', async () => {
    const scope = nock(host).post(`${base}/client.api/contact`).once()
      .reply(200, '<?xml version="1.0" encoding="utf-8"?>\n<Response api-method="Contact">\n  <Status>ERROR</Status>\n  <ErrorDescription>Client not found</ErrorDescription>\n</Response>', xml);

    await expect(xpmTestClient().client.addContact(clientUuid, { name: 'Ann Lee' }, false)).rejects.toMatchObject({
      kind: 'rejected', reason: 'Xero Practice Manager refused the new contact: Client not found',
    });
    scope.done();
  });

  it('sends a contact update again after a timeout: the same whole contact twice leaves XPM as once', async () => {
    const scope = nock(host)
      .put(`${base}/client.api/contact/${jo}`).query({ clientUuid }).replyWithError({ code: 'ETIMEDOUT' })
      .put(`${base}/client.api/contact/${jo}`).query({ clientUuid }).reply(200, response('Contact', ''), xml);

    await xpmTestClient().client.updateContact(clientUuid, { uuid: jo, name: 'Jo Smith', primary: true }, { name: 'Jo Smith', phone: '0100' });

    scope.done();
  });
});
