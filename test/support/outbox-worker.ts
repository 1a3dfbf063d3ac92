/**
 * An outbox drain in a process of its own, for the SIGKILL test to kill: it opens the ORM, builds the
 * outbox use cases as production does (the PostgreSQL store, the drain) with a writer that talks to a
 * fake app over HTTP, prints "ready", and waits for a line on stdin before touching the outbox, so a
 * process can be started ahead of the kill that makes way for it. "go" drains again and again until
 * the process is killed; "go until done" stops, printing "done", once no row is left to send.
 * Run as: node --import tsx test/support/outbox-worker.ts DATABASE_URL APP_URL CLAIM_MS
 */
import { createInterface } from 'node:readline';
import type { OutboxEntry } from '../../domain/outbox/entry.js';
import type { OutboxWriter } from '../../domain/outbox/ports.js';
import { openOrm } from '../../adapters/db/orm.js';
import { MikroOrmOutboxStore } from '../../adapters/db/outbox-store.js';
import { mikroOrmUnitOfWork } from '../../adapters/db/unit-of-work.js';
import { randomIds } from '../../src/ids.js';
import { createOutboxUseCases } from '../../src/outbox/use-cases.js';

const [url, appUrl, claimMsArg] = process.argv.slice(2);
if (!url || !appUrl || !claimMsArg) throw new Error('usage: outbox-worker.ts DATABASE_URL APP_URL CLAIM_MS');

/** A refusal the drain retries, as a real app's 5xx would be. */
const appDown = (what: string, status: number) => Object.assign(new Error(`${what}: the fake app answered ${status}`), { kind: 'app-down' });

/** Finds a record by our reference (the idempotency key), and creates one carrying it. */
const httpWriter = (base: string): OutboxWriter => ({
  async lookup(e: OutboxEntry) {
    const res = await fetch(`${base}/records?reference=${encodeURIComponent(e.idempotencyKey)}`);
    if (res.status === 404) return null;
    if (!res.ok) throw appDown('lookup', res.status);
    return ((await res.json()) as { id: string }).id;
  },
  async create(e: OutboxEntry) {
    const res = await fetch(`${base}/records`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ reference: e.idempotencyKey, payload: e.payload }),
    });
    if (res.status !== 201) throw appDown('create', res.status);
    return ((await res.json()) as { id: string }).id;
  },
});

const log = (level: string) => (fields: Record<string, unknown>, message: string) => {
  process.stderr.write(`${level}: ${message} ${JSON.stringify(fields)}\n`);
};

const orm = await openOrm({ url, poolMax: 4 });
const em = orm.em.fork();
const store = new MikroOrmOutboxStore(em);
const writer = httpWriter(appUrl);
const outbox = createOutboxUseCases({
  store, transaction: mikroOrmUnitOfWork(em, (tx) => ({ outbox: new MikroOrmOutboxStore(tx) })),
  writers: () => writer, defaultBudget: { perRun: 6, concurrency: 2 }, appName: (app) => app,
  wake: async () => {}, clock: { now: () => new Date() }, ids: randomIds, jitter: Math.random,
  log: { warn: log('warn'), error: log('error') }, claimMs: Number(claimMsArg),
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Anything not yet done, however far off: a lapsed claim of a killed process, a parked retry. */
const nothingLeft = async () => !(await store.dueApps(new Date(Date.now() + 24 * 3_600_000))).length;

process.stdout.write('ready\n');
const command = await new Promise<string>((resolve) => createInterface({ input: process.stdin }).once('line', resolve));
const untilDone = command === 'go until done';
for (;;) {
  try {
    await outbox.drain();
    if (untilDone && (await nothingLeft())) break;
  } catch (error) {
    log('error')({ error: String(error) }, 'drain threw');
  }
  await sleep(20);
}
await orm.close(true);
process.stdout.write('done\n');
process.exit(0);
