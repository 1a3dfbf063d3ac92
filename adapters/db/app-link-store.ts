import type { EntityManager } from '@mikro-orm/postgresql';
import type { AppLink, SyncLevel } from '../../domain/practice/connection.js';
import type { AppId } from '../../domain/apps/app-id.js';
import type { AppLinkStore } from '../../domain/practice/ports.js';
import type { ClientId, PracticeId } from '../../domain/shared/ids.js';
import { AppLinkRow } from './entities/connection.entity.js';

const toDomain = (r: AppLinkRow): AppLink => ({
  practiceId: r.practiceId as PracticeId,
  provider: r.provider as AppId,
  externalId: r.externalId,
  clientId: r.clientId as ClientId,
  syncLevel: r.syncLevel as SyncLevel,
});

export class MikroOrmAppLinkStore implements AppLinkStore {
  constructor(private readonly em: EntityManager) {}

  async find(practiceId: PracticeId, provider: AppId, externalId: string): Promise<AppLink | null> {
    const row = await this.em.findOne(AppLinkRow, { practiceId, provider, externalId }, { refresh: true });
    return row ? toDomain(row) : null;
  }

  async forClient(practiceId: PracticeId, clientId: ClientId): Promise<AppLink[]> {
    return (await this.em.find(AppLinkRow, { practiceId, clientId }, { refresh: true })).map(toDomain);
  }

  async list(practiceId: PracticeId, provider: AppId): Promise<AppLink[]> {
    return (await this.em.find(AppLinkRow, { practiceId, provider }, { refresh: true })).map(toDomain);
  }

  async save(link: AppLink): Promise<void> {
    await this.em.upsert(AppLinkRow, { ...link });
  }
}
