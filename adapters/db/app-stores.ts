import type { EntityManager } from '@mikro-orm/postgresql';
import type { OAuthNonces, PracticeFlags, WebhookReceipts } from '../../domain/apps/ports.js';
import type { PracticeId } from '../../domain/shared/ids.js';

/** Small stores behind the ports every app shares; each is one statement, keyed by practice. */
export class MikroOrmOAuthNonces implements OAuthNonces {
  constructor(private readonly em: EntityManager) {}

  async put(practiceId: PracticeId, nonce: string, expiresAt: Date): Promise<void> {
    const db = this.em.getConnection();
    // Expired nonces are swept on the way in, so the table stays tiny.
    await db.execute('delete from oauth_nonce where practice_id = ? and expires_at < now()', [practiceId], 'run');
    await db.execute('insert into oauth_nonce (practice_id, nonce, expires_at) values (?, ?, ?)', [practiceId, nonce, expiresAt], 'run');
  }

  /** The delete is the consumption: two callbacks racing with one state cannot both win. */
  async consume(practiceId: PracticeId, nonce: string, now: Date): Promise<boolean> {
    const rows = await this.em.getConnection().execute(
      'delete from oauth_nonce where practice_id = ? and nonce = ? returning expires_at', [practiceId, nonce], 'all');
    const expires = rows[0] ? new Date((rows[0] as { expires_at: string | Date }).expires_at) : null;
    return !!expires && expires > now;
  }
}

export class MikroOrmPracticeFlags implements PracticeFlags {
  constructor(private readonly em: EntityManager) {}

  async get(practiceId: PracticeId, key: string): Promise<string | null> {
    const rows = await this.em.getConnection().execute('select value from practice_flag where practice_id = ? and key = ?', [practiceId, key], 'all');
    return (rows[0] as { value: string } | undefined)?.value ?? null;
  }

  async set(practiceId: PracticeId, key: string, value: string | null): Promise<void> {
    const db = this.em.getConnection();
    if (value === null) await db.execute('delete from practice_flag where practice_id = ? and key = ?', [practiceId, key], 'run');
    else await db.execute(
      'insert into practice_flag (practice_id, key, value) values (?, ?, ?) on conflict (practice_id, key) do update set value = excluded.value',
      [practiceId, key, value], 'run');
  }
}

export class MikroOrmWebhookReceipts implements WebhookReceipts {
  constructor(private readonly em: EntityManager) {}

  async firstSeen(practiceId: PracticeId, provider: string, eventId: string, at: Date): Promise<boolean> {
    const rows = await this.em.getConnection().execute(
      'insert into webhook_receipt (practice_id, provider, event_id, received_at) values (?, ?, ?, ?) on conflict do nothing returning event_id',
      [practiceId, provider, eventId, at], 'all');
    return rows.length === 1;
  }
}
