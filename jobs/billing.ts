import type { Agenda } from 'agenda';

export const BillingJob = { run: 'invoice-run', runSoon: 'invoice-run-soon', digest: 'invoice-digest' } as const;

export type BillingJobDeps = {
  readonly inScope: <T>(fn: () => Promise<T>) => Promise<T>;
  /**
   * Bills every practice's due charges (src/billing/invoice-run.ts via the composition). Safe to run
   * twice at once and after a crash: an invoice exists at most once per (schedule, period).
   */
  readonly runAll: () => Promise<unknown>;
  /** Posts each practice's digest of invoices still not in the ledger, once per local day. */
  readonly digestAll: () => Promise<unknown>;
};

/** Asks for an invoice run now (a proposal was accepted, a service completed): one job row however many ask. */
export const wakeInvoiceRun = async (agenda: Agenda): Promise<void> => {
  await agenda.create(BillingJob.runSoon, { scope: 'install' }).unique({ 'data.scope': 'install' }).schedule(new Date()).save();
};

/**
 * The invoice run is also the reconciler: every 15 minutes it bills whatever is due and not yet
 * billed — a lost wake-up, a day the bot was down — so a missed charge waits one cycle at most.
 */
export async function registerBillingJobs(agenda: Agenda, d: BillingJobDeps): Promise<void> {
  const run = async () => { await d.inScope(() => d.runAll()); };
  agenda.define(BillingJob.run, run);
  agenda.define(BillingJob.runSoon, run);
  agenda.define(BillingJob.digest, async () => { await d.inScope(() => d.digestAll()); });
  await agenda.every('15 minutes', BillingJob.run);
  await agenda.every('1 hour', BillingJob.digest);
}
