/**
 * THE KILL TEST with real processes: the outbox drain runs in a worker process of its own
 * (test/support/outbox-worker.ts) against real PostgreSQL and a fake app over HTTP, and is SIGKILLed
 * at seeded moments — a few ms after it starts, when the app receives its k-th look-up, when the app
 * has made its k-th record but not yet answered (the app has the record, we never learn its id), just
 * after the app answered a create (we know the id but have not recorded it). A new process takes
 * over each time. However it was cut off, the app ends with exactly one record per write and every
 * row is done with the app's id. (outbox-kill.test.ts covers 120 more kill points, simulated in process.)
 *
 * Booting a worker under tsx takes about a second, so the next process is started while the current
 * one works, and is told to begin the moment the current one is dead: a restart without the wait.
 * The claim hold is short (claimMs) so a dead process's rows are taken over in the run, not in 5 minutes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newOutboxEntry, type OutboxEntry } from '../../../domain/outbox/entry.js';
import { asId } from '../../../domain/shared/ids.js';
import { MikroOrmOutboxStore } from '../../../adapters/db/outbox-store.js';
import { fixedClock, sequentialIds } from '../../fakes/clock.js';
import { FakeAppRecords } from '../../fakes/fake-app-writer.js';
import { openTestOrm, type TestDatabase } from '../../support/db.js';
import { seededRandom } from '../../support/seeded-random.js';

const seed = 20261210;
const plannedKills = 30;
const firstWrites = 60;
/** New writes queued before each process starts, so every one has work in hand when it is killed. */
const writesPerProcess = 4;
const claimMs = 800;
/** Workers booting while one works: two keep both cores busy, so a replacement is nearly always ready. */
const bootingAhead = 2;
const workerScript = fileURLToPath(new URL('../../support/outbox-worker.ts', import.meta.url));

type AppEvent = 'lookup-received' | 'create-received' | 'create-answered';
type KillPlan = { readonly at: 'timer'; readonly afterMs: number } | { readonly at: AppEvent; readonly nth: number };

const planOf = (random: () => number): KillPlan => {
  const at = (['timer', 'lookup-received', 'create-received', 'create-answered'] as const)[Math.floor(random() * 4)]!;
  return at === 'timer' ? { at, afterMs: 5 + Math.floor(random() * 146) } : { at, nth: 1 + Math.floor(random() * 3) };
};

const byReference = (reference: string) => ({ idempotencyKey: reference }) as OutboxEntry;

/**
 * The app over HTTP: GET /records?reference= finds, POST /records makes a record (a second one if
 * asked twice, as a real app would). A record exists from the moment the request arrives; the answer
 * comes a few ms later, so a kill can land in between. `on` hears each event as it happens.
 */
const fakeHttpApp = (records: FakeAppRecords, delayMs: () => number, on: (event: AppEvent) => void) => {
  const writer = records.writer();
  const answer = (res: ServerResponse, status: number, body: unknown, then?: () => void) => setTimeout(() => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    then?.();
  }, delayMs());
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://fake-app');
    if (url.pathname !== '/records') return answer(res, 404, {});
    if (req.method === 'GET') {
      const id = await writer.lookup(byReference(url.searchParams.get('reference') ?? ''));
      on('lookup-received');
      return answer(res, id ? 200 : 404, id ? { id } : {});
    }
    let body = '';
    for await (const chunk of req) body += String(chunk);
    const id = await writer.create(byReference((JSON.parse(body) as { reference: string }).reference));
    on('create-received');
    answer(res, 201, { id }, () => on('create-answered'));
  };
  return createServer((req, res) => { void handle(req, res); });
};

const within = async <T>(what: string, ms: number, promise: Promise<T>): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms); });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
};

type Worker = {
  readonly proc: ChildProcess;
  readonly output: string[];
  readonly ready: Promise<void>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

let db: TestDatabase;
let server: Server;
let appUrl: string;
const live = new Set<ChildProcess>();
let hear: (event: AppEvent) => void = () => {};
const app = new FakeAppRecords();
const appRandom = seededRandom(seed + 1);

beforeAll(async () => {
  db = await openTestOrm();
  server = fakeHttpApp(app, () => 2 + Math.floor(appRandom() * 18), (event) => hear(event));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 120_000);
afterAll(async () => {
  for (const proc of live) proc.kill('SIGKILL');
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await db?.close();
});

const startWorker = (): Worker => {
  const proc = spawn(process.execPath, ['--import', 'tsx', workerScript, db.url, appUrl, String(claimMs)], { stdio: ['pipe', 'pipe', 'pipe'] });
  live.add(proc);
  const output: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.on('exit', (code, signal) => {
    live.delete(proc);
    resolve({ code, signal });
  }));
  const ready = new Promise<void>((resolve, reject) => {
    proc.stdout!.on('data', (b: Buffer) => {
      output.push(b.toString());
      if (output.join('').includes('ready\n')) resolve();
    });
    proc.stderr!.on('data', (b: Buffer) => output.push(b.toString()));
    void exited.then(() => reject(new Error(`a worker exited before it was ready:\n${output.join('')}`)));
  });
  ready.catch(() => {});
  return { proc, output, ready, exited };
};

const practices = [asId<'Practice'>('practice-a'), asId<'Practice'>('practice-b')];
const apps = ['ledger', 'practice-manager'];

describe('the outbox drain in a real process, SIGKILLed at random moments and restarted', () => {
  it(`leaves zero duplicates in the app and every row done after ${plannedKills} kills`, async () => {
    const random = seededRandom(seed);
    // Rows are due from a fixed past instant, whatever today is; the workers claim on the real clock.
    const clock = fixedClock('2020-01-01T09:00:00Z');
    const ids = sequentialIds('w');
    const store = new MikroOrmOutboxStore(db.em());
    const sql = <T>(query: string, params: unknown[] = []) => db.em().getConnection().execute<T[]>(query, params);
    let queued = 0;
    const enqueue = async (n: number) => {
      for (let i = 0; i < n; i++, queued++) {
        await store.enqueue(newOutboxEntry({
          practiceId: practices[queued % 2]!, app: apps[Math.floor(random() * apps.length)]!, kind: 'invoice',
          sourceId: `schedule-${queued}`, period: '2020-01', payload: { n: queued },
        }, ids.next(), clock.now()));
      }
    };

    const tally = { kills: 0, midSend: 0, afterAppCreated: 0 };
    const leftByKills = new Set<string>();
    await enqueue(firstWrites);
    const upcoming = Array.from({ length: bootingAhead }, startWorker);
    for (let life = 0; life < plannedKills; life++) {
      const current = upcoming.shift()!;
      await within('a worker to boot', 60_000, current.ready);
      upcoming.push(startWorker());
      await enqueue(writesPerProcess);

      const plan = planOf(random);
      const kill = () => { current.proc.kill('SIGKILL'); };
      let seen = 0;
      hear = (event) => { if (plan.at === event && ++seen === plan.nth) kill(); };
      const startedAt = new Date();
      current.proc.stdin!.write('go\n');
      if (plan.at === 'timer') setTimeout(kill, plan.afterMs);
      // A plan whose event never comes (the work ran out first) still ends in a kill.
      const fallback = setTimeout(kill, 5_000);
      const exit = await within('a killed worker to exit', 30_000, current.exited);
      clearTimeout(fallback);
      hear = () => {};
      expect(exit.signal, current.output.join('')).toBe('SIGKILL');
      tally.kills++;

      // What the dead process left: rows it claimed and never finished, records the app made that we never recorded.
      const claimed = await sql<{ n: string }>(`select count(*) as n from app_outbox where status = 'sending' and updated_at >= ?`, [startedAt]);
      if (Number(claimed[0]!.n) > 0) tally.midSend++;
      const unfinished = await sql<{ key: string }>(`select idempotency_key as key from app_outbox where status <> 'done'`);
      const orphans = unfinished.map((r) => r.key).filter((key) => !leftByKills.has(key) && app.created.some((r) => r.reference === key));
      if (orphans.length) tally.afterAppCreated++;
      for (const key of orphans) leftByKills.add(key);
    }

    const last = upcoming.shift()!;
    for (const spare of upcoming) spare.proc.kill('SIGKILL');
    await within('the last worker to boot', 60_000, last.ready);
    last.proc.stdin!.write('go until done\n');
    const exit = await within('the last worker to finish', 60_000, last.exited);
    expect(exit, last.output.join('')).toEqual({ code: 0, signal: null });

    expect(app.duplicates()).toEqual([]);
    const rows = await sql<{ key: string; status: string; external_id: string | null }>('select idempotency_key as key, status, external_id from app_outbox');
    expect(rows).toHaveLength(firstWrites + plannedKills * writesPerProcess);
    expect(rows.filter((r) => r.status !== 'done')).toEqual([]);
    expect(app.created).toHaveLength(rows.length);
    expect(rows.filter((r) => r.external_id !== app.created.find((c) => c.reference === r.key)?.id)).toEqual([]);

    // Every kill was a real SIGKILL; most landed with writes claimed and unsent, some after the app had made a record.
    expect(tally.kills).toBe(plannedKills);
    expect(tally.midSend).toBeGreaterThanOrEqual(plannedKills / 2);
    expect(leftByKills.size).toBeGreaterThanOrEqual(5);
    console.info(`outbox SIGKILL test: ${JSON.stringify({ ...tally, recordsMadeButNotRecorded: leftByKills.size, writes: rows.length })}`);
  }, 240_000);
});
