import { randomBytes } from 'node:crypto';
import type { MikroORM, EntityManager } from '@mikro-orm/postgresql';
import pg from 'pg';
import { startEmbeddedDatabase } from '../../adapters/db/embedded.js';
import { migrate, openOrm } from '../../adapters/db/orm.js';

export type TestDatabase = {
  readonly orm: MikroORM;
  /** A connection string for the fresh database, for Agenda, `pg` or a second ORM. */
  readonly url: string;
  /** A fresh entity manager: one per test keeps identity maps apart. */
  em(): EntityManager;
  close(): Promise<void>;
};

/** Which database the suite runs on: the real server named by TEST_DATABASE_URL, or embedded PGlite. */
export const databaseKind = (): 'postgresql' | 'embedded' => (process.env.TEST_DATABASE_URL ? 'postgresql' : 'embedded');

const withDatabase = (url: string, database: string): string => {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
};

/** A fresh, empty database on the real server for a test that boots the whole bot; null when embedded. */
export async function freshServerDatabase(): Promise<{ url: string; drop(): Promise<void> } | null> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) return null;
  const name = `ignition_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  return {
    url: withDatabase(serverUrl, name),
    async drop() {
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

/**
 * A migrated database of its own for one test file: a fresh database on the real server (dropped
 * afterwards), or a fresh in-memory PGlite. Tests never share rows, so files run in parallel.
 */
export async function openTestOrm(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const name = `ignition_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = withDatabase(serverUrl, name);
    const orm = await openOrm({ url, poolMax: 5 });
    await migrate(orm);
    return {
      orm, url, em: () => orm.em.fork(),
      async close() {
        await orm.close(true);
        const cleanup = new pg.Client({ connectionString: serverUrl });
        await cleanup.connect();
        await cleanup.query(`drop database if exists ${name} with (force)`);
        await cleanup.end();
      },
    };
  }
  const embedded = await startEmbeddedDatabase(null);
  const orm = await openOrm({ url: embedded.url, poolMax: 5 });
  await migrate(orm);
  return {
    orm, url: embedded.url, em: () => orm.em.fork(),
    async close() {
      await orm.close(true);
      await embedded.stop();
    },
  };
}
