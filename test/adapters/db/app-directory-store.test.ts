import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MikroOrmAppDirectory, MikroOrmUserAppLinkStore } from '../../../adapters/db/app-directory-store.js';
import { asId } from '../../../domain/shared/ids.js';
import { appDirectoryContract } from '../../contracts/app-directory.contract.js';
import { databaseKind, openTestOrm, type TestDatabase } from '../../support/db.js';

let db: TestDatabase;
beforeAll(async () => { db = await openTestOrm(); });
afterAll(async () => { await db?.close(); });

const truncate = () => db.orm.em.getConnection().execute('truncate app_directory_entry, app_directory_import, user_app_link');

appDirectoryContract(`MikroOrmAppDirectory and MikroOrmUserAppLinkStore on ${databaseKind()} PostgreSQL`, async () => {
  await truncate();
  const em = db.em();
  return { directory: new MikroOrmAppDirectory(em), userLinks: new MikroOrmUserAppLinkStore(em) };
});

describe('the app directory on PostgreSQL', () => {
  it('calls one of two racing first imports the first', async () => {
    await truncate();
    const at = new Date('2026-03-01T09:00:00Z');
    const entries = [{ externalId: 's1', name: 'Al Smith' }];

    const outcomes = await Promise.all([1, 2, 3].map(() => new MikroOrmAppDirectory(db.em()).replace(asId('practice-a'), 'xpm', 'staff', entries, at)));

    expect(outcomes.filter((o) => o.first)).toHaveLength(1);
    expect(await new MikroOrmAppDirectory(db.em()).list(asId('practice-a'), 'xpm', 'staff')).toEqual(entries);
  });
});

describe('user links on PostgreSQL', () => {
  it('gives a staff member to one user when two admins link them at once', async () => {
    await truncate();
    const at = new Date('2026-03-01T09:00:00Z');
    const link = (user: string) => new MikroOrmUserAppLinkStore(db.em()).link({
      practiceId: asId('practice-a'), userId: asId(user), app: 'xpm', externalId: 's1', name: 'Al Smith', linkedAt: at,
    });

    const outcomes = await Promise.all(['u1', 'u2', 'u3', 'u4'].map(link));

    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    expect(await new MikroOrmUserAppLinkStore(db.em()).list(asId('practice-a'), 'xpm')).toHaveLength(1);
  });
});
