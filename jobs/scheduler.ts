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
  start(): Promise<void>;
  /** Resolves once nothing is running and nothing is due: the shell waits for this before exiting. */
  idle(timeoutMs?: number): Promise<void>;
  /** Stops taking work, lets running jobs finish (up to the grace period), and releases the rest. */
  stop(graceMs?: number): Promise<void>;
};

export type SchedulerOptions = {
  readonly pool: pg.Pool;
  readonly name: string;
  /** How often to look for due jobs, in ms. PostgreSQL NOTIFY wakes Agenda sooner; the poll is the
   *  fallback while notifications are down (a dropped connection) and picks up jobs that fell due. */
  readonly pollMs?: number;
  /**
   * How long a job's lock holds. A process killed mid-job leaves its lock behind, and the next
   * process takes the job over once the lock expires; long jobs touch() their lock as they go.
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
    name: o.name,
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

  return {
    agenda,
    isReady: () => ready,
    async start() {
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
      const drained = await agenda.drain({ timeout: graceMs, closeConnection: false });
      // Jobs still running past the grace period are unlocked, so another process (or our own
      // restart) picks them up; the use cases behind them are idempotent.
      if (drained.timedOut) await agenda.stop();
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
