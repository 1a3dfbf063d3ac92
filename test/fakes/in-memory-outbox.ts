import type { OutboxEntry, WriteKind } from '../../domain/outbox/entry.js';
import type { OutboxStore } from '../../domain/outbox/ports.js';
import type { PracticeId } from '../../domain/shared/ids.js';

const due = (e: OutboxEntry, now: Date) => (e.status === 'pending' || e.status === 'sending') && e.nextAttemptAt <= now;

/** The outbox in a map, passing the same contract as the PostgreSQL store. */
export class InMemoryOutboxStore implements OutboxStore {
  readonly rows = new Map<string, OutboxEntry>();

  private find(practiceId: PracticeId, id: string) {
    const row = this.rows.get(id);
    return row && row.practiceId === practiceId ? row : null;
  }

  /** Changes a row only while it has the status the change starts from. */
  private move(practiceId: PracticeId, id: string, from: OutboxEntry['status'], change: Partial<OutboxEntry>): boolean {
    const row = this.find(practiceId, id);
    if (row?.status !== from) return false;
    this.rows.set(id, { ...row, ...change });
    return true;
  }

  async enqueue(e: OutboxEntry) {
    const existing = [...this.rows.values()].find((r) => r.practiceId === e.practiceId && r.idempotencyKey === e.idempotencyKey);
    if (existing) return existing;
    this.rows.set(e.id, e);
    return e;
  }

  async get(practiceId: PracticeId, id: string) { return this.find(practiceId, id); }
  async findByKey(practiceId: PracticeId, key: string) { return [...this.rows.values()].find((r) => r.practiceId === practiceId && r.idempotencyKey === key) ?? null; }
  async failed(practiceId: PracticeId, kind: WriteKind) {
    return [...this.rows.values()].filter((r) => r.practiceId === practiceId && r.kind === kind && r.status === 'failed')
      .sort((a, b) => a.updatedAt.getTime() - b.updatedAt.getTime() || a.id.localeCompare(b.id));
  }

  async dueApps(now: Date) {
    return [...new Set([...this.rows.values()].filter((r) => due(r, now)).map((r) => r.app))].sort();
  }

  async claimDue(app: string, now: Date, limit: number, claimUntil: Date) {
    const taken = [...this.rows.values()].filter((r) => r.app === app && due(r, now))
      .sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || a.id.localeCompare(b.id)).slice(0, limit)
      .map((r): OutboxEntry => ({ ...r, status: 'sending', attempts: r.attempts + 1, nextAttemptAt: claimUntil, updatedAt: now }));
    for (const r of taken) this.rows.set(r.id, r);
    return taken.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
  }

  async markDone(practiceId: PracticeId, id: string, externalId: string, now: Date) {
    return this.move(practiceId, id, 'sending', { status: 'done', externalId, lastError: null, updatedAt: now });
  }

  async retryLater(practiceId: PracticeId, id: string, nextAttemptAt: Date, lastError: string, now: Date) {
    return this.move(practiceId, id, 'sending', { status: 'pending', nextAttemptAt, lastError, updatedAt: now });
  }

  async markFailed(practiceId: PracticeId, id: string, lastError: string, now: Date) {
    return this.move(practiceId, id, 'sending', { status: 'failed', lastError, updatedAt: now });
  }

  async requeue(practiceId: PracticeId, id: string, now: Date) {
    return this.move(practiceId, id, 'failed', { status: 'pending', attempts: 0, nextAttemptAt: now, updatedAt: now });
  }
}
