/**
 * Wires the outbox of writes to apps: the PostgreSQL store, the drain and its jobs, the Retry verb
 * and the `<kind>.failed` events. Chat notifications are one of its writers; the app registry adds
 * the rest (`writers`). Part of the composition root, called from compose.ts.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Agenda } from 'agenda';
import { MikroOrmOutboxStore } from '../adapters/db/outbox-store.js';
import { mikroOrmUnitOfWork } from '../adapters/db/unit-of-work.js';
import type { AppId } from '../domain/apps/app-id.js';
import type { Clock, IdGenerator } from '../domain/shared/clock.js';
import { registerOutboxJobs, wakeOutboxDrain } from '../jobs/outbox.js';
import { appName } from './apps/registered.js';
import type { Notifier } from './notify.js';
import { outboxEvents } from './outbox/cards.js';
import { outboxCommands } from './outbox/commands.js';
import { createOutboxUseCases, type OutboxLog } from './outbox/use-cases.js';
import { chatApp, chatNotificationWriter, type AppBudget, type OutboxWriters } from './outbox/writes.js';

export type OutboxInfra = {
  readonly em: EntityManager;
  readonly notifier: Notifier;
  /** The drain is woken through it; without one (a test) `wake` runs the drain in place. */
  readonly agenda?: Agenda;
  /** Each app's writers, from the registry; chat notifications are always written. */
  readonly writers?: OutboxWriters;
  readonly budgets?: Readonly<Record<string, AppBudget>>;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly inScope: <T>(fn: () => Promise<T>) => Promise<T>;
  readonly log: OutboxLog;
};

const nameOf = (app: string): string => (app === chatApp ? 'Chat' : appName[app as AppId] ?? app);

export function composeOutbox(x: OutboxInfra) {
  const chatWriter = chatNotificationWriter(x.notifier);
  const writers: OutboxWriters = (app, kind) => (app === chatApp && kind === 'notification' ? chatWriter : x.writers?.(app, kind));
  const agenda = x.agenda;
  const wake = agenda ? () => wakeOutboxDrain(agenda) : async () => { await x.inScope(() => useCases.drain()); };
  const useCases = createOutboxUseCases({
    store: new MikroOrmOutboxStore(x.em), transaction: mikroOrmUnitOfWork(x.em, (tx) => ({ outbox: new MikroOrmOutboxStore(tx) })),
    writers, ...(x.budgets ? { budgets: x.budgets } : {}), appName: nameOf, wake, clock: x.clock, ids: x.ids, jitter: Math.random, log: x.log,
  });
  const registerJobs = (on: Agenda) => registerOutboxJobs(on, { inScope: x.inScope, drain: () => useCases.drain() });
  return { useCases, wake, commands: outboxCommands(useCases), events: outboxEvents, registerJobs };
}

export type OutboxApp = ReturnType<typeof composeOutbox>;
