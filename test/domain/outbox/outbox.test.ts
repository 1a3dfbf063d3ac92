import { describe, expect, it } from 'vitest';
import { idempotencyKey, newOutboxEntry } from '../../../domain/outbox/entry.js';
import { afterFailure, maxWriteAttempts, writeBackoffMs, writeFailureOf } from '../../../domain/outbox/retry.js';
import { asId } from '../../../domain/shared/ids.js';

const now = new Date('2026-03-01T09:00:00Z');

describe('an outbox entry', () => {
  it('derives the same key from the same app, kind, source and period, and different keys otherwise', () => {
    expect(idempotencyKey('ledger', 'invoice', 'schedule-1', '2026-03')).toBe(idempotencyKey('ledger', 'invoice', 'schedule-1', '2026-03'));
    expect(idempotencyKey('ledger', 'invoice', 'a:b', null)).not.toBe(idempotencyKey('ledger', 'invoice', 'a', 'b'));
    expect(idempotencyKey('ledger', 'invoice', 's', null)).not.toBe(idempotencyKey('ledger', 'job', 's', null));
  });

  it('starts pending, due at once, with no tries and no app id', () => {
    const e = newOutboxEntry({ practiceId: asId('p1'), app: 'ledger', kind: 'job', sourceId: 'proposal-1', payload: { name: 'Year end' } }, 'w1', now);
    expect(e).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: now, externalId: null, lastError: null, period: null, idempotencyKey: 'ledger:job:proposal-1:' });
  });
});

describe('retrying a write', () => {
  it('backs off exponentially from 30 s, capped at an hour, spread by the jitter given', () => {
    expect([1, 2, 3].map((n) => writeBackoffMs(n, 0.5))).toEqual([30_000, 60_000, 120_000]);
    expect(writeBackoffMs(20, 0.5)).toBe(3_600_000);
    expect([writeBackoffMs(1, 0), writeBackoffMs(1, 1)]).toEqual([24_000, 36_000]);
  });

  it('tries again after an app outage, waiting at least as long as the app asks', () => {
    expect(afterFailure(1, { kind: 'app-down', message: 'HTTP 503' }, now, 0.5)).toEqual({ giveUp: false, nextAttemptAt: new Date(now.getTime() + 30_000) });
    expect(afterFailure(1, { kind: 'rate-limited', message: '429', retryAfterMs: 90_000 }, now, 0.5)).toEqual({ giveUp: false, nextAttemptAt: new Date(now.getTime() + 90_000) });
  });

  it('gives up after the last try, and at once on what a person must fix', () => {
    expect(afterFailure(maxWriteAttempts, { kind: 'app-down', message: 'x' }, now, 0.5)).toEqual({ giveUp: true });
    for (const kind of ['rejected', 'app-misconfigured', 'reconnect-needed']) expect(afterFailure(1, { kind, message: 'x' }, now, 0.5)).toEqual({ giveUp: true });
  });

  it('reads the kind, message and Retry-After of whatever a writer threw', () => {
    expect(writeFailureOf(Object.assign(new Error('no such customer'), { kind: 'rejected' }))).toEqual({ kind: 'rejected', message: 'no such customer' });
    expect(writeFailureOf({ kind: 'rate-limited', message: 'slow down', detail: { retryAfterMs: 5000 } })).toEqual({ kind: 'rate-limited', message: 'slow down', retryAfterMs: 5000 });
    expect(writeFailureOf('socket hang up')).toEqual({ kind: 'unknown', message: 'socket hang up' });
  });
});
