import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveGustoConsent } from '../../adapters/sandbox/gusto.js';
import { typeInto } from '../support/shell.js';
import { startBot, type RunningBot } from '../../src/main.js';
import { freshServerDatabase } from '../support/db.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';

/**
 * The composed bot reaches PostgreSQL through a proxy the test cuts: the server going away (or a
 * connection being killed) must never end the process, never leave half a change behind, and the
 * bot must be ready again once the server is back.
 */
let database: Awaited<ReturnType<typeof freshServerDatabase>>;
let proxy: TcpProxy;
let bot: RunningBot;
let dataDir: string;

beforeAll(async () => {
  database = await freshServerDatabase();
  const direct = new URL(database.url);
  proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
  const viaProxy = new URL(database.url);
  viaProxy.hostname = '127.0.0.1';
  viaProxy.port = String(proxy.port);
  dataDir = mkdtempSync(join(tmpdir(), 'ignition-outage-'));
  bot = await startBot({ DATA_DIR: dataDir, PORT: '0', DATABASE_URL: viaProxy.toString() }, { mode: 'shell', logLevel: 'silent', write: () => {} });
});
afterAll(async () => {
  await bot?.stop();
  await proxy?.close();
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

const type = (line: string): Promise<string> => typeInto(bot, line);

const readiness = async () => {
  const response = await fetch(`${bot.url}/readyz`);
  return { status: response.status, body: await response.text() };
};

/** Rows straight from the database, not through the proxy. */
const count = async (sql: string): Promise<number> => {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    return Number((await client.query<{ n: string }>(sql)).rows[0]?.n);
  } finally {
    await client.end();
  }
};

describe('the bot when its database drops', { timeout: 90_000 }, () => {
  it('reports the database not ready while it is away, answers commands with the error card, and recovers', async () => {
    await type('client add Before Ltd');
    expect((await readiness()).status).toBe(200);

    proxy.drop();
    await expect.poll(readiness, { timeout: 5_000, interval: 100 }).toMatchObject({ status: 503, body: expect.stringContaining('database') });
    const during = await type('client add During Ltd');

    proxy.restore();
    await expect.poll(async () => (await readiness()).status, { timeout: 10_000, interval: 100 }).toBe(200);
    const after = await type('client add After Ltd');
    const listed = await type('clients');

    expect(during).toContain('Something went wrong');
    expect(after).toContain('Added After Ltd');
    expect(listed).toContain('Before Ltd');
    expect(listed).not.toContain('During Ltd');
  });

  it('writes nothing half-way when the connection is cut in the middle of a command', async () => {
    const cut = proxy.dropOn('insert into "client"');
    const reply = type('client add Halfway Ltd email=half@way.example');
    await cut;
    proxy.restore();
    const answered = await reply;
    await expect.poll(async () => (await readiness()).status, { timeout: 10_000, interval: 100 }).toBe(200);

    expect(answered).toContain('Something went wrong');
    expect(await count("select count(*) as n from client where name = 'Halfway Ltd'")).toBe(0);
    expect(await count("select count(*) as n from contact where email = 'half@way.example'")).toBe(0);
    expect(await type('client add Halfway Ltd email=half@way.example')).toContain('Added Halfway Ltd');
    expect(await count("select count(*) as n from client where name = 'Halfway Ltd'")).toBe(1);
  });

  it('writes no half-synced company when the connection is cut in the middle of a Gusto sync, and the next sync completes', async () => {
    const link = /Connect your account: (\S+)/.exec(await type('connect gusto'))?.[1] ?? '';
    const local = (url: string) => { const u = new URL(url); return `${bot.url}${u.pathname}${u.search}`; };
    const callback = (await approveGustoConsent(local(link))).headers.get('location') ?? '';
    expect(await (await fetch(local(callback))).text()).toContain('Connected:');
    const company = bot.app.gusto.sandbox!.companies()[0]!;
    await expect.poll(() => count(`select count(*) as n from client where name = '${company.name.replace(/'/g, "''")}'`), { timeout: 20_000 }).toBe(1);
    bot.app.gusto.sandbox!.mutate(company.uuid, (c) => { c.name = `${c.name} Renamed`; });

    const cut = proxy.dropOn('insert into "client"'); // the sync writes a client as an upsert
    const interrupted = type('sync gusto');
    await cut;
    proxy.restore();
    await interrupted;
    await expect.poll(async () => (await readiness()).status, { timeout: 10_000, interval: 100 }).toBe(200);
    const halfway = await count(`select count(*) as n from client where name like '%Renamed'`);
    const again = await type('sync gusto');

    expect(halfway).toBe(0);
    expect(again).toContain('Gusto sync finished');
    expect(await count(`select count(*) as n from client where name = '${company.name.replace(/'/g, "''")}'`)).toBe(1);
    expect(await count('select count(*) as n from app_link')).toBe(1);
  });

  it('survives its connections being terminated by the server, and runs jobs again afterwards', async () => {
    await count('select pg_terminate_backend(pid) as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()');

    await expect.poll(async () => (await readiness()).status, { timeout: 10_000, interval: 100 }).toBe(200);
    const ran = new Promise<void>((done) => { bot.app.scheduler.agenda.define('outage-probe', async () => { done(); }); });
    await bot.app.scheduler.agenda.now('outage-probe', {});
    await ran;
    expect(await type('clients')).toContain('Before Ltd');
  });
});
