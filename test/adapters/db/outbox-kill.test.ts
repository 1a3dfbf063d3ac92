/**
 * THE KILL TEST: the drain is killed at randomised points — mid-claim, between the app's create and
 * our record of its id, mid-retry — against the real PostgreSQL store, then a fresh drain starts.
 * However it was cut off, the app ends with exactly one record per write and every row is done.
 *
 * A kill is simulated in process: at the chosen point a Killed error is thrown and, from then on,
 * every call the dead drain makes to the database or the app throws too, so nothing after the kill
 * point happens (a statement already sent may still land, as it would from a dying process).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newOutboxEntry } from '../../../domain/outbox/entry.js';
import type { OutboxStore, OutboxWriter } from '../../../domain/outbox/ports.js';
import { dyingStore, dyingWriter, Killed, killPoints as points, killSwitch, type KillPoint as Point } from '../../support/kill-switch.js';
import { asId } from '../../../domain/shared/ids.js';
import { MikroOrmOutboxStore } from '../../../adapters/db/outbox-store.js';
import { mikroOrmUnitOfWork } from '../../../adapters/db/unit-of-work.js';
import { createOutboxUseCases } from '../../../src/outbox/use-cases.js';
import { fixedClock, sequentialIds } from '../../fakes/clock.js';
import { FakeAppRecords } from '../../fakes/fake-app-writer.js';
import { openTestOrm, type TestDatabase } from '../../support/db.js';
import { seededRandom } from '../../support/seeded-random.js';

let db: TestDatabase;
beforeAll(async () => { db = await openTestOrm(); }, 120_000);
afterAll(async () => { await db?.close(); });

const practices = [asId<'Practice'>('practice-a'), asId<'Practice'>('practice-b')];
const apps = ['ledger', 'practice-manager'];
const claimMs = 5 * 60_000;
const quiet = { warn: () => {}, error: () => {} };

describe('the outbox drain, killed at random points and restarted', () => {
  it('leaves zero duplicates in the app and every row done, at 120 seeded kill points', async () => {
    const random = seededRandom(20261203);
    const clock = fixedClock('2026-03-01T09:00:00Z');
    const ids = sequentialIds('w');
    const store = new MikroOrmOutboxStore(db.em());
    const transaction = mikroOrmUnitOfWork(db.orm.em, (tx) => ({ outbox: new MikroOrmOutboxStore(tx) }));
    const drainWith = (s: OutboxStore, writer: OutboxWriter) => createOutboxUseCases({
      store: s, transaction, writers: () => writer, budgets: { ledger: { perRun: 3, concurrency: 2 } }, defaultBudget: { perRun: 10, concurrency: 3 },
      appName: (app) => app, wake: async () => {}, clock, ids, jitter: () => 0.5, log: quiet, claimMs,
    });
    const app = new FakeAppRecords();
    let kills = 0;
    const seen = new Set<Point>();
    const expected: { practiceId: (typeof practices)[number]; id: string }[] = [];

    // Runs go on until 120 kills have landed (a point may not be reached in a run: the app was not down, say).
    for (let run = 0; kills < 120 && run < 400; run++) {
      for (let n = 0; n < 3; n++) {
        const entry = newOutboxEntry({
          practiceId: practices[n % 2]!, app: apps[Math.floor(random() * apps.length)]!, kind: 'invoice', sourceId: `schedule-${run}-${n}`, period: '2026-03', payload: { n },
        }, ids.next(), clock.now());
        expected.push({ practiceId: entry.practiceId, id: (await store.enqueue(entry)).id });
      }
      const point = points[Math.floor(random() * points.length)]!;
      const k = killSwitch(point, 1 + Math.floor(random() * 3));
      // The app is down now and then, so retries (and kills around them) happen too.
      const flaky = app.writer(() => random() < 0.15);

      await drainWith(dyingStore(store, k), dyingWriter(flaky, k)).drain().catch((error: unknown) => {
        if (!(error instanceof Killed)) throw error;
      });
      if (k.state.fired) { kills++; seen.add(point); }

      // Restarted: the dead drain's claims lapse, and retries fall due, as time passes.
      const restarted = drainWith(store, app.writer());
      for (let round = 0; round < 12 && (await store.dueApps(new Date(clock.now().getTime() + 10 * 3_600_000))).length; round++) {
        clock.advance(claimMs + 2 * 3_600_000);
        await restarted.drain();
      }
    }

    expect(app.duplicates()).toEqual([]);
    expect(kills).toBe(120);
    expect([...seen].sort()).toEqual([...points].sort());
    const rows = await Promise.all(expected.map((e) => store.get(e.practiceId, e.id)));
    expect(rows.filter((r) => r?.status !== 'done')).toEqual([]);
    expect(new Set(rows.map((r) => r!.externalId)).size).toBe(expected.length);
    expect(app.created).toHaveLength(expected.length);
    // About 6 s alone; the cap leaves room for a loaded machine.
  }, 60_000);
});
