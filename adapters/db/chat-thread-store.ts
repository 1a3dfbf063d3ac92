import type { EntityManager } from '@mikro-orm/postgresql';
import type { PracticeId } from '../../domain/shared/ids.js';
import type { ReplyTarget } from '../../src/chat.js';
import type { ChatThreadStore, ThreadSpot } from '../../src/threads.js';

const key = (s: ThreadSpot) => [s.practiceId, s.platform, s.place, s.key];
type RootRecord = { root_ref: string };
type HomeRecord = { platform: string; target: Record<string, string> };

/**
 * Thread roots and homes. Each change is one statement keyed by the primary key, so two posts racing
 * to be a thread's root both read back the one the database kept.
 */
export class MikroOrmChatThreadStore implements ChatThreadStore {
  constructor(private readonly em: EntityManager) {}

  async rootOf(spot: ThreadSpot): Promise<string | null> {
    const rows = await this.em.getConnection().execute(
      'select root_ref from chat_thread where practice_id = ? and platform = ? and place = ? and thread_key = ?', key(spot), 'all') as RootRecord[];
    return rows[0]?.root_ref ?? null;
  }

  async claimRoot(spot: ThreadSpot, ref: string, now: Date): Promise<string> {
    // "do update" with no change returns the standing row to the loser as well, in the same statement.
    const rows = await this.em.getConnection().execute(
      `insert into chat_thread (practice_id, platform, place, thread_key, root_ref, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?)
       on conflict (practice_id, platform, place, thread_key) do update set root_ref = chat_thread.root_ref
       returning root_ref`,
      [...key(spot), ref, now, now], 'all') as RootRecord[];
    return rows[0]!.root_ref;
  }

  async replaceRoot(spot: ThreadSpot, gone: string, ref: string, now: Date): Promise<string> {
    const rows = await this.em.getConnection().execute(
      `update chat_thread set root_ref = ?, updated_at = ?
       where practice_id = ? and platform = ? and place = ? and thread_key = ? and root_ref = ? returning root_ref`,
      [ref, now, ...key(spot), gone], 'all') as RootRecord[];
    // Another post replaced it first, or the row went: theirs stands, or this one becomes the root.
    return rows[0]?.root_ref ?? (await this.rootOf(spot)) ?? this.claimRoot(spot, ref, now);
  }

  async homeOf(practiceId: PracticeId, threadKey: string): Promise<ReplyTarget | null> {
    const rows = await this.em.getConnection().execute(
      'select platform, target from chat_thread_home where practice_id = ? and thread_key = ?', [practiceId, threadKey], 'all') as HomeRecord[];
    const row = rows[0];
    return row ? { platform: row.platform as ReplyTarget['platform'], ref: row.target } : null;
  }

  async setHome(practiceId: PracticeId, threadKey: string, target: ReplyTarget, now: Date): Promise<void> {
    await this.em.getConnection().execute(
      `insert into chat_thread_home (practice_id, thread_key, platform, target, created_at) values (?, ?, ?, ?::jsonb, ?)
       on conflict (practice_id, thread_key) do nothing`,
      [practiceId, threadKey, target.platform, JSON.stringify(target.ref), now], 'run');
  }
}
