import type { EntityManager } from '@mikro-orm/postgresql';
import type { ChatDirectory } from '../../domain/practice/ports.js';
import type { Practice } from '../../domain/practice/practice.js';
import type { ChatIdentity, Role, User } from '../../domain/practice/user.js';
import type { PracticeId, UserId } from '../../domain/shared/ids.js';

type WhoRecord = {
  id: string; name: string; country: string; currency: string; time_zone: string; invoice_day: number; created_at: string | Date;
  user_id: string | null; display_name: string | null; role: string | null; user_created_at: string | Date | null; identities: ChatIdentity[];
};

/**
 * Every chat command starts here, so it is one query and no entity hydration: the workspace's
 * practice, and the person behind the identity with all their identities, joined in the database.
 */
export class MikroOrmChatDirectory implements ChatDirectory {
  constructor(private readonly em: EntityManager) {}

  async whoIs(identity: ChatIdentity): Promise<{ practice: Practice; user: User | null } | null> {
    const [r] = await this.em.getConnection().execute<WhoRecord[]>(
      `select p.id, p.name, p.country, p.currency, p.time_zone, p.invoice_day, p.created_at,
         u.id as user_id, u.display_name, u.role, u.created_at as user_created_at,
         case when u.id is null then '[]'::json else (
           select json_agg(json_build_object('platform', x.platform, 'workspaceId', x.workspace_id, 'userId', x.chat_user_id)
             order by x.platform, x.workspace_id, x.chat_user_id)
           from user_identity x where x.user_id = u.id and x.practice_id = p.id) end as identities
       from workspace w
       join practice p on p.id = w.practice_id
       left join user_identity i on i.platform = w.platform and i.workspace_id = w.workspace_id and i.chat_user_id = ? and i.practice_id = p.id
       left join app_user u on u.id = i.user_id and u.practice_id = p.id
       where w.platform = ? and w.workspace_id = ?`,
      [identity.userId, identity.platform, identity.workspaceId], 'all');
    if (!r) return null;
    const practice: Practice = {
      id: r.id as PracticeId, name: r.name, country: r.country, currency: r.currency, timeZone: r.time_zone, invoiceDay: r.invoice_day, createdAt: new Date(r.created_at),
    };
    const user: User | null = r.user_id ? {
      id: r.user_id as UserId, practiceId: practice.id, displayName: r.display_name!, role: r.role as Role, identities: r.identities, createdAt: new Date(r.user_created_at!),
    } : null;
    return { practice, user };
  }
}
