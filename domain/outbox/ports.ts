import type { PracticeId } from '../shared/ids.js';
import type { OutboxEntry, WriteKind } from './entry.js';

/** The outbox rows. Every change of status is conditional, so a stale drain can't undo a newer one's work. */
export interface OutboxStore {
  /** Records a write unless the practice already has one with its idempotency key; returns the stored row either way. */
  enqueue(entry: OutboxEntry): Promise<OutboxEntry>;
  get(practiceId: PracticeId, id: string): Promise<OutboxEntry | null>;
  /** The row for a write, found by its idempotency key (the invoice a Retry names). */
  findByKey(practiceId: PracticeId, idempotencyKey: string): Promise<OutboxEntry | null>;
  /** Rows of a kind given up and waiting for a person, oldest first: what the daily digest lists. */
  failed(practiceId: PracticeId, kind: WriteKind): Promise<OutboxEntry[]>;
  /** Apps with rows due now, across every practice: the drain budgets per app. */
  dueApps(now: Date): Promise<string[]>;
  /**
   * Takes up to `limit` of an app's due rows (pending, or sending with a lapsed claim), oldest due first:
   * each becomes 'sending' until `claimUntil`, one more attempt counted; returned oldest first. Two drains never take the same row.
   */
  claimDue(app: string, now: Date, limit: number, claimUntil: Date): Promise<OutboxEntry[]>;
  /** Records the app's id; false when the row was no longer 'sending'. */
  markDone(practiceId: PracticeId, id: string, externalId: string, now: Date): Promise<boolean>;
  /** Back to 'pending' until `nextAttemptAt`. */
  retryLater(practiceId: PracticeId, id: string, nextAttemptAt: Date, lastError: string, now: Date): Promise<boolean>;
  markFailed(practiceId: PracticeId, id: string, lastError: string, now: Date): Promise<boolean>;
  /** A failed row back to 'pending', due now, with its tries reset; false when it was not failed. */
  requeue(practiceId: PracticeId, id: string, now: Date): Promise<boolean>;
}

/**
 * How one app writes one kind of record. The drain always calls `lookup` first: a write whose create
 * reached the app but whose id we never recorded (a crash in between) is found, not made twice.
 * Errors are thrown; one with `kind` 'rejected', 'app-misconfigured' or 'reconnect-needed' fails at once.
 */
export interface OutboxWriter {
  /** The app's id for the record made for this entry (found by our reference), or null if there is none. */
  lookup(entry: OutboxEntry): Promise<string | null>;
  /** Makes the record, carrying our reference so `lookup` finds it; returns the app's id. */
  create(entry: OutboxEntry): Promise<string>;
}
