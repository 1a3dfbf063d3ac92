import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, openSync, closeSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { servePglite } from './pglite-server.js';

/**
 * The embedded database: PGlite (PostgreSQL compiled to WebAssembly) with its data in a local folder,
 * served on a loopback port so MikroORM, Agenda's backend and `pg` all use an ordinary connection
 * string. PGlite is a single session: pglite-server.ts lets connections take turns on it, so
 * transactions are serialised.
 */
export type EmbeddedDatabase = { readonly url: string; stop(): Promise<void> };

export class DataDirInUseError extends Error {
  constructor(readonly dataDir: string, readonly pid: number) {
    super(`The data folder ${dataDir} is already in use by process ${pid}. Stop that bot first, or set DATA_DIR to another folder.`);
  }
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** One process owns a data folder: a lock file holding our pid, taken atomically with O_EXCL. */
const takeLock = (dataDir: string): (() => void) => {
  const lockPath = join(dataDir, 'bot.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx', 0o600);
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(lockPath, 'utf8').trim());
      if (owner && owner !== process.pid && isAlive(owner)) throw new DataDirInUseError(dataDir, owner);
      rmSync(lockPath, { force: true }); // left behind by a process that died: safe to take over
    }
  }
  throw new DataDirInUseError(dataDir, -1);
};

/**
 * Creates the cluster (initdb) in a short-lived child process. WebAssembly memory never shrinks, and
 * initdb grows PGlite's heap to about 800 MiB; a process that only opens an existing folder stays
 * near 300 MiB. So the bot never runs initdb itself.
 */
const initialiseInChild = async (pgDir: string): Promise<void> => {
  if (existsSync(join(pgDir, 'PG_VERSION'))) return;
  const pglite = import.meta.resolve('@electric-sql/pglite');
  const script = `const { PGlite } = await import(${JSON.stringify(pglite)}); const db = await PGlite.create(${JSON.stringify(pgDir)}); await db.close();`;
  await new Promise<void>((resolve, reject) => {
    execFile(process.execPath, ['--input-type=module', '-e', script], (error, _stdout, stderr) =>
      error ? reject(new Error(`could not create the embedded database in ${pgDir}: ${stderr || error.message}`)) : resolve());
  });
};

/** Starts PGlite on `dataDir` (or in memory when null) and serves it on 127.0.0.1 at an ephemeral port. */
export async function startEmbeddedDatabase(dataDir: string | null): Promise<EmbeddedDatabase> {
  let releaseLock = (): void => {};
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    releaseLock = takeLock(dataDir);
  }
  try {
    if (dataDir) await initialiseInChild(join(dataDir, 'pg'));
    const db = await PGlite.create(dataDir ? join(dataDir, 'pg') : undefined);
    const server = await servePglite(db);
    return {
      url: server.url,
      async stop() {
        await server.stop();
        await db.close();
        releaseLock();
      },
    };
  } catch (error) {
    releaseLock();
    throw error;
  }
}
