import type { ScheduleId } from '../billing/schedule.js';
import type { WriteKind, WriteRequest } from '../outbox/entry.js';
import type { ProposalId } from '../proposals/proposal.js';
import type { PracticeId } from '../shared/ids.js';
import type { JobPeriod, JobRequest } from './job.js';

/** Where the app put a job: its number as people read it ("J000309"), its id, and a link a person can open. */
export type CreatedJob = { readonly app: string; readonly id: string; readonly number: string; readonly url: string | null };

/**
 * A job asked for, and once the outbox's write reaches the app, where it lives there. A failed write
 * is the outbox row's state (failed, with Retry), not kept twice here.
 */
export type JobDeployment = JobRequest & { readonly requestedAt: Date; readonly created: CreatedJob | null };

/** The jobs asked for, one per (practice, schedule, period): the unique key settles two runs racing for the same job. */
export interface JobStore {
  /** The (schedule, period) keys (jobKey) already asked for among these schedules: what missingJobs must not ask for again. */
  requestedKeys(practiceId: PracticeId, scheduleIds: readonly ScheduleId[]): Promise<Set<string>>;
  /** Inserts a new request; false, and nothing written, when its (schedule, period) is already stored. */
  insert(deployment: JobDeployment): Promise<boolean>;
  get(practiceId: PracticeId, scheduleId: ScheduleId, period: JobPeriod): Promise<JobDeployment | null>;
  /** Oldest period first: what the proposal's thread and cards list. */
  listForProposal(practiceId: PracticeId, proposalId: ProposalId): Promise<JobDeployment[]>;
  /** Records where the app put the job; false when there is no such request or it already has one. */
  markCreated(practiceId: PracticeId, scheduleId: ScheduleId, period: JobPeriod, created: CreatedJob): Promise<boolean>;
}

export const jobWriteKind = 'job' satisfies WriteKind;

/**
 * The outbox write that makes one job in `app`. Keyed by schedule and period, so asking twice for
 * the same job keeps one row; the payload is the request as plain JSON, stored as it will be sent.
 */
export const jobWrite = (app: string, job: JobRequest): WriteRequest => ({
  practiceId: job.practiceId, app, kind: jobWriteKind, sourceId: job.scheduleId, period: job.period, payload: { ...job },
});
