/**
 * Sage's customers as app clients, read by the real client from the Sage sandbox over loopback: the
 * first full read, then incremental reads around the ledger switches, counting the list calls each costs.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSecretBox } from '../../../adapters/db/secret-box.js';
import type { SageApi } from '../../../adapters/sage/client.js';
import { listSageCustomers } from '../../../adapters/sage/customers.js';
import { registerSage } from '../../../adapters/sage/registration.js';
import type { AppConnection } from '../../../domain/practice/connection.js';
import type { SageApiHost } from '../../../src/compose-sandboxes.js';
import { InMemoryPracticeFlags } from '../../fakes/in-memory-apps.js';
import { sageApp } from '../sandbox/sage-harness.js';
import { served, startSageLoopback, type SageLoopback } from './loopback.js';
import { recordingDeployment } from './recording-deployment.js';

let l: SageLoopback;
let sage: SageApi;

beforeAll(async () => { l = await startSageLoopback('2026-06-16T05:30:00Z'); });
afterAll(() => l.close());
beforeEach(async () => {
  l.sandbox.reset();
  l.clock.set('2026-06-16T05:30:00Z');
  sage = l.client((await l.connect()).accessToken);
});

/** Runs a read and answers what it found and how many list calls it cost. */
const counted = async (since: Date | null) => {
  const before = served(l, 'GET /v3.1/contacts');
  const changes = await listSageCustomers(sage, l.uk.id, since);
  return { ...changes, calls: served(l, 'GET /v3.1/contacts') - before };
};

const idOf = (name: string) => l.sandbox.contacts(l.uk.id).find((c) => c.name === name)!.id;

describe('Sage customers against the Sage sandbox', () => {
  it('reads all 300 live customers on the first sync in two calls, suppliers left out, nothing deleted', async () => {
    const first = await counted(null);

    expect(first.changed).toHaveLength(300);
    expect(first.deleted).toEqual([]);
    expect(first.calls).toBe(2);
    expect(first.changed.map((c) => c.name)).not.toContain('Pennant Stationers');
    expect(first.changed.find((c) => c.name === 'Acme Co Ltd')).toEqual({
      externalId: idOf('Acme Co Ltd'), name: 'Acme Co Ltd', email: 'accounts@acmeco.example', vatNumber: 'GB 204 6618 37', companyNumber: '08311452',
      reference: 'ACM001', updatedAt: new Date(l.sandbox.contacts(l.uk.id).find((c) => c.name === 'Acme Co Ltd')!.updatedAt),
    });
  });

  it('then reads what changed at or after the mark (an edit at the exact mark included) and what was deleted after it', async () => {
    const mark = l.clock.now();
    l.sandbox.ledger.rename('Tidewater Joiners', 'Tidewater Joiners Ltd');
    l.clock.advance(60_000);
    const added = l.sandbox.ledger.addCustomers(2);
    l.sandbox.ledger.remove('Pembrook Tea Rooms');

    const next = await counted(mark);

    expect(next.changed.map((c) => [c.name, c.updatedAt])).toEqual([
      ['Tidewater Joiners Ltd', mark],
      ...added.map((c) => [c.name, new Date('2026-06-16T05:31:00Z')]),
    ]);
    expect(next.deleted).toEqual([idOf('Pembrook Tea Rooms')]);
    expect(next.calls).toBe(2);
  });

  it('costs two list calls when nothing changed since the mark: one for changes, one for deletions', async () => {
    await counted(null);
    l.clock.advance(24 * 3_600_000);
    sage = l.client((await l.connect()).accessToken);

    const quiet = await counted(new Date('2026-06-16T05:30:01Z'));

    expect(quiet).toEqual({ changed: [], deleted: [], calls: 2 });
  });

  it('is Sage\'s listClients: the connection\'s business, with the connection\'s token', async () => {
    const host: SageApiHost = {
      apiBase: `${l.sandbox.url}/v3.1`, tokenUrl: `${l.sandbox.url}/token`, authorizeUrl: `${l.sandbox.url}/oauth2/auth/central`,
      sandbox: l.sandbox, routes: [], commands: [], ...sageApp, close: async () => {},
    };
    const registered = registerSage({ host, deployment: recordingDeployment(() => { throw new Error('no invoice in this test'); }).deployment }, {
      publicUrl: 'https://bot.test', flags: new InMemoryPracticeFlags(), secrets: createSecretBox(Buffer.alloc(32, 5)),
      redirectUri: (app) => `https://bot.test/oauth/${app}/callback`, webhookUrl: (app) => `https://bot.test/webhooks/${app}`,
    });
    const { accessToken } = await l.connect();

    const changes = await registered.adapters.listClients!({ externalId: l.uk.id } as AppConnection, async () => accessToken, null);

    expect(changes.changed).toHaveLength(300);
    expect(changes.changed.some((c) => c.name === 'Coastal Dental 1 LLC')).toBe(true);
    expect(registered.declaration).toMatchObject({ capabilities: ['issue-invoices', 'import-clients'], fields: { name: 'inbound-changes' }, dailySync: { hour: 5, minute: 30 }, brings: 'customers' });
  });
});
