import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Presence } from '../../jobs/scheduler.js';

/**
 * Which bot processes are alive, told by the database itself. Each process holds a session-level
 * advisory lock named after its worker id on a connection of its own for as long as it runs. When a
 * process dies, however it dies, PostgreSQL ends its session and the lock goes with it: so "this
 * worker's lock is held by nobody" means "this worker is gone", across any number of processes and
 * machines, with no heartbeat to tune. Agenda records the worker that locked a job, and sync runs
 * record the worker running them, so work a dead process left behind can be taken over at once.
 */

/** The advisory lock space for presence locks (the first key); the second is hashtext(worker id). */
const presenceSpace = 0x49474e01;

/** SQL true when the worker named by `column` holds no presence lock, i.e. its process has ended. */
export const workerGoneSql = (column: string): string =>
  `not exists (select 1 from pg_locks l where l.locktype = 'advisory' and l.granted
     and l.database = (select oid from pg_database where datname = current_database())
     and l.classid = ${presenceSpace} and l.objid = hashtext(${column})::oid and l.objsubid = 2)`;

/** A worker id unique enough to tell processes apart: the pid for people, random bits for machines. */
export const newWorkerId = (pid: number): string => `ignition-${pid}-${randomBytes(4).toString('hex')}`;

/** The scheduler's Presence port: start() takes the lock (rejects if a live process has the id), gone() names the dead. */
export type WorkerPresence = Presence;

export type PresenceOptions = {
  /** Where to connect: the presence lock needs a connection of its own, outside any pool. */
  readonly connection: pg.ClientConfig;
  readonly id: string;
  /** Told when the presence connection drops; the lock is taken again on a new one. */
  readonly onLost?: (error: unknown) => void;
};

export function createWorkerPresence(o: PresenceOptions): WorkerPresence {
  let client: pg.Client | null = null;
  let stopped = false;

  const hold = async (): Promise<pg.Client> => {
    const c = new pg.Client(o.connection);
    // Listened to from the start: a connection cut while it is still being set up would otherwise be
    // an uncaught 'error' (the set-up's own await rejects, and the caller retries).
    // Lost once held, the lock is gone and other processes will take our work over; hold it again at
    // once so what we start from now on is ours.
    c.on('error', (error) => {
      if (client !== c) return;
      client = null;
      o.onLost?.(error);
      if (!stopped) void retake();
    });
    await c.connect();
    const { rows } = await c.query<{ held: boolean }>('select pg_try_advisory_lock($1, hashtext($2)) as held', [presenceSpace, o.id]);
    if (!rows[0]?.held) {
      await c.end();
      throw new Error(`another live bot process already uses worker id ${o.id}`);
    }
    return c;
  };

  const retake = async (): Promise<void> => {
    while (!stopped && !client) {
      try {
        client = await hold();
      } catch (error) {
        o.onLost?.(error);
        await new Promise((r) => setTimeout(r, 1_000));
      }
    }
  };

  return {
    id: o.id,
    async start() {
      stopped = false;
      client ??= await hold();
    },
    async gone(ids) {
      if (!ids.length) return new Set();
      const c = client ?? new pg.Client(o.connection);
      if (c !== client) {
        // A one-off connection: a cut is the query's rejection, not an uncaught 'error'.
        c.on('error', () => {});
        await c.connect();
      }
      try {
        const { rows } = await c.query<{ id: string }>(`select id from unnest($1::text[]) as id where ${workerGoneSql('id')}`, [ids]);
        return new Set(rows.map((r) => r.id));
      } finally {
        if (c !== client) await c.end();
      }
    },
    async stop() {
      stopped = true;
      const c = client;
      client = null;
      await c?.end();
    },
  };
}
