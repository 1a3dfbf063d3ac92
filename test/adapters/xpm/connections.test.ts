import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createXeroConnections } from '../../../adapters/xpm/connections.js';

const api = 'https://api.xero.com';
const bearer = { reqheaders: { authorization: 'Bearer tok-1' } };
const connections = createXeroConnections({ sleep: async () => {} });

/** GET /connections as Xero's identity docs show it: one organisation and two practices. */
const granted = [
  {
    id: 'e1eede29-f875-4a5d-8470-17f6a29a88b1', authEventId: 'd99ecdfe-391d-43d2-b834-17636ba90e8d',
    tenantId: '70784a63-d24b-46a9-a4db-0e70a274b056', tenantType: 'ORGANISATION', tenantName: 'Maple Florists',
    createdDateUtc: '2026-11-22T09:58:47.3366560', updatedDateUtc: '2026-11-22T09:58:47.3366560',
  },
  {
    id: '8c3f6b1a-1b2c-4d5e-8f90-a1b2c3d4e5f6', authEventId: 'd99ecdfe-391d-43d2-b834-17636ba90e8d',
    tenantId: '2f0a9d4e-6c1b-4e8a-9f3d-7b5c1a2e4d60', tenantType: 'PRACTICEMANAGER', tenantName: 'Harbour & Co Accountants',
    createdDateUtc: '2026-11-22T09:58:47.3366560', updatedDateUtc: '2026-11-22T09:58:47.3366560',
  },
  {
    id: '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d', authEventId: 'd99ecdfe-391d-43d2-b834-17636ba90e8d',
    tenantId: '5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e', tenantType: 'PRACTICE', tenantName: null,
    createdDateUtc: '2026-11-22T09:58:47.3366560', updatedDateUtc: '2026-11-22T09:58:47.3366560',
  },
];

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe('Xero connections', () => {
  it('offers only practice tenants (PRACTICEMANAGER or PRACTICE), by tenant id, named when Xero names them', async () => {
    const scope = nock(api, bearer).get('/connections').reply(200, granted);

    const result = await connections.practices('tok-1');

    expect(result).toEqual({
      ok: true,
      value: [
        { externalId: '2f0a9d4e-6c1b-4e8a-9f3d-7b5c1a2e4d60', label: 'Harbour & Co Accountants', refusal: null },
        { externalId: '5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e', label: '5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e', refusal: null },
      ],
    });
    scope.done();
  });

  it('offers nothing when the grant reaches organisations only', async () => {
    nock(api).get('/connections').reply(200, granted.slice(0, 1));

    expect(await connections.practices('tok-1')).toEqual({ ok: true, value: [] });
  });

  it('reads the gateway\'s JSON 401 as a reconnect, in Xero\'s words', async () => {
    nock(api).get('/connections').times(2).reply(401, { Type: null, Title: 'Unauthorized', Status: 401, Detail: 'TokenExpired: token expired at 11/22/2026 10:30:00' });

    const result = await connections.practices('tok-1');

    expect(result).toEqual({ ok: false, error: { kind: 'needs-reconnect', detail: expect.stringContaining('TokenExpired') } });
  });

  it('disconnects a practice by deleting its connection id, not its tenant id', async () => {
    const scope = nock(api, bearer)
      .get('/connections').reply(200, granted)
      .delete('/connections/8c3f6b1a-1b2c-4d5e-8f90-a1b2c3d4e5f6').reply(204);

    const removed = await connections.disconnect('tok-1', '2f0a9d4e-6c1b-4e8a-9f3d-7b5c1a2e4d60');

    expect(removed).toBe(true);
    scope.done();
  });

  it('says so when the practice was no longer connected, deleting nothing', async () => {
    const scope = nock(api).get('/connections').reply(200, granted.slice(0, 1));

    expect(await connections.disconnect('tok-1', '2f0a9d4e-6c1b-4e8a-9f3d-7b5c1a2e4d60')).toBe(false);
    scope.done();
  });
});
