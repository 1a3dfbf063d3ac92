import { PostgresBackend } from '@agendajs/postgres-backend';
import { Agenda } from 'agenda';
import type pg from 'pg';

/**
 * Agenda on the application's own PostgreSQL pool: jobs live in the same database as everything
 * else, so a job and the rows it writes survive a crash together. Jobs are locked with
 * FOR UPDATE SKIP LOCKED, so several bot processes never run the same job twice.
 */
export type Scheduler = {
  readonly agenda: Agenda;
  readonly isReady: () => boolean;
  /**
   * Called at start and on every sweep for dead processes' work, with the jobs about to be taken
   * over from them (possibly none): the place to close and report what they left half done.
   */
  onTakeover(handler: (taken: readonly ReleasedJob[]) => Promise<unknown>): void;
  /** Takes this process's presence, takes over what dead processes left, then starts running jobs. */
  start(): Promise<void>;
  /** Resolves once nothing is running and nothing is due: the shell waits for this before exiting. */
  idle(timeoutMs?: number): Promise<void>;
  /** Stops taking work, lets running jobs finish (up to the grace period), and releases the rest. */
  stop(graceMs?: number): Promise<void>;
};

/** A job a dead process had locked, about to be unlocked and made due so a live worker runs it at once. */
export type ReleasedJob = { readonly name: string; readonly data: unknown; readonly from: string };

/** Which workers are alive (adapters/db/worker-presence.ts); its id names this worker to Agenda. */
export type Presence = {
  readonly id: string;
  /** Takes this process's presence; rejects if another live process has the same id. */
  start(): Promise<void>;
  /** Of these worker ids, the ones whose process has ended. */
  gone(ids: readonly string[]): Promise<Set<string>>;
  stop(): Promise<void>;
};

export type SchedulerOptions = {
  readonly pool: pg.Pool;
  /** This worker's name on the jobs it locks; the presence's id when there is one. */
  readonly name: string;
  /**
   * Without it a dead process's jobs wait for their lock to expire (lockLifetimeMs); with it they
   * are taken over as soon as a live worker starts or sweeps.
   */
  readonly presence?: Presence;
  /** How often a running worker looks for dead processes' work, in ms. */
  readonly sweepMs?: number;
  /** How often to look for due jobs, in ms. PostgreSQL NOTIFY wakes Agenda sooner; the poll is the
   *  fallback while notifications are down (a dropped connection) and picks up jobs that fell due. */
  readonly pollMs?: number;
  /**
   * How long a job's lock holds. A process killed mid-job leaves its lock behind; with a presence the
   * job is taken over as soon as its death is seen, otherwise once the lock expires. Long jobs
   * touch() their lock as they go.
   */
  readonly lockLifetimeMs?: number;
  readonly onOutcome?: (job: string, outcome: 'success' | 'failure', seconds: number) => void;
  readonly onFailure?: (job: string, error: unknown) => void;
  /** The LISTEN connection dropped; Agenda reconnects it by itself and polls meanwhile. */
  readonly onConnectionError?: (error: unknown) => void;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createScheduler(o: SchedulerOptions): Scheduler {
  const backend = new PostgresBackend({ pool: o.pool });
  // Unheard, an 'error' from the notification channel (the database dropped the LISTEN connection)
  // would end the process.
  backend.notificationChannel?.on('error', (error: unknown) => o.onConnectionError?.(error));
  const agenda = new Agenda({
    backend,
    name: o.presence?.id ?? o.name,
    processEvery: o.pollMs ?? 1000,
    defaultLockLifetime: o.lockLifetimeMs ?? 2 * 60_000,
  });
  let ready = false;
  const started = new Map<string, number>();
  // On a real server Agenda also relays other workers' job events ("remote", with no attrs);
  // each process counts and times only the jobs it runs itself.
  agenda.on('start', (job, remote) => { if (!remote) started.set(String(job.attrs._id), performance.now()); });
  const finish = (job: { attrs: { _id?: unknown; name: string } }, outcome: 'success' | 'failure') => {
    const id = String(job.attrs._id);
    const began = started.get(id);
    started.delete(id);
    o.onOutcome?.(job.attrs.name, outcome, began === undefined ? 0 : (performance.now() - began) / 1000);
  };
  agenda.on('success', (job, remote) => { if (!remote) finish(job, 'success'); });
  agenda.on('fail', (error, job, remote) => {
    if (remote) return;
    finish(job, 'failure');
    o.onFailure?.(job.attrs.name, error);
  });

  /** Jobs due now, or locked: running somewhere, or left by a dead process and waiting to be taken over. */
  const dueCount = async (): Promise<number> => {
    const { rows } = await o.pool.query<{ n: string }>(
      'select count(*) as n from agenda_jobs where disabled = false and (locked_at is not null or next_run_at <= now())',
    );
    return Number(rows[0]?.n ?? 0);
  };

  /** Jobs locked by workers whose process has ended (not by this one, which is alive). */
  const abandonedJobs = async (presence: Presence): Promise<(ReleasedJob & { id: string })[]> => {
    const { rows: locked } = await o.pool.query<{ id: string; name: string; data: unknown; from: string }>(
      `select id, name, data, last_modified_by as "from" from agenda_jobs
       where locked_at is not null and last_modified_by is not null and last_modified_by <> $1`, [presence.id]);
    const gone = await presence.gone([...new Set(locked.map((j) => j.from))]);
    return locked.filter((j) => gone.has(j.from));
  };

  /**
   * Unlocked and made due now, so a live worker runs it at once. Released by one worker only: the
   * update matches the dead worker's lock, which the first release clears.
   */
  const release = (job: { id: string; from: string }) => o.pool.query(
    `update agenda_jobs set locked_at = null, next_run_at = least(next_run_at, now())
     where id = $1 and last_modified_by = $2 and locked_at is not null`, [job.id, job.from]);

  const handlers: ((taken: readonly ReleasedJob[]) => Promise<unknown>)[] = [];
  let sweeping: Promise<void> | null = null;
  let sweeps: ReturnType<typeof setInterval> | null = null;
  /**
   * Handlers hear first, so they can close and report what was cut off (and reset anything the
   * job's first run had marked done) before the job can run again. One sweep at a time; a failure
   * is reported and the next sweep tries again.
   */
  const sweep = (presence: Presence): Promise<void> => {
    sweeping ??= (async () => {
      const abandoned = await abandonedJobs(presence);
      const taken = abandoned.map(({ name, data, from }) => ({ name, data, from }));
      for (const handle of handlers) await handle(taken);
      for (const job of abandoned) await release(job);
    })().catch((error: unknown) => o.onFailure?.('takeover', error)).finally(() => { sweeping = null; });
    return sweeping;
  };

  return {
    agenda,
    isReady: () => ready,
    onTakeover: (handler) => { handlers.push(handler); },
    async start() {
      const presence = o.presence;
      if (presence) {
        await presence.start();
        await agenda.ready;
        await sweep(presence);
        // Another process may die while this one runs: its work is taken over on the next sweep.
        sweeps = setInterval(() => void sweep(presence), o.sweepMs ?? 30_000);
      }
      await agenda.start();
      ready = true;
    },
    async idle(timeoutMs = 10 * 60_000) {
      const deadline = Date.now() + timeoutMs;
      // Twice in a row, so a job that schedules a follow-up is not missed between the two checks.
      let quiet = 0;
      while (Date.now() < deadline && quiet < 2) {
        await sleep(250);
        quiet = started.size === 0 && (await dueCount()) === 0 ? quiet + 1 : 0;
      }
    },
    async stop(graceMs = 20_000) {
      ready = false;
      if (sweeps) clearInterval(sweeps);
      sweeps = null;
      await sweeping;
      const drained = await agenda.drain({ timeout: graceMs, closeConnection: false });
      // Jobs still running past the grace period are unlocked, so another process (or our own
      // restart) picks them up; the use cases behind them are idempotent.
      if (drained.timedOut) await agenda.stop();
      // Only now: work still open after this is this process's to leave behind, for others to take over.
      await o.presence?.stop();
    },
  };
}

/**
 * Runs a long job while renewing its lock, so no other worker takes it over as abandoned while it
 * is still making progress (a 1,000-company sync outlives the lock lifetime).
 */
export async function keepingLock<T>(job: { touch(): Promise<void> }, work: () => Promise<T>, everyMs = 30_000): Promise<T> {
  const renew = setInterval(() => { job.touch().catch(() => undefined); }, everyMs);
  try {
    return await work();
  } finally {
    clearInterval(renew);
  }
}
