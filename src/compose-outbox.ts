/**
 * Wires the outbox of writes to apps: the PostgreSQL store, the drain and its jobs and the Retry verb.
 * Chat notifications are one of its writers; the app registry adds the rest (`writers`), and with
 * them the `<kind>.failed` events the install offers. Part of the composition root, called from compose.ts.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Agenda } from 'agenda';
import { MikroOrmOutboxStore } from '../adapters/db/outbox-store.js';
import { mikroOrmUnitOfWork } from '../adapters/db/unit-of-work.js';
import type { OutboxEntry } from '../domain/outbox/entry.js';
import type { Clock, IdGenerator } from '../domain/shared/clock.js';
import { registerOutboxJobs, wakeOutboxDrain } from '../jobs/outbox.js';
import type { WriteQueue } from './apps/owed-writes.js';
import type { Notifier } from './notify.js';
import { outboxCommands } from './outbox/commands.js';
import { createOutboxUseCases, type OutboxDeps, type OutboxLog } from './outbox/use-cases.js';
import { chatApp, chatNotificationWriter, type AppBudget, type OutboxWriters } from './outbox/writes.js';

export type OutboxInfra = {
  readonly em: EntityManager;
  readonly notifier: Notifier;
  /** The drain is woken through it; without one (a test) `wake` runs the drain in place. */
  readonly agenda?: Agenda;
  /** Each app's writers, from the registry; chat notifications are always written. */
  readonly writers?: OutboxWriters;
  readonly budgets?: (app: string) => AppBudget | undefined;
  /** How cards name each app, from the registry. */
  readonly appName?: (app: string) => string;
  /** A kind's own card for a write given up (billing's for invoices); the generic card otherwise. */
  readonly failureCards?: OutboxDeps['failureCards'];
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly inScope: <T>(fn: () => Promise<T>) => Promise<T>;
  readonly log: OutboxLog;
};

/** The posts of one chat thread go out in the order they were queued: sent, viewed, accepted, invoiced, job created. */
const threadLane = (e: OutboxEntry): string | null =>
  e.app === chatApp ? ((e.payload as { card?: { thread?: string } }).card?.thread ?? null) : null;

export function composeOutbox(x: OutboxInfra) {
  const nameOf = (app: string): string => (app === chatApp ? 'Chat' : x.appName?.(app) ?? app);
  const chatWriter = chatNotificationWriter(x.notifier);
  const writers: OutboxWriters = (app, kind) => (app === chatApp && kind === 'notification' ? chatWriter : x.writers?.(app, kind));
  const agenda = x.agenda;
  const wake = agenda ? () => wakeOutboxDrain(agenda) : async () => { await x.inScope(() => useCases.drain()); };
  const useCases = createOutboxUseCases({
    store: new MikroOrmOutboxStore(x.em), transaction: mikroOrmUnitOfWork(x.em, (tx) => ({ outbox: new MikroOrmOutboxStore(tx) })),
    writers, ...(x.budgets ? { budgets: x.budgets } : {}), laneOf: threadLane, ...(x.failureCards ? { failureCards: x.failureCards } : {}), appName: nameOf, wake, clock: x.clock, ids: x.ids, jitter: Math.random, log: x.log,
  });
  const registerJobs = (on: Agenda) => registerOutboxJobs(on, { inScope: x.inScope, drain: () => useCases.drain() });
  /** Where the shared sync and conflict resolution record writes to apps. */
  const writes: WriteQueue = { record: (w) => useCases.record(w), wake };
  return { useCases, wake, writes, commands: outboxCommands(useCases), registerJobs };
}

export type OutboxApp = ReturnType<typeof composeOutbox>;
