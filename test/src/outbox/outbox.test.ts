import { describe, expect, it } from 'vitest';
import { newOutboxEntry, type OutboxEntry, type WriteRequest } from '../../../domain/outbox/entry.js';
import type { OutboxWriter } from '../../../domain/outbox/ports.js';
import { maxWriteAttempts } from '../../../domain/outbox/retry.js';
import { asId } from '../../../domain/shared/ids.js';
import { outboxCommands } from '../../../src/outbox/commands.js';
import { createOutboxUseCases } from '../../../src/outbox/use-cases.js';
import { chatNotificationWriter, writersFrom } from '../../../src/outbox/writes.js';
import { failedEventsFor } from '../../../src/outbox/cards.js';
import { fixedClock, sequentialIds } from '../../fakes/clock.js';
import { FakeAppRecords } from '../../fakes/fake-app-writer.js';
import { InMemoryOutboxStore } from '../../fakes/in-memory-outbox.js';
import { inMemoryUnitOfWork } from '../../fakes/in-memory-unit-of-work.js';
import { recordingNotifier } from '../../fakes/recording-notifier.js';

const practiceId = asId<'Practice'>('p1');
const invoice = (sourceId: string): WriteRequest => ({ practiceId, app: 'ledger', kind: 'invoice', sourceId, period: '2026-03', payload: { total: 12000 } });

function outboxWorld(ledger: OutboxWriter, o: { perRun?: number; laneOf?: (e: OutboxEntry) => string | null } = {}) {
  const clock = fixedClock('2026-03-01T09:00:00Z');
  const ids = sequentialIds('w');
  const store = new InMemoryOutboxStore();
  const notifier = recordingNotifier();
  let wakes = 0;
  const uc = createOutboxUseCases({
    store, transaction: inMemoryUnitOfWork({ outbox: store }),
    writers: writersFrom({ ledger: { invoice: ledger }, chat: { notification: chatNotificationWriter(notifier) } }),
    budgets: { ledger: { perRun: o.perRun ?? 50, concurrency: 2 } }, appName: (app) => (app === 'ledger' ? 'Ledger' : app),
    wake: async () => { wakes++; }, clock, ids, jitter: () => 0.5, log: { warn: () => {}, error: () => {} }, ...(o.laneOf ? { laneOf: o.laneOf } : {}),
  });
  const enqueue = (r: WriteRequest) => store.enqueue(newOutboxEntry(r, ids.next(), clock.now()));
  return { uc, store, notifier, clock, enqueue, wakes: () => wakes };
}

const failing = (kind: string, message: string): OutboxWriter => ({
  lookup: async () => null,
  create: async () => { throw Object.assign(new Error(message), { kind }); },
});

describe('the outbox drain', () => {
  it('sends the rows of one lane in the order they were queued', async () => {
    const sent: string[] = [];
    const slowFirst: OutboxWriter = {
      lookup: async () => null,
      // The first of a lane is the slowest: with two lanes at a time, a row of its lane could overtake it.
      create: async (e) => { await new Promise((r) => setTimeout(r, e.sourceId === 'a1' ? 30 : 1)); sent.push(e.sourceId); return e.sourceId; },
    };
    const w = outboxWorld(slowFirst, { laneOf: (e) => (e.sourceId.startsWith('a') ? 'thread-a' : null) });
    // a1 and a2 are claimed together (two lanes' worth): a2 must still wait for a1.
    for (const id of ['a1', 'a2', 'b1', 'b2', 'a3']) await w.enqueue(invoice(id));

    expect(await w.uc.drain()).toEqual({ done: 5, retrying: 0, failed: 0 });

    expect(sent.filter((id) => id.startsWith('a'))).toEqual(['a1', 'a2', 'a3']);
    expect(sent).toHaveLength(5);
  });

  it('writes each due row once and records the app id; a second drain finds nothing to do', async () => {
    const app = new FakeAppRecords();
    const w = outboxWorld(app.writer());
    const row = await w.enqueue(invoice('schedule-1'));
    await w.enqueue(invoice('schedule-1'));

    expect(await w.uc.drain()).toEqual({ done: 1, retrying: 0, failed: 0 });
    expect(await w.uc.drain()).toEqual({ done: 0, retrying: 0, failed: 0 });
    expect(await w.store.get(practiceId, row.id)).toMatchObject({ status: 'done', externalId: 'APP-1', attempts: 1 });
    expect(app.created).toHaveLength(1);
  });

  it('finds a record the app already made for our reference instead of making another', async () => {
    const app = new FakeAppRecords();
    const w = outboxWorld(app.writer());
    const row = await w.enqueue(invoice('schedule-1'));
    await app.writer().create(row);

    await w.uc.drain();

    expect(app.created).toHaveLength(1);
    expect((await w.store.get(practiceId, row.id))?.externalId).toBe('APP-1');
  });

  it('sends no more of an app\'s rows per run than its budget', async () => {
    const app = new FakeAppRecords();
    const w = outboxWorld(app.writer(), { perRun: 2 });
    for (const s of ['s1', 's2', 's3']) await w.enqueue(invoice(s));

    expect((await w.uc.drain()).done).toBe(2);
    expect((await w.uc.drain()).done).toBe(1);
  });

  it('retries an outage with backoff, then after the last try posts invoice.deployment_failed with a Retry that re-queues the same row', async () => {
    const w = outboxWorld(failing('app-down', 'Ledger answered HTTP 503'));
    const row = await w.enqueue(invoice('schedule-1'));

    for (let i = 1; i < maxWriteAttempts; i++) {
      expect(await w.uc.drain()).toMatchObject({ retrying: 1 });
      w.clock.advance(2 * 3_600_000);
    }
    expect(await w.uc.drain()).toMatchObject({ failed: 1 });

    const [failed] = w.notifier.sent;
    expect(failed).toMatchObject({ event: 'invoice.deployment_failed', card: { title: 'Ledger: invoice not written', tone: 'error', buttons: [{ label: 'Retry', command: `retry-write ${row.id}` }] } });
    expect(failed!.card.text).toBe('The invoice for schedule-1 (2026-03) could not be written to Ledger: Ledger answered HTTP 503');
    expect(await w.store.get(practiceId, row.id)).toMatchObject({ status: 'failed', attempts: maxWriteAttempts });

    const [reply] = await outboxCommands(w.uc)[0]!.run({ practice: { id: practiceId }, args: { positional: [row.id], named: {} } } as never);
    expect(reply).toMatchObject({ title: 'Ledger: invoice queued again' });
    expect(await w.store.get(practiceId, row.id)).toMatchObject({ status: 'pending', attempts: 0 });
    expect(w.store.rows.size).toBe(2);
    expect(w.wakes()).toBe(1);
  });

  it('fails at once, without more tries, on what a person must fix', async () => {
    const w = outboxWorld(failing('reconnect-needed', 'Ledger needs reconnecting'));
    const row = await w.enqueue(invoice('schedule-1'));

    expect(await w.uc.drain()).toMatchObject({ failed: 1 });

    expect(await w.store.get(practiceId, row.id)).toMatchObject({ status: 'failed', attempts: 1, lastError: 'Ledger needs reconnecting' });
    expect(w.notifier.sent.map((n) => [n.event, n.card.footer])).toEqual([['invoice.deployment_failed', 'Fix this in Ledger or in the bot\'s settings, then press Retry.']]);
  });

  it('fails a write no app writer is registered for, and tells Retry on a written row there is nothing to do', async () => {
    const app = new FakeAppRecords();
    const w = outboxWorld(app.writer());
    const job = await w.enqueue({ ...invoice('proposal-1'), kind: 'job' });
    const done = await w.enqueue(invoice('schedule-1'));

    await w.uc.drain();

    expect(await w.store.get(practiceId, job.id)).toMatchObject({ status: 'failed', lastError: 'nothing is set up to write a job to Ledger' });
    expect(w.notifier.sent.map((n) => n.event)).toEqual(['job.deployment_failed']);
    expect(await w.uc.retry(practiceId, done.id)).toMatchObject({ title: 'Already written to Ledger' });
    expect(await w.uc.retry(practiceId, 'nope')).toMatchObject({ title: 'No such write' });
  });
});

describe('the failure events an install offers', () => {
  it('are one per kind of write some registered app makes, and none without writers', () => {
    expect(failedEventsFor(['client', 'invoice', 'client'])).toEqual(['client.failed', 'invoice.deployment_failed']);
    expect(failedEventsFor([])).toEqual([]);
    expect(failedEventsFor(['notification'])).toEqual([]);
  });
});
