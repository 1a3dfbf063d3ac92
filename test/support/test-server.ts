import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrate, openOrm } from '../../adapters/db/orm.js';

/** The run's PostgreSQL server and the migrated template every test database is copied from. */
export type TestServer = { readonly url: string; readonly template: string };

export const withDatabase = (url: string, database: string): string => {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
};

/** Runs one statement on the server's maintenance database. */
export async function onServer(url: string, sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

export const uniqueName = (prefix: string): string => `${prefix}_${randomBytes(6).toString('hex')}`;

export async function createMigratedTemplate(url: string): Promise<{ name: string; drop(): Promise<void> }> {
  const name = uniqueName('ignition_template');
  await onServer(url, `create database ${name}`);
  const orm = await openOrm({ url: withDatabase(url, name), poolMax: 2 });
  try {
    await migrate(orm);
  } finally {
    await orm.close(true);
  }
  return { name, drop: () => onServer(url, `drop database if exists ${name} with (force)`) };
}
