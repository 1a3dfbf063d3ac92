import { afterAll, beforeAll } from 'vitest';
import { MikroOrmAppClientStore } from '../../../adapters/db/app-client-store.js';
import { MikroOrmAppLinkStore } from '../../../adapters/db/app-link-store.js';
import { appClientStoreContract } from '../../contracts/app-client-store.contract.js';
import { databaseKind, openTestOrm, type TestDatabase } from '../../support/db.js';

let db: TestDatabase;
beforeAll(async () => { db = await openTestOrm(); });
afterAll(async () => { await db?.close(); });

appClientStoreContract(`MikroOrmAppClientStore on ${databaseKind()} PostgreSQL`, async () => {
  await db.orm.em.getConnection().execute('truncate app_client, app_match_rejection, app_link');
  const em = db.em();
  return { appClients: new MikroOrmAppClientStore(em), links: new MikroOrmAppLinkStore(em) };
});
