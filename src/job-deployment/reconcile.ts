import type { BillingSchedule } from '../../domain/billing/schedule.js';
import type { JobRequest } from '../../domain/jobs/job.js';
import { defaultOneOffDays, missingJobs, type LinkedTemplates } from '../../domain/jobs/plan.js';
import { jobWrite } from '../../domain/jobs/ports.js';
import { newOutboxEntry, type WriteRequest } from '../../domain/outbox/entry.js';
import { reference, type ProposalId } from '../../domain/proposals/proposal.js';
import { addDays, type CalendarDate } from '../../domain/shared/calendar.js';
import type { PracticeId } from '../../domain/shared/ids.js';
import type { JobReconcilerDeps } from './deps.js';

/** A job write's payload: the request, and the names its cards show (the failure card is drawn without reading anything). */
export type JobWritePayload = JobRequest & { readonly clientName: string; readonly proposal: string };

const withNames = (w: WriteRequest, names: Pick<JobWritePayload, 'clientName' | 'proposal'>): WriteRequest => ({ ...w, payload: { ...w.payload, ...names } });

/** What one run asked for, and how many jobs another run had asked for first. */
export type JobRunReport = { readonly requested: readonly JobRequest[]; readonly skipped: number };

const nothing: JobRunReport = { requested: [], skipped: 0 };

/**
 * The job reconciler, as the invoice run is billing's: asks the practice app for every job due by
 * `today` that was never asked for. Each request and its outbox write commit together, and the job
 * store's unique (schedule, period) key settles two runs racing, so a job is asked for at most once
 * however often this runs; a missed hour or a week down catches up on the next run.
 */
/** How far back a run fills in recurring jobs: a week of missed runs, not years of periods. */
const catchUpDays = 7;

export function createJobReconciler(d: JobReconcilerDeps) {
  const linkedTemplates = async (practiceId: PracticeId): Promise<LinkedTemplates> =>
    // Archived services keep their link: a proposal accepted before the archive still names them.
    new Map((await d.services.list(practiceId, { includeArchived: true })).map((s) => [s.id as string, s.xpmJobTemplate ?? null]));

  /** The schedules that may owe a job, and every schedule of `proposalId` (just accepted: whatever billing did meanwhile). */
  const schedulesOf = async (practiceId: PracticeId, proposalId?: ProposalId): Promise<BillingSchedule[]> => {
    const all = new Map((await d.schedules.owingJobs(practiceId)).map((s) => [s.id as string, s]));
    if (proposalId) for (const s of await d.schedules.listForProposal(practiceId, proposalId)) all.set(s.id, s);
    return [...all.values()];
  };

  const run = async (practiceId: PracticeId, today: CalendarDate, o: { proposalId?: ProposalId } = {}): Promise<JobRunReport> => {
    const app = await d.jobApp(practiceId);
    if (!app) return nothing;
    const practice = await d.practices.get(practiceId);
    if (!practice) throw new Error(`no practice ${practiceId}`);
    const schedules = await schedulesOf(practiceId, o.proposalId);
    if (!schedules.length) return nothing;
    const [linked, requested] = await Promise.all([linkedTemplates(practiceId), d.jobs.requestedKeys(practiceId, schedules.map((s) => s.id))]);
    const calendar = { invoiceDay: practice.invoiceDay, timeZone: practice.timeZone, oneOffDays: d.oneOffDays ?? defaultOneOffDays, notBefore: addDays(today, -catchUpDays) };
    const missing = missingJobs(schedules, linked, requested, today, calendar);
    const refs = new Map(schedules.map((s) => [s.id as string, reference({ number: s.proposalNumber })]));
    const names = new Map<string, string>();
    for (const id of new Set(missing.map((j) => j.clientId))) names.set(id, (await d.clients.get(practiceId, id))?.name ?? id);
    const made: JobRequest[] = [];
    let skipped = 0;
    for (const job of missing) {
      const now = d.clock.now();
      const inserted = await d.transaction.run(async (tx) => {
        if (!(await tx.jobs.insert({ ...job, requestedAt: now, created: null }))) return false;
        await tx.outbox.enqueue(newOutboxEntry(withNames(jobWrite(app, job), { clientName: names.get(job.clientId) ?? job.clientId, proposal: refs.get(job.scheduleId) ?? '' }), d.ids.next(), now));
        return true;
      });
      if (inserted) made.push(job);
      else skipped++;
    }
    if (made.length) await d.wakeOutbox();
    return { requested: made, skipped };
  };

  return { run };
}

export type JobReconciler = ReturnType<typeof createJobReconciler>;
