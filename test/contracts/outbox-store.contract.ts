import { beforeEach, describe, expect, it } from 'vitest';
import { newOutboxEntry, type OutboxEntry, type WriteRequest } from '../../domain/outbox/entry.js';
import type { OutboxStore } from '../../domain/outbox/ports.js';
import { asId } from '../../domain/shared/ids.js';

const A = asId<'Practice'>('practice-a');
const at = new Date('2026-03-01T09:00:00Z');
const later = (ms: number) => new Date(at.getTime() + ms);
const invoice = (sourceId: string, period = '2026-03'): WriteRequest => ({ practiceId: A, app: 'ledger', kind: 'invoice', sourceId, period, payload: { total: 12000 } });
const entry = (id: string, sourceId = id, app = 'ledger'): OutboxEntry => newOutboxEntry({ ...invoice(sourceId), app }, id, at);

/** The outbox store's promises (claimed rows come back oldest first), run against the in-memory fake and PostgreSQL alike. */
export function outboxStoreContract(name: string, open: () => Promise<OutboxStore>): void {
  describe(`${name} as the outbox`, () => {
    let s: OutboxStore;
    beforeEach(async () => { s = await open(); });

    it('keeps one row per idempotency key: a second enqueue returns the first row', async () => {
      const first = await s.enqueue(entry('w1', 'schedule-1'));
      const again = await s.enqueue({ ...entry('w2', 'schedule-1'), payload: { total: 1 } });

      expect(again).toMatchObject({ id: 'w1', payload: { total: 12000 }, status: 'pending', attempts: 0 });
      expect(first.idempotencyKey).toBe('ledger:invoice:schedule-1:2026-03');
      expect(await s.get(A, 'w2')).toBeNull();
    });

    it('claims due rows once, counting the try, and leaves them to their claimer until the claim lapses', async () => {
      await s.enqueue(entry('w1'));
      await s.enqueue({ ...entry('w2'), nextAttemptAt: later(60_000) });
      await s.enqueue(entry('w3', 'w3', 'practice-app'));

      const claimed = await s.claimDue('ledger', at, 10, later(300_000));

      expect(claimed.map((e) => [e.id, e.status, e.attempts])).toEqual([['w1', 'sending', 1]]);
      expect(await s.claimDue('ledger', later(1_000), 10, later(300_000))).toEqual([]);
      expect(await s.dueApps(at)).toEqual(['practice-app']);
      // A drain that died holding w1: once its claim lapses, another drain takes it (and w2, now due).
      expect((await s.claimDue('ledger', later(300_000), 10, later(600_000))).map((e) => [e.id, e.attempts])).toEqual([['w1', 2], ['w2', 1]]);
    });

    it('honours the limit', async () => {
      for (const id of ['w1', 'w2', 'w3']) await s.enqueue(entry(id));
      expect(await s.claimDue('ledger', at, 2, later(1))).toHaveLength(2);
      expect(await s.claimDue('ledger', at, 2, later(1))).toHaveLength(1);
    });

    it('records the app id, or a later try, or the failure — only for a row being sent', async () => {
      for (const id of ['w1', 'w2', 'w3']) await s.enqueue(entry(id));
      expect(await s.markDone(A, 'w1', 'INV-1', at)).toBe(false);
      await s.claimDue('ledger', at, 3, later(300_000));

      expect(await s.markDone(A, 'w1', 'INV-1', at)).toBe(true);
      expect(await s.retryLater(A, 'w2', later(30_000), 'ledger down', at)).toBe(true);
      expect(await s.markFailed(A, 'w3', 'rejected: no such customer', at)).toBe(true);
      expect(await s.retryLater(A, 'w1', later(30_000), 'stale drain', at)).toBe(false);

      expect(await s.get(A, 'w1')).toMatchObject({ status: 'done', externalId: 'INV-1', lastError: null });
      expect(await s.get(A, 'w2')).toMatchObject({ status: 'pending', nextAttemptAt: later(30_000), lastError: 'ledger down', attempts: 1 });
      expect(await s.get(A, 'w3')).toMatchObject({ status: 'failed', lastError: 'rejected: no such customer' });
    });

    it('requeues a failed row — the same row, due now, tries reset — and nothing else', async () => {
      await s.enqueue(entry('w1'));
      await s.enqueue(entry('w2'));
      await s.claimDue('ledger', at, 2, later(300_000));
      await s.markFailed(A, 'w1', 'rejected', at);
      await s.markDone(A, 'w2', 'INV-2', at);

      expect(await s.requeue(A, 'w1', later(5_000))).toBe(true);
      expect(await s.requeue(A, 'w2', later(5_000))).toBe(false);
      expect(await s.requeue(A, 'missing', later(5_000))).toBe(false);

      expect(await s.get(A, 'w1')).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: later(5_000) });
      expect((await s.claimDue('ledger', later(5_000), 10, later(300_000))).map((e) => e.id)).toEqual(['w1']);
    });

    it('finds a row by its idempotency key', async () => {
      const row = await s.enqueue(entry('w1', 'invoice-7'));

      expect(await s.findByKey(A, row.idempotencyKey)).toMatchObject({ id: 'w1', sourceId: 'invoice-7' });
      expect(await s.findByKey(A, 'ledger:invoice:nothing:')).toBeNull();
    });

    it('lists the given-up rows of a kind, oldest first, for the daily digest', async () => {
      for (const id of ['w1', 'w2', 'w3']) await s.enqueue(entry(id));
      await s.claimDue('ledger', at, 3, later(300_000));
      await s.markFailed(A, 'w3', 'rejected', later(1_000));
      await s.markFailed(A, 'w1', 'rejected', later(2_000));
      await s.markDone(A, 'w2', 'INV-2', at);

      expect((await s.failed(A, 'invoice')).map((e) => e.id)).toEqual(['w3', 'w1']);
      expect(await s.failed(A, 'job')).toEqual([]);
    });
  });
}
