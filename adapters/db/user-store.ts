import type { EntityManager } from '@mikro-orm/postgresql';
import type { UserStore } from '../../domain/practice/ports.js';
import type { ChatIdentity, Role, User } from '../../domain/practice/user.js';
import type { PracticeId, UserId } from '../../domain/shared/ids.js';
import { UserIdentityRow, UserRow } from './entities/user.entity.js';

type UserRecord = { id: string; practice_id: string; display_name: string; role: string; created_at: string | Date; identities: ChatIdentity[] };

const toDomain = (r: UserRecord): User => ({
  id: r.id as UserId,
  practiceId: r.practice_id as PracticeId,
  displayName: r.display_name,
  role: r.role as Role,
  identities: r.identities,
  createdAt: new Date(r.created_at),
});

/** People with their identities gathered in the same query: one round trip, whatever the number of logins. */
const selectUsers = (where: string) =>
  `select u.id, u.practice_id, u.display_name, u.role, u.created_at,
     coalesce(json_agg(json_build_object('platform', i.platform, 'workspaceId', i.workspace_id, 'userId', i.chat_user_id)
       order by i.platform, i.workspace_id, i.chat_user_id) filter (where i.user_id is not null), '[]') as identities
   from app_user u left join user_identity i on i.user_id = u.id and i.practice_id = u.practice_id
   where ${where} group by u.id order by u.created_at, u.id`;

const listIn = async (em: EntityManager, practiceId: PracticeId): Promise<User[]> =>
  (await em.execute<UserRecord[]>(selectUsers('u.practice_id = ?'), [practiceId], 'all')).map(toDomain);

export class MikroOrmUserStore implements UserStore {
  constructor(private readonly em: EntityManager) {}

  async findByIdentity(practiceId: PracticeId, identity: ChatIdentity): Promise<User | null> {
    const [row] = await this.em.execute<UserRecord[]>(selectUsers(
      `u.practice_id = ? and u.id = (select user_id from user_identity
         where platform = ? and workspace_id = ? and chat_user_id = ? and practice_id = ?)`),
    [practiceId, identity.platform, identity.workspaceId, identity.userId, practiceId], 'all');
    return row ? toDomain(row) : null;
  }

  list(practiceId: PracticeId): Promise<User[]> {
    return listIn(this.em, practiceId);
  }

  /**
   * The first identity is claimed and the person inserted in one statement, only if the claim won; a
   * racing request's claim waits for ours to commit, then does nothing, and reads ours.
   */
  async add(user: User): Promise<User> {
    const [first, ...others] = user.identities;
    if (!first) throw new Error('a new user needs a chat identity');
    const added = await this.em.execute(
      `with claimed as (
         insert into user_identity (platform, workspace_id, chat_user_id, practice_id, user_id) values (?, ?, ?, ?, ?)
         on conflict (platform, workspace_id, chat_user_id) do nothing returning user_id)
       insert into app_user (id, practice_id, display_name, role, created_at)
       select user_id, ?, ?, ?, ? from claimed returning id`,
      [first.platform, first.workspaceId, first.userId, user.practiceId, user.id, user.practiceId, user.displayName, user.role, user.createdAt],
      'all',
    );
    if (added.length === 1) {
      if (others.length) await this.save(user);
      return user;
    }
    const existing = await this.findByIdentity(user.practiceId, first);
    if (!existing) throw new Error(`chat identity ${first.platform}:${first.workspaceId}:${first.userId} belongs to another practice`);
    return existing;
  }

  /** Holds the practice row's lock across the check and the change, so role changes in one practice take turns. */
  async changeRole(practiceId: PracticeId, userId: UserId, role: Role, allowed: (people: readonly User[]) => boolean): Promise<boolean> {
    return this.em.transactional(async (em) => {
      await em.execute('select id from practice where id = ? for update', [practiceId]);
      const people = await listIn(em, practiceId);
      if (!people.some((u) => u.id === userId) || !allowed(people)) return false;
      await em.execute('update app_user set role = ? where id = ? and practice_id = ?', [role, userId, practiceId], 'run');
      return true;
    });
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
