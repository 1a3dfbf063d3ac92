import type { Agenda } from 'agenda';
import type { PracticeId } from '../domain/shared/ids.js';

export const ChatJob = { retryOutbox: 'chat-outbox-retry', purgeDeliveries: 'chat-delivery-purge' } as const;

export type ChatJobDeps = {
  readonly inScope: <T>(fn: () => Promise<T>) => Promise<T>;
  readonly practiceIds: () => Promise<readonly PracticeId[]>;
  /** The chat notifier's retryDue: posts a practice's parked notifications whose time has come. */
  readonly retryOutbox: (practiceId: PracticeId) => Promise<unknown>;
  /** Forgets chat delivery keys whose dedupe window has passed. */
  readonly purgeDeliveries: (now: Date) => Promise<number>;
};

/** Parked notifications are retried every minute; the dedupe ledger is swept hourly. Both are safe to run twice. */
export async function registerChatJobs(agenda: Agenda, d: ChatJobDeps): Promise<void> {
  agenda.define(ChatJob.retryOutbox, () => d.inScope(async () => {
    for (const id of await d.practiceIds()) await d.retryOutbox(id);
  }));
  agenda.define(ChatJob.purgeDeliveries, () => d.inScope(() => d.purgeDeliveries(new Date())));
  await agenda.every('1 minute', ChatJob.retryOutbox);
  await agenda.every('1 hour', ChatJob.purgeDeliveries);
}
