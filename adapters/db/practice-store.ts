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

  async create(practice: Practice, workspace: Pick<ChatIdentity, 'platform' | 'workspaceId'>): Promise<void> {
    await this.em.transactional(async (em) => {
      await em.insert(PracticeRow, toRow(practice));
      await em.insert(WorkspaceRow, { ...workspace, practiceId: practice.id });
    });
  }

  async save(practice: Practice): Promise<void> {
    await this.em.upsert(PracticeRow, toRow(practice));
  }

  async list(): Promise<Practice[]> {
    return (await this.em.find(PracticeRow, {}, { orderBy: { createdAt: 'asc' } })).map(toDomain);
  }
}
