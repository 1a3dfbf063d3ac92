import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { dataDirs } from '../../support/data-dirs.js';
import { DataDirInUseError, EmbeddedDatabaseError, startEmbeddedDatabase } from '../../../adapters/db/embedded.js';
import { isAlive } from '../../../adapters/db/postgres-server.js';

const dirs = dataDirs('ignition-embedded');
const freshDir = dirs.fresh;
afterAll(() => dirs.removeAll());

const query = async (url: string, sql: string) => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
};

const embeddedModule = fileURLToPath(new URL('../../../adapters/db/embedded.ts', import.meta.url));

/** A bot-like process that starts the embedded database on `dir`, says where, and waits to be killed. */
const startInChild = (dir: string) => new Promise<{ kill(): Promise<void>; url: string; serverPid: number }>((resolve, reject) => {
  const script = `const { startEmbeddedDatabase } = await import(${JSON.stringify(embeddedModule)});
    const db = await startEmbeddedDatabase(${JSON.stringify(dir)});
    console.log(JSON.stringify({ url: db.url, serverPid: db.serverPid }));
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString();
    const line = out.split('\n').find((l) => l.startsWith('{'));
    if (line) {
      const gone = new Promise<void>((done) => child.once('exit', () => done()));
      resolve({ ...(JSON.parse(line) as { url: string; serverPid: number }), kill: () => { child.kill('SIGKILL'); return gone; } });
    }
  });
  child.stderr.on('data', (c: Buffer) => { err += c.toString(); });
  child.on('exit', (code) => reject(new Error(`child exited (${code}): ${err}`)));
});

describe('the embedded PostgreSQL', { timeout: 90_000 }, () => {
  it('creates a cluster in DATA_DIR/pg, listens on loopback only, and keeps its password in a 0600 file', async () => {
    const dir = freshDir();

    const db = await startEmbeddedDatabase(dir);
    const [settings] = await query(db.url, "select current_setting('listen_addresses') as listen, current_setting('server_version_num') as version");
    await db.stop();

    expect(settings).toEqual({ listen: '127.0.0.1', version: expect.stringMatching(/^17/) });
    expect(statSync(join(dir, 'pg', 'PG_VERSION')).isFile()).toBe(true);
    expect(statSync(join(dir, 'pg.password')).mode & 0o777).toBe(0o600);
    expect(db.url).toContain(encodeURIComponent(readFileSync(join(dir, 'pg.password'), 'utf8').trim()));
    expect(isAlive(db.serverPid)).toBe(false);
  });

  it('refuses a data folder another live process owns, naming that process', async () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'bot.pid'), '1'); // pid 1 is always alive

    const start = startEmbeddedDatabase(dir);

    await expect(start).rejects.toBeInstanceOf(DataDirInUseError);
    await expect(start).rejects.toThrow(/already in use by process 1\. Stop that bot first/);
  });

  it('takes over a lock left by a process that died, and keeps data between runs', async () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'bot.pid'), '999999');

    const first = await startEmbeddedDatabase(dir);
    await query(first.url, "create table kept (v text); insert into kept values ('still here')");
    await first.stop();
    const second = await startEmbeddedDatabase(dir);
    const rows = await query(second.url, 'select v from kept');
    await second.stop();

    expect(rows).toEqual([{ v: 'still here' }]);
  });

  it('stops the server a killed bot left running, then starts its own on the same cluster with the data intact', async () => {
    const dir = freshDir();
    const killed = await startInChild(dir);
    await query(killed.url, "create table kept (v text); insert into kept values ('survived')");
    await killed.kill();
    const orphaned = isAlive(killed.serverPid);

    const next = await startEmbeddedDatabase(dir);
    const rows = await query(next.url, 'select v from kept');
    const serving = Number(readFileSync(join(dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
    await next.stop();

    expect(orphaned).toBe(true); // SIGKILL gave the bot no chance to stop its server
    expect(isAlive(killed.serverPid)).toBe(false);
    expect(serving).toBe(next.serverPid);
    expect(rows).toEqual([{ v: 'survived' }]);
  });

  it('recognises a folder left by the PGlite version and says what to do, touching nothing', async () => {
    const dir = freshDir();
    mkdirSync(join(dir, 'pg'));
    writeFileSync(join(dir, 'pg', 'PG_VERSION'), '18\n');

    const start = startEmbeddedDatabase(dir);

    await expect(start).rejects.toBeInstanceOf(EmbeddedDatabaseError);
    await expect(start).rejects.toThrow(/earlier version of ignition-bot \(PGlite\).*nothing in it has been changed.*move it aside/);
    expect(readFileSync(join(dir, 'pg', 'PG_VERSION'), 'utf8')).toBe('18\n');
  });

  it('names DATA_DIR when the folder cannot be written', async () => {
    const dir = freshDir();
    const file = join(dir, 'not-a-folder');
    writeFileSync(file, '');

    await expect(startEmbeddedDatabase(join(file, 'data'))).rejects.toThrow(/^DATA_DIR: cannot write to .*not-a-folder\/data \(ENOTDIR\)/);
  });
});
