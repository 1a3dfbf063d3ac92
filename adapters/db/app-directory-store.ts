import type { EntityManager } from '@mikro-orm/postgresql';
import type { AppId } from '../../domain/apps/app-id.js';
import type { AppDirectory, DirectoryEntry, DirectoryKind, LinkRefusal, UserAppLink, UserAppLinkStore } from '../../domain/apps/directory.js';
import type { PracticeId, UserId } from '../../domain/shared/ids.js';
import { err, ok, type Result } from '../../domain/shared/result.js';

type EntryRaw = { external_id: string; name: string; email: string | null };
const toEntry = (r: EntryRaw): DirectoryEntry => ({ externalId: r.external_id, name: r.name, ...(r.email !== null ? { email: r.email } : {}) });

/** Rows per insert: a practice's staff or templates are tens to hundreds; 500 keeps each statement small. */
const batchSize = 500;

export class MikroOrmAppDirectory implements AppDirectory {
  constructor(private readonly em: EntityManager) {}

  /** One transaction: a reader sees the old list or the new one, never half of each. */
  async replace(practiceId: PracticeId, app: AppId, kind: DirectoryKind, entries: readonly DirectoryEntry[], at: Date): Promise<{ first: boolean }> {
    // The app's list has one entry per id; a repeated id keeps the last read.
    const unique = [...new Map(entries.map((e) => [e.externalId, e])).values()];
    return this.em.transactional(async (em) => {
      // First, so two imports at once take turns on this row: the second waits, then sees it was not first.
      // `xmax = 0` is how PostgreSQL tells an inserted row from an updated one in RETURNING.
      const [mark] = await em.execute<{ first: boolean }[]>(
        `insert into app_directory_import (practice_id, app, kind, imported_at) values (?, ?, ?, ?)
         on conflict (practice_id, app, kind) do update set imported_at = excluded.imported_at returning (xmax = 0) as first`, [practiceId, app, kind, at], 'all');
      await em.execute('delete from app_directory_entry where practice_id = ? and app = ? and kind = ?', [practiceId, app, kind], 'run');
      for (let i = 0; i < unique.length; i += batchSize) {
        const batch = unique.slice(i, i + batchSize);
        await em.execute(
          `insert into app_directory_entry (practice_id, app, kind, external_id, name, email) values ${batch.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}`,
          batch.flatMap((e) => [practiceId, app, kind, e.externalId, e.name, e.email ?? null]), 'run');
      }
      return { first: mark?.first === true };
    });
  }

  async list(practiceId: PracticeId, app: AppId, kind: DirectoryKind): Promise<DirectoryEntry[]> {
    const rows = await this.em.execute<EntryRaw[]>(
      `select external_id, name, email from app_directory_entry where practice_id = ? and app = ? and kind = ?
       order by lower(name) collate "C", external_id collate "C"`, [practiceId, app, kind], 'all');
    return rows.map(toEntry);
  }

  async importedAt(practiceId: PracticeId, app: AppId, kind: DirectoryKind): Promise<Date | null> {
    const [row] = await this.em.execute<{ imported_at: Date | string }[]>(
      'select imported_at from app_directory_import where practice_id = ? and app = ? and kind = ?', [practiceId, app, kind], 'all');
    return row ? new Date(row.imported_at) : null;
  }
}

type LinkRaw = { practice_id: string; user_id: string; app: string; external_id: string; name: string; linked_at: Date | string };
const toLink = (r: LinkRaw): UserAppLink => ({
  practiceId: r.practice_id as PracticeId, userId: r.user_id as UserId, app: r.app, externalId: r.external_id, name: r.name, linkedAt: new Date(r.linked_at),
});

export class MikroOrmUserAppLinkStore implements UserAppLinkStore {
  constructor(private readonly em: EntityManager) {}

  /**
   * One statement: the user's link is set, unless the staff member is someone else's, which the unique
   * (practice, app, staff) key settles; then the holder is read and named.
   */
  async link(l: UserAppLink): Promise<Result<UserAppLink, LinkRefusal>> {
    const holder = async () => (await this.em.execute<{ user_id: string }[]>(
      'select user_id from user_app_link where practice_id = ? and app = ? and external_id = ?', [l.practiceId, l.app, l.externalId], 'all'))[0];
    const before = await holder();
    if (before && before.user_id !== l.userId) return err({ kind: 'staff-taken', userId: before.user_id as UserId });
    try {
      await this.em.execute(
        `insert into user_app_link (practice_id, user_id, app, external_id, name, linked_at) values (?, ?, ?, ?, ?, ?)
         on conflict (practice_id, user_id, app) do update set external_id = excluded.external_id, name = excluded.name, linked_at = excluded.linked_at`,
        [l.practiceId, l.userId, l.app, l.externalId, l.name, l.linkedAt], 'run');
      return ok(l);
    } catch (e) {
      // Another admin linked the same staff member to someone else between our read and our write.
      if ((e as { code?: string }).code !== '23505' && !/unique/i.test(String((e as Error).message))) throw e;
      const now = await holder();
      if (!now) throw e;
      return err({ kind: 'staff-taken', userId: now.user_id as UserId });
    }
  }

  async unlink(practiceId: PracticeId, userId: UserId, app: AppId): Promise<UserAppLink | null> {
    const [row] = await this.em.execute<LinkRaw[]>(
      'delete from user_app_link where practice_id = ? and user_id = ? and app = ? returning *', [practiceId, userId, app], 'all');
    return row ? toLink(row) : null;
  }

  async list(practiceId: PracticeId, app: AppId): Promise<UserAppLink[]> {
    return (await this.em.execute<LinkRaw[]>(
      'select * from user_app_link where practice_id = ? and app = ? order by lower(name) collate "C", user_id collate "C"', [practiceId, app], 'all')).map(toLink);
  }
}
