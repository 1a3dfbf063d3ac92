import type { EntityManager } from '@mikro-orm/postgresql';
import type { Provider, SyncRun, SyncTrigger } from '../../domain/practice/connection.js';
import type { SyncRunStore } from '../../domain/practice/ports.js';
import type { PracticeId, SyncRunId } from '../../domain/shared/ids.js';
import { SyncRunRow } from './entities/connection.entity.js';

const toDomain = (r: SyncRunRow): SyncRun => ({
  id: r.id as SyncRunId,
  practiceId: r.practiceId as PracticeId,
  provider: r.provider as Provider,
  trigger: r.trigger as SyncTrigger,
  startedAt: r.startedAt,
  ...(r.finishedAt ? { finishedAt: r.finishedAt } : {}),
  counts: r.counts,
  errors: r.errors,
});

export class MikroOrmSyncRunStore implements SyncRunStore {
  constructor(private readonly em: EntityManager) {}

  async get(practiceId: PracticeId, id: SyncRunId): Promise<SyncRun | null> {
    const row = await this.em.findOne(SyncRunRow, { id, practiceId }, { refresh: true });
    return row ? toDomain(row) : null;
  }

  async save(run: SyncRun): Promise<void> {
    await this.em.upsert(SyncRunRow, { ...run, finishedAt: run.finishedAt ?? null, counts: { ...run.counts }, errors: [...run.errors] });
  }

  async latest(practiceId: PracticeId, provider: Provider): Promise<SyncRun | null> {
    const row = await this.em.findOne(SyncRunRow, { practiceId, provider }, { orderBy: { startedAt: 'desc' }, refresh: true });
    return row ? toDomain(row) : null;
  }
}
