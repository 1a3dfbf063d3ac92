import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MikroOrmAppLinkStore } from '../../../adapters/db/app-link-store.js';
import { MikroOrmClientStore } from '../../../adapters/db/client-store.js';
import { asId, type ClientId, type PracticeId } from '../../../domain/shared/ids.js';
import { databaseKind, openTestOrm, type TestDatabase } from '../../support/db.js';

/** The daily sync's one read of which linked clients changed here since a moment (XPM's 15,000 links). */
let db: TestDatabase;
beforeAll(async () => { db = await openTestOrm(); });
afterAll(async () => { await db?.close(); });

const practiceId: PracticeId = asId('pr-changed');

describe(`links whose client changed here, on ${databaseKind()} PostgreSQL`, () => {
  it('answers the app\'s ids of the links whose client changed at or after the moment, and no other app\'s', async () => {
    await db.orm.em.getConnection().execute('truncate client, app_link');
    const em = db.em();
    const clients = new MikroOrmClientStore(em), links = new MikroOrmAppLinkStore(em);
    const at = (iso: string) => new Date(iso);
    const client = async (id: string, name: string, updatedAt: string, provider: string, externalId: string) => {
      await clients.save({ id: asId<'Client'>(id) as ClientId, practiceId, status: 'lead', name, createdAt: at('2026-01-01T00:00:00Z'), updatedAt: at(updatedAt) });
      await links.save({ practiceId, provider, externalId, clientId: asId<'Client'>(id) as ClientId, syncLevel: 'all' });
    };
    await client('c-old', 'Old Ltd', '2026-06-01T09:00:00Z', 'xpm', 'x-old');
    await client('c-edge', 'Edge Ltd', '2026-06-02T09:00:00Z', 'xpm', 'x-edge');
    await client('c-new', 'New Ltd', '2026-06-03T09:00:00Z', 'xpm', 'x-new');
    await client('c-other', 'Other Ltd', '2026-06-03T09:00:00Z', 'gusto', 'g-1');

    expect(await links.changedSince(practiceId, 'xpm', at('2026-06-02T09:00:00Z'))).toEqual(['x-edge', 'x-new']);
    expect(await links.changedSince(practiceId, 'xpm', at('2026-06-04T00:00:00Z'))).toEqual([]);
  });
});
