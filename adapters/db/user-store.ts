import type { EntityManager } from '@mikro-orm/postgresql';
import type { UserStore } from '../../domain/practice/ports.js';
import type { ChatIdentity, ChatPlatform, Role, User } from '../../domain/practice/user.js';
import type { PracticeId, UserId } from '../../domain/shared/ids.js';
import { UserIdentityRow, UserRow } from './entities/user.entity.js';

const toDomain = (r: UserRow, identities: readonly UserIdentityRow[]): User => ({
  id: r.id as UserId,
  practiceId: r.practiceId as PracticeId,
  displayName: r.displayName,
  role: r.role as Role,
  identities: identities.map((i) => ({ platform: i.platform as ChatPlatform, workspaceId: i.workspaceId, userId: i.chatUserId })),
  createdAt: r.createdAt,
});

export class MikroOrmUserStore implements UserStore {
  constructor(private readonly em: EntityManager) {}

  async findByIdentity(practiceId: PracticeId, identity: ChatIdentity): Promise<User | null> {
    const link = await this.em.findOne(UserIdentityRow, {
      practiceId, platform: identity.platform, workspaceId: identity.workspaceId, chatUserId: identity.userId,
    });
    if (!link) return null;
    const row = await this.em.findOne(UserRow, { id: link.userId, practiceId });
    return row ? toDomain(row, await this.em.find(UserIdentityRow, { userId: row.id, practiceId })) : null;
  }

  async list(practiceId: PracticeId): Promise<User[]> {
    const rows = await this.em.find(UserRow, { practiceId }, { orderBy: { createdAt: 'asc' } });
    const identities = await this.em.find(UserIdentityRow, { practiceId });
    return rows.map((r) => toDomain(r, identities.filter((i) => i.userId === r.id)));
  }

  async save(user: User): Promise<void> {
    await this.em.transactional(async (em) => {
      await em.upsert(UserRow, {
        id: user.id, practiceId: user.practiceId, displayName: user.displayName, role: user.role, createdAt: user.createdAt,
      });
      for (const i of user.identities) {
        await em.upsert(UserIdentityRow, {
          platform: i.platform, workspaceId: i.workspaceId, chatUserId: i.userId, practiceId: user.practiceId, userId: user.id,
        });
      }
    });
  }
}
