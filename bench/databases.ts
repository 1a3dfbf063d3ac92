import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedDatabase } from '../adapters/db/embedded.js';

export type BenchDatabase = { readonly url: string; drop(): Promise<void> };

/** The product's embedded PostgreSQL (durable, as `npm start` runs it) in a throwaway data folder. */
export async function throwawayEmbedded(): Promise<{ url: string; serverPid: number; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'ignition-bench-db-'));
  chmodSync(dir, 0o711); // as root, the server's own user must reach its cluster
  const db = await startEmbeddedDatabase(dir);
  return {
    url: db.url,
    serverPid: db.serverPid,
    async stop() {
      await db.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A fresh database named `prefix_…` on the PostgreSQL server at TEST_DATABASE_URL (default: the
 * machine's on 127.0.0.1:5432), dropped by drop(); null when no server answers.
 */
export async function serverDatabase(prefix: string): Promise<BenchDatabase | null> {
  const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  const admin = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 2000 });
  try {
    await admin.connect();
  } catch {
    await admin.end().catch(() => undefined);
    return null;
  }
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  await admin.query(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await admin.query(`drop database if exists ${name} with (force)`).catch(() => undefined);
      await admin.end();
    },
  };
}

/** A fresh database on the PostgreSQL server when one answers (as production runs), else the embedded PostgreSQL. */
export async function openBenchDatabase(prefix: string): Promise<{ url: string; kind: string; drop(): Promise<void> }> {
  const server = await serverDatabase(prefix);
  if (server) return { ...server, kind: 'PostgreSQL server' };
  const db = await throwawayEmbedded();
  return { url: db.url, kind: 'embedded PostgreSQL', drop: () => db.stop() };
}
