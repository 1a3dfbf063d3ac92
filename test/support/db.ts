import type { MikroORM, EntityManager } from '@mikro-orm/postgresql';
import { inject } from 'vitest';
import { migrate, openOrm } from '../../adapters/db/orm.js';
import { onServer, uniqueName, withDatabase } from './test-server.js';

export type TestDatabase = {
  readonly orm: MikroORM;
  /** A connection string for the fresh database, for Agenda, `pg` or a second ORM. */
  readonly url: string;
  /** A fresh entity manager: one per test keeps identity maps apart. */
  em(): EntityManager;
  close(): Promise<void>;
};

/** Which server the suite runs on: the one TEST_DATABASE_URL names, or the run's embedded PostgreSQL. */
export const databaseKind = (): 'postgresql' | 'embedded' => (process.env.TEST_DATABASE_URL ? 'postgresql' : 'embedded');

/**
 * A fresh database of its own on the run's server, dropped again by drop(): migrated (a copy of the
 * template the global setup migrated), or empty for a test of the migrations themselves. Tests never
 * share rows, so files run in parallel.
 */
export async function freshServerDatabase(o: { migrated?: boolean } = {}): Promise<{ url: string; drop(): Promise<void> }> {
  const { url: serverUrl, template } = inject('testServer');
  const name = uniqueName('ignition_test');
  await onServer(serverUrl, `create database ${name}${o.migrated === false ? '' : ` template ${template}`}`);
  return { url: withDatabase(serverUrl, name), drop: () => onServer(serverUrl, `drop database if exists ${name} with (force)`) };
}

/** A migrated database of its own for one test file, opened with MikroORM. */
export async function openTestOrm(): Promise<TestDatabase> {
  const database = await freshServerDatabase();
  const orm = await openOrm({ url: database.url, poolMax: 5 });
  await migrate(orm);
  return {
    orm, url: database.url, em: () => orm.em.fork(),
    async close() {
      await orm.close(true);
      await database.drop();
    },
  };
}
