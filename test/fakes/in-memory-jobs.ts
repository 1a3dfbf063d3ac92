import type { ScheduleId } from '../../domain/billing/schedule.js';
import { jobKey, type JobPeriod } from '../../domain/jobs/job.js';
import type { CreatedJob, JobDeployment, JobStore } from '../../domain/jobs/ports.js';
import type { ProposalId } from '../../domain/proposals/proposal.js';
import type { PracticeId } from '../../domain/shared/ids.js';

/** The jobs asked for, in memory: one per (practice, schedule, period), as the database's unique key keeps them. */
export class InMemoryJobStore implements JobStore {
  private readonly rows = new Map<string, JobDeployment>();

  private key = (practiceId: PracticeId, scheduleId: string, period: JobPeriod) => `${practiceId}\u0000${jobKey(scheduleId, period)}`;

  async requestedKeys(practiceId: PracticeId, scheduleIds: readonly ScheduleId[]) {
    const wanted = new Set<string>(scheduleIds);
    return new Set([...this.rows.values()].filter((r) => r.practiceId === practiceId && wanted.has(r.scheduleId)).map((r) => jobKey(r.scheduleId, r.period)));
  }

  async insert(deployment: JobDeployment) {
    const k = this.key(deployment.practiceId, deployment.scheduleId, deployment.period);
    if (this.rows.has(k)) return false;
    this.rows.set(k, deployment);
    return true;
  }

  async get(practiceId: PracticeId, scheduleId: ScheduleId, period: JobPeriod) {
    return this.rows.get(this.key(practiceId, scheduleId, period)) ?? null;
  }

  async listForProposal(practiceId: PracticeId, proposalId: ProposalId) {
    return [...this.rows.values()]
      .filter((r) => r.practiceId === practiceId && r.proposalId === proposalId)
      .sort((a, b) => a.startDate.localeCompare(b.startDate) || a.scheduleId.localeCompare(b.scheduleId));
  }

  async markCreated(practiceId: PracticeId, scheduleId: ScheduleId, period: JobPeriod, created: CreatedJob) {
    const k = this.key(practiceId, scheduleId, period);
    const row = this.rows.get(k);
    if (!row || row.created) return false;
    this.rows.set(k, { ...row, created });
    return true;
  }
}
