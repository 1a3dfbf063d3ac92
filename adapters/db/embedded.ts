import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import pg from 'pg';
import { freePort, initCluster, isAlive, postgresBinaries, serverUser, startServer, stopLeftoverServer, type ServerUser } from './postgres-server.js';

/**
 * The embedded database: a real PostgreSQL server whose cluster lives in DATA_DIR/pg, started on a
 * free loopback port with a generated password, and owned by one bot process at a time. MikroORM,
 * Agenda's backend (LISTEN/NOTIFY included) and `pg` reach it with an ordinary connection string.
 *
 * DATA_DIR holds:  bot.pid (who owns the folder) · pg.password (0600) · pg/ (the cluster) · pg.log
 */
export type EmbeddedDatabase = {
  readonly url: string;
  /** The server's process, for the bench (its memory is reported apart from the bot's). */
  readonly serverPid: number;
  stop(): Promise<void>;
};

export type EmbeddedOptions = {
  /**
   * Durable by default. The test suite's throwaway server turns fsync off: its data need not
   * survive a power cut, and it makes creating a database per suite several times faster.
   */
  readonly durable?: boolean;
};

/** A start-up problem the person running the bot can fix; its message says how, in one paragraph. */
export class EmbeddedDatabaseError extends Error {}

export class DataDirInUseError extends EmbeddedDatabaseError {
  constructor(readonly dataDir: string, readonly pid: number) {
    super(`The data folder ${dataDir} is already in use by process ${pid}. Stop that bot first, or set DATA_DIR to another folder.`);
  }
}

const superuser = 'ignition';
const database = 'ignition';

/** One process owns a data folder: a lock file holding our pid, taken atomically with O_EXCL. */
const takeLock = (dataDir: string): (() => void) => {
  const lockPath = join(dataDir, 'bot.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx', 0o600);
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      const release = () => rmSync(lockPath, { force: true });
      // Released on any exit but SIGKILL, so a crash leaves no stale pid file behind.
      process.once('exit', release);
      return () => { process.removeListener('exit', release); release(); };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(lockPath, 'utf8').trim());
      if (owner && owner !== process.pid && isAlive(owner)) throw new DataDirInUseError(dataDir, owner);
      rmSync(lockPath, { force: true }); // left behind by a process that died: safe to take over
    }
  }
  throw new DataDirInUseError(dataDir, -1);
};

/** DATA_DIR exists and this user can write in it, or an error naming the setting says what to do. */
export const requireWritableFolder = (dataDir: string): void => {
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const probe = join(dataDir, `.write-test-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new EmbeddedDatabaseError(`DATA_DIR: cannot write to ${dataDir} (${code}). Give this user write access to it, or set DATA_DIR to a folder it can write (or DATABASE_URL to a PostgreSQL server).`);
  }
};

/**
 * Versions before this one kept an embedded PGlite cluster in DATA_DIR/pg and no password file.
 * That cluster is another major version in another format: we never touch it, and say what to do.
 */
const refuseLegacyCluster = (dataDir: string): void => {
  if (!existsSync(join(dataDir, 'pg', 'PG_VERSION')) || existsSync(join(dataDir, 'pg.password'))) return;
  throw new EmbeddedDatabaseError(
    `DATA_DIR (${dataDir}) holds a database made by an earlier version of ignition-bot (PGlite), which this version no longer runs; nothing in it has been changed. ` +
      `To start afresh, move it aside (mv ${dataDir} ${dataDir}-pglite) or set DATA_DIR to a new folder, then start again. ` +
      'To keep its clients and proposals, run the earlier version with its folder, dump the database with pg_dump from @electric-sql/pglite-tools, ' +
      'and load the dump with psql into this version (for example into a server named by DATABASE_URL).',
  );
};

const passwordFor = (dataDir: string): string => {
  const path = join(dataDir, 'pg.password');
  if (!existsSync(path)) writeFileSync(path, randomBytes(24).toString('base64url'), { mode: 0o600, flag: 'wx' });
  return readFileSync(path, 'utf8').trim();
};

/**
 * As root the server runs as an unprivileged user, which must be able to pass through DATA_DIR and
 * every folder above it. We open up DATA_DIR itself (traverse only: the secrets in it stay 0600);
 * a parent we do not own we only report.
 */
const letServerIn = (dataDir: string, user: ServerUser): void => {
  const mode = statSync(dataDir).mode & 0o777;
  if ((mode & 0o001) === 0) chmodSync(dataDir, mode | 0o001);
  for (let folder = dirname(dataDir); folder !== dirname(folder); folder = dirname(folder)) {
    if ((statSync(folder).mode & 0o001) === 0) {
      throw new EmbeddedDatabaseError(`DATA_DIR: the database server runs as the OS user "${user.name}" (PostgreSQL refuses root), and it cannot pass through ${folder}. Allow it (chmod o+x ${folder}), or set DATA_DIR to a folder outside it.`);
    }
  }
};

const ensureDatabase = async (port: number, password: string): Promise<void> => {
  const admin = new pg.Client({ host: '127.0.0.1', port, user: superuser, password, database: 'postgres' });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [database]);
    if (!rowCount) await admin.query(`create database ${database}`);
  } finally {
    await admin.end();
  }
};

/** Starts the embedded PostgreSQL for `dataDir`, creating its cluster on the first run. */
export async function startEmbeddedDatabase(dataDir: string, options: EmbeddedOptions = {}): Promise<EmbeddedDatabase> {
  const dir = resolve(dataDir);
  requireWritableFolder(dir);
  const releaseLock = takeLock(dir);
  try {
    refuseLegacyCluster(dir);
    const [binaries, user] = await Promise.all([postgresBinaries(), serverUser()]);
    if (user) letServerIn(dir, user);
    const password = passwordFor(dir);
    const clusterDir = join(dir, 'pg');
    await stopLeftoverServer(clusterDir);
    if (!existsSync(join(clusterDir, 'PG_VERSION'))) await initCluster({ binaries, dir: clusterDir, superuser, password, user });
    const port = await freePort();
    const server = await startServer({
      binaries, dir: clusterDir, port, user, logFile: join(dir, 'pg.log'),
      settings: options.durable === false ? { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' } : {},
    });
    try {
      await ensureDatabase(port, password);
    } catch (error) {
      await server.stop();
      throw error;
    }
    return {
      url: `postgresql://${superuser}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
      serverPid: server.pid,
      async stop() {
        await server.stop();
        releaseLock();
      },
    };
  } catch (error) {
    releaseLock();
    if (error instanceof EmbeddedDatabaseError) throw error;
    throw new EmbeddedDatabaseError(`The embedded database could not start: ${(error as Error).message}`);
  }
}
