/**
 * client.api/paged-list through the XPM client, on payloads shaped as the 3.1 docs show them: pages of
 * up to 500 detailed clients, the next page asked for by the Next link's pageToken only when the caller
 * wants it, and the light read of live UUIDs a full reconcile walks.
 */
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { XpmClient } from '../../../adapters/xpm/client.js';
import { asPractice, detailedClient, response, sparseClient, xml, xpmBase as base, xpmHost as host, xpmTestClient } from './support.js';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

const pagination = (next?: string) => `<Pagination><Links>
    <First>${host}${base}/client.api/paged-list?pageSize=500&amp;detailed=true</First>${next ? `
    <Next>${host}${base}/client.api/paged-list?pageSize=500&amp;detailed=true&amp;pageToken=${next}</Next>` : ''}
  </Links></Pagination>`;

describe('XPM client: paged reads', () => {
  it('reads detailed clients 500 a page, following Next, and asks for a page only when the one before is used', async () => {
    const scope = nock(host, asPractice)
      .get(`${base}/client.api/paged-list`).query({ detailed: 'true', pageSize: '500' })
      .reply(200, response('PagedList', `<Clients>${detailedClient}</Clients>${pagination('dG9rLTI')}`), xml)
      .get(`${base}/client.api/paged-list`).query({ detailed: 'true', pageSize: '500', pageToken: 'dG9rLTI' })
      .reply(200, response('PagedList', `<Clients>${sparseClient}</Clients>${pagination()}`), xml);
    const pages = xpmTestClient().client.clientPages()[Symbol.asyncIterator]();

    const first = (await pages.next()).value as XpmClient[];
    expect(first.map((c) => c.name)).toEqual(['Smith & Sons Ltd']);
    // The second page is not fetched before the first is handed over.
    expect(scope.pendingMocks()).toHaveLength(1);
    const second = (await pages.next()).value as XpmClient[];
    expect(second.map((c) => ({ name: c.name, archived: c.archived }))).toEqual([{ name: 'Ng Bookkeeping', archived: true }]);
    expect((await pages.next()).done).toBe(true);
    scope.done();
  });

  it('reads the live UUIDs without detail, and an empty practice as none', async () => {
    const scope = nock(host, asPractice)
      .get(`${base}/client.api/paged-list`).query({ pageSize: '500' })
      .reply(200, response('PagedList', `<Clients><Client><UUID>c-1</UUID><Name>A</Name></Client><Client><UUID>c-2</UUID><Name>B</Name></Client></Clients>${pagination('cDI')}`), xml)
      .get(`${base}/client.api/paged-list`).query({ pageSize: '500', pageToken: 'cDI' })
      .reply(200, response('PagedList', `<Clients><Client><UUID>c-3</UUID><Name>C</Name></Client></Clients>${pagination()}`), xml)
      .get(`${base}/client.api/paged-list`).query({ pageSize: '500' })
      .reply(200, response('PagedList', `<Clients />${pagination()}`), xml);
    const { client } = xpmTestClient();

    expect([...await client.liveClientIds()]).toEqual(['c-1', 'c-2', 'c-3']);
    expect(await client.liveClientIds()).toEqual(new Set());
    scope.done();
  });

  it('fails the read when a Next link repeats a token already followed, rather than loop or call a part whole', async () => {
    const page = response('PagedList', `<Clients><Client><UUID>c-1</UUID></Client></Clients>${pagination('c2FtZQ')}`);
    const scope = nock(host, asPractice)
      .get(`${base}/client.api/paged-list`).query({ pageSize: '500' }).reply(200, page, xml)
      .get(`${base}/client.api/paged-list`).query({ pageSize: '500', pageToken: 'c2FtZQ' }).reply(200, page, xml);

    await expect(xpmTestClient().client.liveClientIds()).rejects.toThrow('page token it had already sent');
    scope.done();
  });

  it('reads XPM\'s refusal of a page as an error naming the list', async () => {
    nock(host, asPractice).get(`${base}/client.api/paged-list`).query(true)
      .reply(200, '<Response api-method="PagedList"><Status>ERROR</Status><ErrorDescription>The pageToken is not valid.</ErrorDescription></Response>', xml);

    await expect(xpmTestClient().client.liveClientIds()).rejects.toThrow('Xero Practice Manager refused the list of clients: The pageToken is not valid.');
  });
});
