import type { Agenda, Job } from 'agenda';

export const JobDeploymentJob = { run: 'job-deployment-run', soon: 'job-deployment-soon' } as const;

type Accepted = { readonly practiceId: string; readonly proposalId: string };

export type JobDeploymentJobDeps = {
  readonly inScope: <T>(fn: () => Promise<T>) => Promise<T>;
  /** Asks for every job due in every practice (src/job-deployment/reconcile.ts). Safe to run twice at once. */
  readonly runAll: () => Promise<unknown>;
  /** Asks for the jobs of a proposal just accepted, its not-yet-billable schedules included. */
  readonly runAccepted: (a: Accepted) => Promise<unknown>;
};

/** Asks for an accepted proposal's jobs now: one job row per proposal however many ask. */
export const wakeJobDeployment = async (agenda: Agenda, a: Accepted): Promise<void> => {
  await agenda.create(JobDeploymentJob.soon, { ...a }).unique({ 'data.practiceId': a.practiceId, 'data.proposalId': a.proposalId }).schedule(new Date()).save();
};

/**
 * The reconciler runs hourly as well, so a recurring service's next period is asked for within the
 * hour its date comes, and a run lost to a crash is caught up.
 */
export async function registerJobDeploymentJobs(agenda: Agenda, d: JobDeploymentJobDeps): Promise<void> {
  agenda.define(JobDeploymentJob.run, async () => { await d.inScope(() => d.runAll()); });
  agenda.define(JobDeploymentJob.soon, async (job: Job) => { await d.inScope(() => d.runAccepted(job.attrs.data as Accepted)); });
  await agenda.every('1 hour', JobDeploymentJob.run);
}
