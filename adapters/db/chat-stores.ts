import type { EntityManager } from '@mikro-orm/postgresql';
import type { PracticeId } from '../../domain/shared/ids.js';
import { asId } from '../../domain/shared/ids.js';
import type { Card } from '../../src/cards.js';
import type { ReplyTarget } from '../../src/chat.js';
import type { DeliveryLedger, NotificationOutbox, NotificationRoute, NotificationRouteStore, OutboxEntry } from '../../src/chat-setup/ports.js';
import type { NotificationEvent } from '../../src/notify.js';

/** Claim is one statement: an insert that only overwrites a key whose time is up, so racing copies can't both win. */
export class MikroOrmDeliveryLedger implements DeliveryLedger {
  private claims = 0;

  constructor(private readonly em: EntityManager) {}

  async claim(workspaceId: string, key: string, now: Date, ttlMs: number): Promise<boolean> {
    // Sweep now and then on the way in, so the table stays small without a job of its own.
    if (++this.claims % 500 === 0) await this.purge(now);
    const rows = await this.em.getConnection().execute(
      `insert into chat_delivery (workspace_id, key, expires_at) values (?, ?, ?)
       on conflict (workspace_id, key) do update set expires_at = excluded.expires_at where chat_delivery.expires_at <= ?
       returning key`,
      [workspaceId, key, new Date(now.getTime() + ttlMs), now], 'all');
    return rows.length === 1;
  }

  async purge(now: Date): Promise<number> {
    const rows = await this.em.getConnection().execute('delete from chat_delivery where expires_at <= ? returning key', [now], 'all');
    return rows.length;
  }
}

type RouteRecord = { practice_id: string; event: string; platform: string; target: Record<string, string>; channel_name: string; created_by: string; created_at: string | Date };

const toRoute = (r: RouteRecord): NotificationRoute => ({
  practiceId: asId(r.practice_id),
  event: r.event as NotificationEvent,
  platform: r.platform as NotificationRoute['platform'],
  target: { platform: r.platform as ReplyTarget['platform'], ref: r.target },
  channelName: r.channel_name,
  createdBy: r.created_by,
  createdAt: new Date(r.created_at),
});

export class MikroOrmNotificationRouteStore implements NotificationRouteStore {
  constructor(private readonly em: EntityManager) {}

  async list(practiceId: PracticeId): Promise<NotificationRoute[]> {
    const rows = await this.em.getConnection().execute('select * from notification_route where practice_id = ? order by event, platform', [practiceId], 'all');
    return (rows as RouteRecord[]).map(toRoute);
  }

  async forEvent(practiceId: PracticeId, event: NotificationEvent): Promise<NotificationRoute[]> {
    const rows = await this.em.getConnection().execute('select * from notification_route where practice_id = ? and event = ?', [practiceId, event], 'all');
    return (rows as RouteRecord[]).map(toRoute);
  }

  async save(r: NotificationRoute): Promise<void> {
    await this.em.getConnection().execute(
      `insert into notification_route (practice_id, event, platform, target, channel_name, created_by, created_at) values (?, ?, ?, ?::jsonb, ?, ?, ?)
       on conflict (practice_id, event, platform) do update set target = excluded.target, channel_name = excluded.channel_name,
         created_by = excluded.created_by, created_at = excluded.created_at`,
      [r.practiceId, r.event, r.platform, JSON.stringify(r.target.ref), r.channelName, r.createdBy, r.createdAt], 'run');
  }

  async remove(practiceId: PracticeId, event: NotificationEvent, platform: NotificationRoute['platform']): Promise<void> {
    await this.em.getConnection().execute('delete from notification_route where practice_id = ? and event = ? and platform = ?', [practiceId, event, platform], 'run');
  }
}

type OutboxRecord = {
  id: string; practice_id: string; event: string; platform: string; target: Record<string, string>; card: Card;
  attempts: number; next_attempt_at: string | Date; last_error: string; status: string; created_at: string | Date;
};

const toEntry = (r: OutboxRecord): OutboxEntry => ({
  id: r.id,
  practiceId: asId(r.practice_id),
  event: r.event as NotificationEvent,
  target: { platform: r.platform as ReplyTarget['platform'], ref: r.target },
  card: r.card,
  attempts: r.attempts,
  nextAttemptAt: new Date(r.next_attempt_at),
  lastError: r.last_error,
  status: r.status as OutboxEntry['status'],
  createdAt: new Date(r.created_at),
});

const toParams = (e: OutboxEntry) => [
  e.id, e.practiceId, e.event, e.target.platform, JSON.stringify(e.target.ref), JSON.stringify(e.card),
  e.attempts, e.nextAttemptAt, e.lastError.slice(0, 1000), e.status, e.createdAt,
];

export class MikroOrmNotificationOutbox implements NotificationOutbox {
  constructor(private readonly em: EntityManager) {}

  async add(entry: OutboxEntry): Promise<void> {
    await this.save(entry);
  }

  async save(entry: OutboxEntry): Promise<void> {
    await this.em.getConnection().execute(
      `insert into notification_outbox (id, practice_id, event, platform, target, card, attempts, next_attempt_at, last_error, status, created_at)
       values (?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?)
       on conflict (id) do update set attempts = excluded.attempts, next_attempt_at = excluded.next_attempt_at,
         last_error = excluded.last_error, status = excluded.status`,
      toParams(entry), 'run');
  }

  async due(practiceId: PracticeId, now: Date, limit: number): Promise<OutboxEntry[]> {
    const rows = await this.em.getConnection().execute(
      `select * from notification_outbox where practice_id = ? and status = 'pending' and next_attempt_at <= ? order by created_at limit ?`,
      [practiceId, now, limit], 'all');
    return (rows as OutboxRecord[]).map(toEntry);
  }

  async remove(practiceId: PracticeId, id: string): Promise<void> {
    await this.em.getConnection().execute('delete from notification_outbox where practice_id = ? and id = ?', [practiceId, id], 'run');
  }

  async list(practiceId: PracticeId): Promise<OutboxEntry[]> {
    const rows = await this.em.getConnection().execute('select * from notification_outbox where practice_id = ? order by created_at', [practiceId], 'all');
    return (rows as OutboxRecord[]).map(toEntry);
  }
}
