import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { MikroOrmClientStore } from '../adapters/db/client-store.js';
import { throwawayEmbedded } from './databases.js';
import { migrate, openOrm } from '../adapters/db/orm.js';
import { normaliseName, type Client } from '../domain/practice/client.js';
import { benchPracticeId, makeClients } from './client-data.js';
import { round, type Row } from './report.js';

const rowCount = 10_000;
const columns = ['id', 'practice_id', 'status', 'name', 'name_key', 'trade_name', 'email', 'phone', 'fax', 'website', 'street_address',
  'postal_address', 'business_structure', 'active_employees', 'contractors', 'headcount_at', 'created_at', 'updated_at'];
// PostgreSQL's wire protocol numbers bind parameters with 16 bits, so one statement takes at most 65,535.
const rowsPerStatement = Math.floor(65_535 / columns.length);

/** The same values the store writes (client-store.ts toRow), in column order. */
const values = (c: Client): unknown[] => [
  c.id, c.practiceId, c.status, c.name, normaliseName(c.name), c.tradeName ?? null, c.email ?? null, c.phone ?? null, c.fax ?? null,
  c.website ?? null, c.streetAddress ? JSON.stringify(c.streetAddress) : null, c.postalAddress ? JSON.stringify(c.postalAddress) : null,
  c.businessStructure ?? null, c.activeEmployees ?? null, c.contractors ?? null, c.headcountAt ?? null, c.createdAt, c.updatedAt,
];

/** Multi-row INSERT … VALUES ($1,…),(…): one statement, split only where the parameter limit forces it. */
async function rawInsert(db: pg.Client, clients: readonly Client[]): Promise<number> {
  let statements = 0;
  for (let start = 0; start < clients.length; start += rowsPerStatement) {
    const chunk = clients.slice(start, start + rowsPerStatement);
    const tuples = chunk.map((_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(',')})`);
    await db.query(`insert into client (${columns.join(',')}) values ${tuples.join(',')}`, chunk.flatMap(values));
    statements++;
  }
  return statements;
}

const countRows = async (db: pg.Client): Promise<number> =>
  Number((await db.query<{ n: string }>('select count(*) as n from client where practice_id = $1', [benchPracticeId])).rows[0]?.n);

/** A benchmark whose rows did not land measures nothing: fail loudly. */
const assertCount = async (db: pg.Client, how: string): Promise<void> => {
  const n = await countRows(db);
  if (n !== rowCount) throw new Error(`${how} left ${n} client rows, expected ${rowCount}`);
};

const timed = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
  const started = performance.now();
  const result = await fn();
  return [result, performance.now() - started];
};

/** Store (MikroORM upsertMany in a forked entity manager) against raw SQL, each on an empty table after a warm-up. */
async function storeVersusRaw(url: string, label: string): Promise<Row[]> {
  const orm = await openOrm({ url, poolMax: 4 });
  const db = new pg.Client({ connectionString: url });
  try {
    await migrate(orm);
    await db.connect();
    const clients = makeClients(rowCount);
    const truncate = () => db.query('truncate client');
    // Warm-up: the first query on each path pays for metadata, prepared plans and JIT, not for inserting.
    await new MikroOrmClientStore(orm.em.fork()).saveMany(makeClients(100, 7));
    await truncate();
    await rawInsert(db, makeClients(100, 7));
    await truncate();

    const [, storeMs] = await timed(() => new MikroOrmClientStore(orm.em.fork()).saveMany(clients));
    await assertCount(db, 'store saveMany');
    await truncate();
    const [statements, rawMs] = await timed(() => rawInsert(db, clients));
    await assertCount(db, 'raw INSERT');
    return [
      { name: `store saveMany, ${rowCount.toLocaleString('en-GB')} clients (${label})`, value: round(storeMs), unit: 'ms' },
      { name: `raw multi-row INSERT, same rows (${label}, ${statements} statements)`, value: round(rawMs), unit: 'ms' },
      { name: `ratio store / raw (${label})`, value: round(storeMs / rawMs, 2), unit: '×' },
      { name: `store throughput (${label})`, value: round(rowCount / (storeMs / 1000)), unit: 'rows/s' },
    ];
  } finally {
    await db.end().catch(() => undefined);
    await orm.close(true);
  }
}

export async function benchInsertsEmbedded(): Promise<Row[]> {
  const embedded = await throwawayEmbedded();
  try {
    return await storeVersusRaw(embedded.url, 'embedded PostgreSQL');
  } finally {
    await embedded.stop();
  }
}

const redact = (url: string): string => {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
};

/** On a real server when one answers: a fresh database of our own, dropped afterwards. */
export async function benchInsertsServer(): Promise<Row[]> {
  const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
  const admin = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch (error) {
    await admin.end().catch(() => undefined);
    return [{ name: `skipped: no PostgreSQL at ${redact(serverUrl)}`, value: (error as Error).message || 'unreachable', unit: '' }];
  }
  const name = `ignition_bench_${randomBytes(6).toString('hex')}`;
  try {
    await admin.query(`create database ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const server = (await admin.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]?.v ?? '?';
    return [{ name: 'server version', value: server, unit: '' }, ...(await storeVersusRaw(url.toString(), 'PostgreSQL'))];
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`).catch(() => undefined);
    await admin.end();
  }
}
