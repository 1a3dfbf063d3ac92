import type { EntityManager } from '@mikro-orm/postgresql';
import type { ScheduleId } from '../../domain/billing/schedule.js';
import { jobKey, type JobPeriod } from '../../domain/jobs/job.js';
import type { CreatedJob, JobDeployment, JobStore } from '../../domain/jobs/ports.js';
import type { ProposalId } from '../../domain/proposals/proposal.js';
import type { ClientId, PracticeId } from '../../domain/shared/ids.js';
import { JobDeploymentRow } from './entities/job.entity.js';

/** Reads skip the identity map: another run, or the outbox's write reaching the app, may have changed the row since. */
const fresh = { disableIdentityMap: true } as const;

const createdColumns = (c: CreatedJob | null) =>
  ({ createdApp: c?.app ?? null, createdId: c?.id ?? null, createdNumber: c?.number ?? null, createdUrl: c?.url ?? null });

const toRow = (d: JobDeployment): JobDeploymentRow => ({
  practiceId: d.practiceId, scheduleId: d.scheduleId, period: d.period, proposalId: d.proposalId, clientId: d.clientId,
  name: d.name, description: d.description, startDate: d.startDate, dueDate: d.dueDate, templateId: d.templateId,
  marker: d.marker, requestedAt: d.requestedAt, ...createdColumns(d.created),
});

/** A row has a created job exactly when markCreated (or insert) wrote its id; the other created_* columns come with it. */
const toDomain = (r: JobDeploymentRow): JobDeployment => ({
  practiceId: r.practiceId as PracticeId, scheduleId: r.scheduleId as ScheduleId, period: r.period, proposalId: r.proposalId as ProposalId,
  clientId: r.clientId as ClientId, name: r.name, description: r.description, startDate: r.startDate, dueDate: r.dueDate,
  templateId: r.templateId, marker: r.marker, requestedAt: r.requestedAt,
  created: r.createdId === null || r.createdId === undefined
    ? null
    : { app: r.createdApp ?? '', id: r.createdId, number: r.createdNumber ?? '', url: r.createdUrl ?? null },
});

/**
 * The jobs asked for, on PostgreSQL. The primary key (practice, schedule, period) settles two runs
 * racing for one job: insert is INSERT … ON CONFLICT DO NOTHING, and markCreated only fills a row
 * still without a job, so the first to record one keeps it. Built over a unit of work's entity
 * manager, every method joins its transaction.
 */
export class MikroOrmJobStore implements JobStore {
  constructor(private readonly em: EntityManager) {}

  async requestedKeys(practiceId: PracticeId, scheduleIds: readonly ScheduleId[]): Promise<Set<string>> {
    if (!scheduleIds.length) return new Set();
    const rows = await this.em.find(JobDeploymentRow, { practiceId, scheduleId: { $in: [...scheduleIds] } }, { ...fresh, fields: ['scheduleId', 'period'] });
    return new Set(rows.map((r) => jobKey(r.scheduleId, r.period)));
  }

  /** Under a race the second insert waits for the first transaction to commit, then writes nothing. */
  async insert(deployment: JobDeployment): Promise<boolean> {
    const written = await this.em.createQueryBuilder(JobDeploymentRow).insert(toRow(deployment))
      .onConflict(['practiceId', 'scheduleId', 'period']).ignore().execute('run');
    return written.affectedRows === 1;
  }

  async get(practiceId: PracticeId, scheduleId: ScheduleId, period: JobPeriod): Promise<JobDeployment | null> {
    const row = await this.em.findOne(JobDeploymentRow, { practiceId, scheduleId, period }, fresh);
    return row ? toDomain(row) : null;
  }

  async listForProposal(practiceId: PracticeId, proposalId: ProposalId): Promise<JobDeployment[]> {
    const rows = await this.em.find(JobDeploymentRow, { practiceId, proposalId },
      { ...fresh, orderBy: { startDate: 'asc', scheduleId: 'asc', period: 'asc' } });
    return rows.map(toDomain);
  }

  async markCreated(practiceId: PracticeId, scheduleId: ScheduleId, period: JobPeriod, created: CreatedJob): Promise<boolean> {
    const updated = await this.em.nativeUpdate(JobDeploymentRow, { practiceId, scheduleId, period, createdId: null }, createdColumns(created));
    return updated === 1;
  }
}
