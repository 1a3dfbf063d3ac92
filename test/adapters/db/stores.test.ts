import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MikroOrmAppLinkStore } from '../../../adapters/db/app-link-store.js';
import { MikroOrmAuditLog } from '../../../adapters/db/audit-log.js';
import { MikroOrmChatDirectory } from '../../../adapters/db/chat-directory.js';
import { MikroOrmClientStore } from '../../../adapters/db/client-store.js';
import { MikroOrmConnectionStore } from '../../../adapters/db/connection-store.js';
import { MikroOrmContactStore } from '../../../adapters/db/contact-store.js';
import { MikroOrmPracticeStore } from '../../../adapters/db/practice-store.js';
import { createSecretBox } from '../../../adapters/db/secret-box.js';
import { MikroOrmSyncRunStore } from '../../../adapters/db/sync-run-store.js';
import { MikroOrmUserStore } from '../../../adapters/db/user-store.js';
import { asId } from '../../../domain/shared/ids.js';
import { linkSyncStateContract } from '../../contracts/link-sync-state.contract.js';
import { practiceStoresContract, sageLink } from '../../contracts/practice-stores.contract.js';
import { databaseKind, openTestOrm, type TestDatabase } from '../../support/db.js';

let db: TestDatabase;
beforeAll(async () => { db = await openTestOrm(); });
afterAll(async () => { await db.close(); });

const box = createSecretBox(randomBytes(32));

const truncateAll = async () => {
  await db.orm.em.getConnection().execute(
    'truncate practice, workspace, app_user, user_identity, client, contact, audit_event, app_connection, app_link, sync_run',
  );
};

practiceStoresContract(`the MikroORM stores on ${databaseKind()} PostgreSQL`, async () => {
  await truncateAll();
  const em = db.em();
  return {
    practices: new MikroOrmPracticeStore(em), users: new MikroOrmUserStore(em), directory: new MikroOrmChatDirectory(em), clients: new MikroOrmClientStore(em),
    contacts: new MikroOrmContactStore(em), audit: new MikroOrmAuditLog(em), connections: new MikroOrmConnectionStore(em, box),
    links: new MikroOrmAppLinkStore(em), runs: new MikroOrmSyncRunStore(em),
  };
});

linkSyncStateContract(`the MikroORM link store on ${databaseKind()} PostgreSQL`, async () => {
  await truncateAll();
  const em = db.em();
  return { clients: new MikroOrmClientStore(em), links: new MikroOrmAppLinkStore(em) };
});

describe('the database adapter', () => {
  it('leaves nothing for the schema generator to change after the committed migrations', async () => {
    const diff = await db.orm.schema.getUpdateSchemaSQL({ wrap: false, safe: true });

    expect(diff.trim()).toBe('');
  });

  it('leaves a client one link when it is linked to two records at once, and a record one client when two clients take it at once', async () => {
    await truncateAll();
    const rounds = Array.from({ length: 8 }, (_, i) => `c${i}`);
    const store = () => new MikroOrmAppLinkStore(db.em());

    const sameClient = await Promise.all(rounds.flatMap((client) => [
      store().link(sageLink(`${client}-x`, client), { replace: true }),
      store().link(sageLink(`${client}-y`, client), { replace: true }),
    ]));
    const sameRecord = await Promise.all(rounds.flatMap((n) => [store().link(sageLink(`r-${n}`, `d${n}-1`)), store().link(sageLink(`r-${n}`, `d${n}-2`))]));

    expect(sameClient.every((o) => o.ok)).toBe(true);
    for (const client of rounds) expect(await store().forClient(asId('practice-a'), asId(client))).toHaveLength(1);
    // One of each pair wins; the other is told whose the record is, with nothing thrown and nothing written.
    expect(sameRecord.filter((o) => o.ok)).toHaveLength(rounds.length);
    expect(sameRecord.filter((o) => !o.ok).map((o) => !o.ok && o.error.kind)).toEqual(rounds.map(() => 'linked-elsewhere'));
  });

  it('stores tokens sealed, never in the clear', async () => {
    await truncateAll();
    const store = new MikroOrmConnectionStore(db.em(), box);
    await store.save({
      id: asId('n1'), practiceId: asId('p1'), provider: 'gusto', externalId: 'co-1', label: 'Co', status: 'active',
      settings: {}, connectedAt: new Date(), tokens: { accessToken: 'plain-access-token', refreshToken: 'plain-refresh-token', expiresAt: new Date() },
    });

    const rows = await db.orm.em.getConnection().execute('select tokens_sealed from app_connection');

    expect(JSON.stringify(rows)).not.toContain('plain-');
    expect(rows[0]?.tokens_sealed).toMatch(/^v1\./);
  });
});
