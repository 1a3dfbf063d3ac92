import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servePglite, type PgliteServer } from '../../../adapters/db/pglite-server.js';

let db: PGlite;
let server: PgliteServer;
beforeAll(async () => {
  db = await PGlite.create();
  server = await servePglite(db);
});
afterAll(async () => {
  await server.stop();
  await db.close();
});

describe('the embedded server', () => {
  it('gives every connection its own answers when many query at once', async () => {
    const pools = [1, 2, 3, 4].map(() => new pg.Pool({ connectionString: server.url, max: 3 }));

    const answers = await Promise.all(Array.from({ length: 400 }, async (_, i) => {
      const { rows } = await pools[i % pools.length]!.query<{ n: number; label: string }>('select $1::int as n, $2::text as label', [i, `q${i}`]);
      return rows[0]!.n === i && rows[0]!.label === `q${i}`;
    }));
    await Promise.all(pools.map((p) => p.end()));

    expect(answers.filter((ok) => !ok)).toHaveLength(0);
  });

  it('keeps statements apart while other connections run transactions', async () => {
    const setup = new pg.Client({ connectionString: server.url });
    await setup.connect();
    await setup.query("create table t (id int primary key, name text); insert into t select g, 'n' || g from generate_series(1, 50) g");
    await setup.end();
    const readers = new pg.Pool({ connectionString: server.url, max: 6 });
    const writers = new pg.Pool({ connectionString: server.url, max: 2 });

    const writes = Array.from({ length: 40 }, async (_, i) => {
      const c = await writers.connect();
      try {
        await c.query('begin');
        await c.query('update t set name = $1 where id = $2', [`w${i}`, (i % 50) + 1]);
        await c.query('commit');
      } finally { c.release(); }
    });
    const reads = Array.from({ length: 300 }, async (_, i) => {
      const { rows } = await readers.query<{ id: number }>('update t set id = id where id = $1 returning id', [(i % 50) + 1]);
      return rows[0]?.id === (i % 50) + 1;
    });
    const [, answers] = await Promise.all([Promise.all(writes), Promise.all(reads)]);
    await Promise.all([readers.end(), writers.end()]);

    expect(answers.filter((ok) => !ok)).toHaveLength(0);
  });

  it('keeps a transaction to the connection that opened it', async () => {
    const a = new pg.Client({ connectionString: server.url });
    const b = new pg.Client({ connectionString: server.url });
    await Promise.all([a.connect(), b.connect()]);
    await a.query('create table ledger (v int)');

    await a.query('begin');
    await a.query('insert into ledger values (1)');
    const seenByB = b.query('select count(*)::int as n from ledger');
    await a.query('rollback');
    const { rows } = await seenByB;
    await Promise.all([a.end(), b.end()]);

    expect(rows).toEqual([{ n: 0 }]);
  });

  it('rolls back the transaction of a connection that disappears', async () => {
    const a = new pg.Client({ connectionString: server.url });
    await a.connect();
    await a.query('create table kept (v int)');
    await a.query('begin');
    await a.query('insert into kept values (1)');

    a.on('error', () => {});
    a.connection.stream.destroy();
    const b = new pg.Client({ connectionString: server.url });
    await b.connect();
    const { rows } = await b.query('select count(*)::int as n from kept');
    await b.end();

    expect(rows).toEqual([{ n: 0 }]);
  });
});
