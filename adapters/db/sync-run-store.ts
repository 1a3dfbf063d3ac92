import type { EntityManager } from '@mikro-orm/postgresql';
import type { SyncCounts, SyncRun, SyncTrigger } from '../../domain/practice/connection.js';
import type { AppId } from '../../domain/apps/app-id.js';
import type { SyncRunStore } from '../../domain/practice/ports.js';
import type { PracticeId, SyncRunId } from '../../domain/shared/ids.js';
import { SyncRunRow } from './entities/connection.entity.js';
import { workerGoneSql } from './worker-presence.js';

const toDomain = (r: SyncRunRow): SyncRun => ({
  id: r.id as SyncRunId,
  practiceId: r.practiceId as PracticeId,
  provider: r.provider as AppId,
  trigger: r.trigger as SyncTrigger,
  startedAt: r.startedAt,
  ...(r.finishedAt ? { finishedAt: r.finishedAt } : {}),
  counts: r.counts,
  errors: r.errors,
  ...(r.interrupted ? { interrupted: true } : {}),
});

type RunRecord = {
  id: string; practice_id: string; provider: string; trigger: string; started_at: string | Date; finished_at: string | Date | null;
  counts: SyncCounts; errors: string[]; owner: string | null; interrupted: boolean;
};

const fromRecord = (r: RunRecord): SyncRun => toDomain({
  id: r.id, practiceId: r.practice_id, provider: r.provider, trigger: r.trigger, startedAt: new Date(r.started_at),
  finishedAt: r.finished_at ? new Date(r.finished_at) : null, counts: r.counts, errors: r.errors, owner: r.owner, interrupted: r.interrupted,
});

const interruptedNote = 'The bot process running this sync stopped before it finished.';

/** Runs are stamped with the worker (bot process) that runs them, so one left open by a dead process can be found. */
export class MikroOrmSyncRunStore implements SyncRunStore {
  constructor(private readonly em: EntityManager, private readonly worker: string | null = null) {}

  async get(practiceId: PracticeId, id: SyncRunId): Promise<SyncRun | null> {
    const row = await this.em.findOne(SyncRunRow, { id, practiceId }, { refresh: true });
    return row ? toDomain(row) : null;
  }

  async save(run: SyncRun): Promise<void> {
    await this.em.upsert(SyncRunRow, {
      ...run, finishedAt: run.finishedAt ?? null, counts: { ...run.counts }, errors: [...run.errors], interrupted: run.interrupted ?? false, owner: this.worker,
    });
  }

  async latest(practiceId: PracticeId, provider: AppId): Promise<SyncRun | null> {
    const row = await this.em.findOne(SyncRunRow, { practiceId, provider }, { orderBy: { startedAt: 'desc' }, refresh: true });
    return row ? toDomain(row) : null;
  }

  /** One UPDATE: a second caller's update of the same row waits for ours, then finds it closed and skips it. */
  async claimAbandoned(now: Date): Promise<SyncRun[]> {
    const rows = await this.em.getConnection().execute<RunRecord[]>(
      `update sync_run set finished_at = ?, interrupted = true, errors = errors || jsonb_build_array(?::text)
       where finished_at is null and owner is not null and ${workerGoneSql('owner')}
       returning *`,
      [now, interruptedNote], 'all');
    return rows.map(fromRecord);
  }
}
