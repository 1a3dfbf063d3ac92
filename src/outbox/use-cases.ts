import { newOutboxEntry, type OutboxEntry, type WriteKind, type WriteRequest } from '../../domain/outbox/entry.js';
import type { OutboxStore } from '../../domain/outbox/ports.js';
import { afterFailure, needsAPerson, writeFailureOf, type WriteFailure } from '../../domain/outbox/retry.js';
import type { Clock, IdGenerator } from '../../domain/shared/clock.js';
import type { PracticeId } from '../../domain/shared/ids.js';
import type { UnitOfWork } from '../../domain/shared/unit-of-work.js';
import type { Card } from '../cards.js';
import { failedEventOf, retryQueuedCard, retryRefusedCard, writeFailedCard } from './cards.js';
import { notificationWrite, type AppBudget, type OutboxWriters } from './writes.js';

export type OutboxLog = {
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
};

export type OutboxDeps = {
  readonly store: OutboxStore;
  /** Gives a row up and queues its `<kind>.failed` notification in one transaction, so neither is lost without the other. */
  readonly transaction: UnitOfWork<{ readonly outbox: OutboxStore }>;
  readonly writers: OutboxWriters;
  /** Each app's share of one drain run (the registry's declaration); `defaultBudget` for the rest. */
  readonly budgets?: Readonly<Record<string, AppBudget>> | ((app: string) => AppBudget | undefined);
  readonly defaultBudget?: AppBudget;
  /** How apps are named in cards. */
  readonly appName: (app: string) => string;
  /** Asks for a drain soon (a job queued now); the periodic drain catches up when this is lost. */
  readonly wake: () => Promise<void>;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** In [0, 1): spreads retries apart. Tests pass a fixed value. */
  readonly jitter: () => number;
  readonly log: OutboxLog;
  /** How long a claimed row stays with one drain before another may take it (a killed process's rows); default 5 min. */
  readonly claimMs?: number;
  /** A kind's own card for a write given up (an invoice's names the invoice and client); the generic one otherwise. */
  readonly failureCards?: Partial<Record<WriteKind, FailureCard>>;
  /** Rows that must be sent in the order they were queued share a lane (the posts of one chat thread); null runs alone. */
  readonly laneOf?: (entry: OutboxEntry) => string | null;
};

/** The card a given-up write posts: which write, the app's name for people, and why. */
export type FailureCard = (entry: OutboxEntry, appName: string, failure: WriteFailure) => Card;

export type DrainReport = { readonly done: number; readonly retrying: number; readonly failed: number };

const fallbackBudget: AppBudget = { perRun: 50, concurrency: 2 };

/**
 * Runs `work` over `items`, at most `limit` at a time. A lane that throws stops; the others finish
 * the item in hand before the first error is thrown, so no send is abandoned half way by its neighbour.
 */
const eachLimited = async <T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> => {
  let next = 0;
  const errors: unknown[] = [];
  const lanes = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length && !errors.length) {
      try {
        await work(items[next++]!);
      } catch (error) {
        errors.push(error);
      }
    }
  });
  await Promise.all(lanes);
  if (errors.length) throw errors[0];
};

/** Claimed rows in lanes, oldest first in each: rows of one lane key together, every other row alone. */
const inLanes = (rows: readonly OutboxEntry[], laneOf: OutboxDeps['laneOf']): OutboxEntry[][] => {
  const lanes: OutboxEntry[][] = [];
  const byKey = new Map<string, OutboxEntry[]>();
  for (const row of rows) {
    const key = laneOf?.(row) ?? null;
    const lane = key === null ? undefined : byKey.get(key);
    if (lane) lane.push(row);
    else {
      lanes.push([row]);
      if (key !== null) byKey.set(key, lanes.at(-1)!);
    }
  }
  return lanes;
};

export function createOutboxUseCases(d: OutboxDeps) {
  const budgetOf = (app: string) => (typeof d.budgets === 'function' ? d.budgets(app) : d.budgets?.[app]) ?? d.defaultBudget ?? fallbackBudget;

  const giveUp = async (e: OutboxEntry, failure: WriteFailure) => {
    const now = d.clock.now();
    const reason = failure.message;
    const event = e.kind === 'notification' ? null : failedEventOf[e.kind];
    await d.transaction.run(async ({ outbox }) => {
      if (!(await outbox.markFailed(e.practiceId, e.id, reason, now)) || !event) return;
      const own = d.failureCards?.[e.kind];
      const card = own ? own(e, d.appName(e.app), failure) : writeFailedCard(e, d.appName(e.app), reason, needsAPerson(failure));
      await outbox.enqueue(newOutboxEntry(notificationWrite(e.practiceId, event, card, e.id, `${event}@${now.toISOString()}`), d.ids.next(), now));
    });
    d.log.error({ practiceId: e.practiceId, outboxId: e.id, app: e.app, kind: e.kind, attempts: e.attempts, reason }, 'write to an app given up');
  };

  /** Look up first, create only when the app has no record of ours; then record the app's id. */
  const send = async (e: OutboxEntry): Promise<keyof DrainReport> => {
    const writer = d.writers(e.app, e.kind);
    if (!writer) {
      await giveUp(e, { kind: 'app-misconfigured', message: `nothing is set up to write a ${e.kind} to ${d.appName(e.app)}` });
      return 'failed';
    }
    let externalId: string;
    try {
      externalId = (await writer.lookup(e)) ?? (await writer.create(e));
    } catch (thrown) {
      const failure = writeFailureOf(thrown);
      const next = afterFailure(e.attempts, failure, d.clock.now(), d.jitter());
      if (next.giveUp) {
        await giveUp(e, failure);
        return 'failed';
      }
      await d.store.retryLater(e.practiceId, e.id, next.nextAttemptAt, failure.message, d.clock.now());
      d.log.warn({ practiceId: e.practiceId, outboxId: e.id, app: e.app, kind: e.kind, attempts: e.attempts, reason: failure.message }, 'write to an app will be tried again');
      return 'retrying';
    }
    await d.store.markDone(e.practiceId, e.id, externalId, d.clock.now());
    return 'done';
  };

  return {
    /**
     * Records a write on its own, outside the change that causes it: for a write its cause can record
     * again (a sync's owed changes), so a lost record is made good. The same key keeps one row.
     */
    async record(request: WriteRequest): Promise<void> {
      await d.store.enqueue(newOutboxEntry(request, d.ids.next(), d.clock.now()));
    },

    /**
     * Sends what is due, app by app within each app's budget, until nothing due is left that the
     * budget allows. A failure notification queued by this run is posted by it too.
     */
    async drain(): Promise<DrainReport> {
      const report = { done: 0, retrying: 0, failed: 0 };
      const spent = new Map<string, number>();
      for (;;) {
        const now = d.clock.now();
        const apps = (await d.store.dueApps(now)).filter((app) => (spent.get(app) ?? 0) < budgetOf(app).perRun);
        if (!apps.length) return report;
        let claimed = 0;
        for (const app of apps) {
          const budget = budgetOf(app);
          // No more than the lanes send at once: a claim is taken just before its sends, so a slow app's
          // later rows are never sent after their claim lapsed and another drain took them too.
          const rows = await d.store.claimDue(app, now, Math.min(budget.concurrency, budget.perRun - (spent.get(app) ?? 0)), new Date(now.getTime() + (d.claimMs ?? 5 * 60_000)));
          spent.set(app, (spent.get(app) ?? 0) + rows.length);
          claimed += rows.length;
          await eachLimited(inLanes(rows, d.laneOf), budget.concurrency, async (lane) => { for (const row of lane) report[await send(row)]++; });
        }
        // Everything due was claimed by another drain: it is theirs to send.
        if (!claimed) return report;
      }
    },

    /** The Retry button: the same row, due now, with its tries reset — never a second row. */
    async retry(practiceId: PracticeId, id: string): Promise<Card> {
      const row = await d.store.get(practiceId, id);
      if (!row) return retryRefusedCard(id, 'not-found');
      if (!(await d.store.requeue(practiceId, id, d.clock.now()))) return retryRefusedCard(id, row.status === 'done' ? 'done' : 'queued', d.appName(row.app));
      await d.wake();
      return retryQueuedCard(row, d.appName(row.app));
    },
  };
}
export type OutboxUseCases = ReturnType<typeof createOutboxUseCases>;

