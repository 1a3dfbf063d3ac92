import type { Agenda } from 'agenda';

export const OutboxJob = { drain: 'outbox-drain', drainSoon: 'outbox-drain-soon' } as const;

export type OutboxJobDeps = {
  readonly inScope: <T>(fn: () => Promise<T>) => Promise<T>;
  /** Sends every due write within each app's budget (src/outbox use case). Safe to run twice at once: rows are claimed. */
  readonly drain: () => Promise<unknown>;
};

/**
 * Asks for a drain now: one job row moved to now, however many writes are queued in a burst. A wake
 * that lands while a drain is finishing may be lost; the periodic drain sends those rows.
 */
export const wakeOutboxDrain = async (agenda: Agenda): Promise<void> => {
  await agenda.create(OutboxJob.drainSoon, { scope: 'install' }).unique({ 'data.scope': 'install' }).schedule(new Date()).save();
};

/** The drain runs soon after each enqueue, and every 30 seconds to send retries when due and catch up after a restart. */
export async function registerOutboxJobs(agenda: Agenda, d: OutboxJobDeps): Promise<void> {
  const drain = async () => { await d.inScope(() => d.drain()); };
  agenda.define(OutboxJob.drain, drain);
  agenda.define(OutboxJob.drainSoon, drain);
  await agenda.every('30 seconds', OutboxJob.drain);
}
