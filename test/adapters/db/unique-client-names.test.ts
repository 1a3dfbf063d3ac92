import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MikroORM } from '@mikro-orm/postgresql';
import { openOrm } from '../../../adapters/db/orm.js';
import { freshServerDatabase } from '../../support/db.js';

let server: Awaited<ReturnType<typeof freshServerDatabase>>;
let orm: MikroORM;

const insertClient = (id: string, practiceId: string, name: string, key: string, createdAt: string) =>
  orm.em.getConnection().execute(
    `insert into client (id, practice_id, status, name, name_key, created_at, updated_at) values (?, ?, 'client', ?, ?, ?, ?)`,
    [id, practiceId, name, key, createdAt, createdAt]);

describe('the unique client names migration', () => {
  beforeAll(async () => {
    server = await freshServerDatabase({ migrated: false });
    orm = await openOrm({ url: server.url, poolMax: 2 });
  });
  afterAll(async () => {
    await orm.close(true);
    await server.drop();
  });

  it('keeps the oldest of clients sharing a name and numbers the rest, with an audit entry each', async () => {
    await orm.getMigrator().up({ to: 'Migration20261122060000_smart_billing' });
    await insertClient('c-old', 'p1', 'Acme Ltd', 'acme ltd', '2026-01-01T00:00:00Z');
    await insertClient('c-new', 'p1', 'ACME LTD.', 'acme ltd', '2026-02-01T00:00:00Z');
    await insertClient('c-newer', 'p1', 'acme  ltd', 'acme ltd', '2026-03-01T00:00:00Z');
    await insertClient('c-two', 'p1', 'Acme Ltd (2)', 'acme ltd (2)', '2026-01-15T00:00:00Z');
    await insertClient('c-elsewhere', 'p2', 'Acme Ltd', 'acme ltd', '2026-04-01T00:00:00Z');

    await orm.getMigrator().up();

    const rows = await orm.em.getConnection().execute<{ id: string; name: string; name_key: string }[]>(
      'select id, name, name_key from client order by id', [], 'all');
    expect(rows.map((r) => [r.id, r.name, r.name_key])).toEqual([
      ['c-elsewhere', 'Acme Ltd', 'acme ltd'],
      ['c-new', 'ACME LTD. (2)', 'acme ltd. (2)'],
      ['c-newer', 'acme  ltd (3)', 'acme ltd (3)'],
      ['c-old', 'Acme Ltd', 'acme ltd'],
      ['c-two', 'Acme Ltd (2)', 'acme ltd (2)'],
    ]);
    const audit = await orm.em.getConnection().execute<{ subject: string; detail: { was: string } }[]>(
      `select subject, detail from audit_event where action = 'client.renamed' order by subject`, [], 'all');
    expect(audit.map((a) => [a.subject, a.detail.was])).toEqual([['ACME LTD. (2)', 'ACME LTD.'], ['acme  ltd (3)', 'acme  ltd']]);
    await expect(insertClient('c-late', 'p1', 'Acme Ltd', 'acme ltd', '2026-05-01T00:00:00Z')).rejects.toThrow(/client_practice_id_name_key_unique/);
  });
});
