import type { EntityManager } from '@mikro-orm/postgresql';
import type { OutboxEntry, WriteKind } from '../../domain/outbox/entry.js';
import type { OutboxStore } from '../../domain/outbox/ports.js';
import type { PracticeId } from '../../domain/shared/ids.js';
import { OutboxRow } from './entities/outbox.entity.js';

/** A row as the entity reads it, or as RETURNING gives it (snake_case). */
type Raw = Record<string, unknown>;
const pick = (r: Raw, camel: string, snake: string): unknown => (camel in r ? r[camel] : r[snake]);
const asDate = (v: unknown): Date => (v instanceof Date ? v : new Date(String(v)));
const orNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

const toDomain = (r: Raw): OutboxEntry => ({
  id: String(r.id), practiceId: pick(r, 'practiceId', 'practice_id') as PracticeId, app: String(r.app), kind: r.kind as WriteKind,
  sourceId: String(pick(r, 'sourceId', 'source_id')), period: orNull(r.period), idempotencyKey: String(pick(r, 'idempotencyKey', 'idempotency_key')),
  payload: r.payload as OutboxEntry['payload'], status: r.status as OutboxEntry['status'], attempts: Number(r.attempts),
  nextAttemptAt: asDate(pick(r, 'nextAttemptAt', 'next_attempt_at')), lastError: orNull(pick(r, 'lastError', 'last_error')),
  externalId: orNull(pick(r, 'externalId', 'external_id')), createdAt: asDate(pick(r, 'createdAt', 'created_at')), updatedAt: asDate(pick(r, 'updatedAt', 'updated_at')),
});

const fresh = { disableIdentityMap: true } as const;

/**
 * The outbox on PostgreSQL. Built over a transaction's entity manager, `enqueue` joins the
 * transaction of the change that causes the write; the claim is one statement of its own.
 */
export class MikroOrmOutboxStore implements OutboxStore {
  constructor(private readonly em: EntityManager) {}

  async enqueue(e: OutboxEntry): Promise<OutboxEntry> {
    await this.em.createQueryBuilder(OutboxRow).insert({ ...e, payload: { ...e.payload } })
      .onConflict(['practiceId', 'idempotencyKey']).ignore().execute('run');
    const stored = await this.em.findOne(OutboxRow, { practiceId: e.practiceId, idempotencyKey: e.idempotencyKey }, fresh);
    if (!stored) throw new Error(`outbox row ${e.idempotencyKey} vanished after its insert`);
    return toDomain(stored);
  }

  async get(practiceId: PracticeId, id: string) {
    const row = await this.em.findOne(OutboxRow, { practiceId, id }, fresh);
    return row ? toDomain(row) : null;
  }

  async findByKey(practiceId: PracticeId, idempotencyKey: string) {
    const row = await this.em.findOne(OutboxRow, { practiceId, idempotencyKey }, fresh);
    return row ? toDomain(row) : null;
  }

  async failed(practiceId: PracticeId, kind: WriteKind) {
    const rows = await this.em.find(OutboxRow, { practiceId, kind, status: 'failed' }, { ...fresh, orderBy: { updatedAt: 'asc', id: 'asc' } });
    return rows.map(toDomain);
  }

  async dueApps(now: Date) {
    const rows = await this.em.execute<{ app: string }[]>(
      `select distinct "app" from "app_outbox" where "status" in ('pending', 'sending') and "next_attempt_at" <= ? order by "app"`, [now]);
    return rows.map((r) => r.app);
  }

  /** One statement: SKIP LOCKED passes over rows another drain is claiming, and the update moves them out of "due". */
  async claimDue(app: string, now: Date, limit: number, claimUntil: Date) {
    const rows = await this.em.execute<Raw[]>(
      `update "app_outbox" set "status" = 'sending', "attempts" = "attempts" + 1, "next_attempt_at" = ?, "updated_at" = ?
       where "id" in (
         select "id" from "app_outbox" where "app" = ? and "status" in ('pending', 'sending') and "next_attempt_at" <= ?
         order by "next_attempt_at", "id" limit ? for update skip locked)
       returning *`, [claimUntil, now, app, now, limit]);
    return rows.map(toDomain).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
  }

  async markDone(practiceId: PracticeId, id: string, externalId: string, now: Date) {
    return (await this.em.nativeUpdate(OutboxRow, { practiceId, id, status: 'sending' }, { status: 'done', externalId, lastError: null, updatedAt: now })) > 0;
  }

  async retryLater(practiceId: PracticeId, id: string, nextAttemptAt: Date, lastError: string, now: Date) {
    return (await this.em.nativeUpdate(OutboxRow, { practiceId, id, status: 'sending' }, { status: 'pending', nextAttemptAt, lastError, updatedAt: now })) > 0;
  }

  async markFailed(practiceId: PracticeId, id: string, lastError: string, now: Date) {
    return (await this.em.nativeUpdate(OutboxRow, { practiceId, id, status: 'sending' }, { status: 'failed', lastError, updatedAt: now })) > 0;
  }

  async requeue(practiceId: PracticeId, id: string, now: Date) {
    return (await this.em.nativeUpdate(OutboxRow, { practiceId, id, status: 'failed' }, { status: 'pending', attempts: 0, nextAttemptAt: now, updatedAt: now })) > 0;
  }
}
