import type { Agenda } from 'agenda';

export const ProposalJob = { reminders: 'proposal-reminders', expiry: 'proposal-expiry' } as const;

export type ProposalJobDeps = {
  readonly inScope: <T>(fn: () => Promise<T>) => Promise<T>;
  /** Emails due reminders; each one is audited by the use case. Idempotent: a rerun finds none due. */
  readonly sendReminders: () => Promise<number>;
  /** Expires open proposals past their date; each expiry is audited. Idempotent. */
  readonly expireDue: () => Promise<number>;
};

/**
 * Both jobs sweep every practice, so one repeating job each is enough; `every` upserts by name,
 * so registering again on each start keeps a single schedule.
 */
export async function registerProposalJobs(agenda: Agenda, d: ProposalJobDeps): Promise<void> {
  agenda.define(ProposalJob.reminders, async () => { await d.inScope(() => d.sendReminders()); });
  agenda.define(ProposalJob.expiry, async () => { await d.inScope(() => d.expireDue()); });
  await agenda.every('1 hour', ProposalJob.reminders);
  await agenda.every('15 minutes', ProposalJob.expiry);
}
