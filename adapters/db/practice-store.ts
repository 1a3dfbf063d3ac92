import type { EntityManager } from '@mikro-orm/postgresql';
import type { PracticeStore } from '../../domain/practice/ports.js';
import type { Practice } from '../../domain/practice/practice.js';
import type { ChatIdentity } from '../../domain/practice/user.js';
import type { PracticeId } from '../../domain/shared/ids.js';
import { PracticeRow, WorkspaceRow } from './entities/practice.entity.js';

const toDomain = (r: PracticeRow): Practice => ({
  id: r.id as PracticeId,
  name: r.name,
  country: r.country,
  currency: r.currency,
  timeZone: r.timeZone,
  invoiceDay: r.invoiceDay,
  createdAt: r.createdAt,
});

const toRow = (p: Practice): PracticeRow => ({ ...p });

export class MikroOrmPracticeStore implements PracticeStore {
  constructor(private readonly em: EntityManager) {}

  async get(id: PracticeId): Promise<Practice | null> {
    const row = await this.em.findOne(PracticeRow, { id });
    return row ? toDomain(row) : null;
  }

  async findByWorkspace(platform: ChatIdentity['platform'], workspaceId: string): Promise<Practice | null> {
    const link = await this.em.findOne(WorkspaceRow, { platform, workspaceId });
    return link ? this.get(link.practiceId as PracticeId) : null;
  }

  /**
   * One statement: the workspace row is claimed first and the practice is inserted only if the claim
   * won. A racing request's claim waits for ours to commit, then does nothing, and reads ours.
   */
  async create(practice: Practice, workspace: Pick<ChatIdentity, 'platform' | 'workspaceId'>): Promise<Practice> {
    const created = await this.em.getConnection().execute(
      `with claimed as (
         insert into workspace (platform, workspace_id, practice_id) values (?, ?, ?)
         on conflict (platform, workspace_id) do nothing returning practice_id)
       insert into practice (id, name, country, currency, time_zone, invoice_day, created_at)
       select practice_id, ?, ?, ?, ?, ?, ? from claimed returning id`,
      [workspace.platform, workspace.workspaceId, practice.id,
        practice.name, practice.country, practice.currency, practice.timeZone, practice.invoiceDay, practice.createdAt],
      'all',
    );
    if (created.length === 1) return practice;
    const existing = await this.findByWorkspace(workspace.platform, workspace.workspaceId);
    if (!existing) throw new Error(`workspace ${workspace.platform}:${workspace.workspaceId} is claimed but its practice is missing`);
    return existing;
  }

  async save(practice: Practice): Promise<void> {
    await this.em.upsert(PracticeRow, toRow(practice));
  }

  async list(): Promise<Practice[]> {
    return (await this.em.find(PracticeRow, {}, { orderBy: { createdAt: 'asc' } })).map(toDomain);
  }
}
