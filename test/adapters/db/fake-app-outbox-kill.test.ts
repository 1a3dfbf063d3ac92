/**
 * The kill test again, with an app's own writer: the fake app's 'client' writer (look up by our
 * reference, then create) over its HTTP API, against the real PostgreSQL outbox. The drain is killed
 * at seeded random points — between the app's create and our record of its id among them — and a
 * fresh drain finishes the work: the app ends with exactly one client per write.
 */
import type { AppConnection } from '../../../domain/practice/connection.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newOutboxEntry } from '../../../domain/outbox/entry.js';
import type { OutboxStore, OutboxWriter } from '../../../domain/outbox/ports.js';
import { asId } from '../../../domain/shared/ids.js';
import { MikroOrmOutboxStore } from '../../../adapters/db/outbox-store.js';
import { mikroOrmUnitOfWork } from '../../../adapters/db/unit-of-work.js';
import type { ClientWritePayload } from '../../../src/apps/owed-writes.js';
import { createOutboxUseCases } from '../../../src/outbox/use-cases.js';
import { fixedClock, sequentialIds } from '../../fakes/clock.js';
import { fakeAppApi, fakeAppId, fakeClientWriter } from '../../fakes/fake-app/registration.js';
import { FakeOutsideApp } from '../../fakes/fake-app/service.js';
import { openTestOrm, type TestDatabase } from '../../support/db.js';
import { dyingStore, dyingWriter, Killed, killPoints, killSwitch, type KillPoint } from '../../support/kill-switch.js';
import { seededRandom } from '../../support/seeded-random.js';

let db: TestDatabase;
beforeAll(async () => { db = await openTestOrm(); }, 120_000);
afterAll(async () => { await db?.close(); });

const practiceId = asId<'Practice'>('practice-fake');
const claimMs = 5 * 60_000;
const quiet = { warn: () => {}, error: () => {} };

describe('the fake app\'s writer through the outbox, killed at random points and restarted', () => {
  it('leaves the app with one client per write, at 100 seeded kill points', async () => {
    const random = seededRandom(20261215);
    const clock = fixedClock('2026-03-01T09:00:00Z');
    const ids = sequentialIds('fw');
    const fake = new FakeOutsideApp();
    const api = fakeAppApi(fake, { clock });
    const granted = await api.auth('https://bot.test/oauth/fakeapp/callback').exchangeCode(new URL(fake.approve(fake.authorizeUrl('s', 'https://bot.test/cb'))).searchParams.get('code')!, clock.now());
    if (!granted.ok) throw new Error(granted.error.detail);
    const token = async () => granted.value.accessToken;
    const connection: AppConnection = {
      id: asId('conn-fake'), practiceId, provider: 'fakeapp', externalId: 'fake-account', label: 'Fake account', status: 'active',
      tokens: granted.value, settings: {}, connectedAt: clock.now(),
    };
    const clientWriter = fakeClientWriter(api);
    const writer = (down: () => boolean): OutboxWriter => ({
      lookup: async (e) => { if (down()) throw Object.assign(new Error('fake app is down'), { kind: 'app-down' }); return clientWriter.lookup(e, token, connection); },
      create: async (e) => { if (down()) throw Object.assign(new Error('fake app is down'), { kind: 'app-down' }); return clientWriter.create(e, token, connection); },
    });
    const store = new MikroOrmOutboxStore(db.em());
    const transaction = mikroOrmUnitOfWork(db.orm.em, (tx) => ({ outbox: new MikroOrmOutboxStore(tx) }));
    const drainWith = (s: OutboxStore, w: OutboxWriter) => createOutboxUseCases({
      store: s, transaction, writers: () => w, budgets: { [fakeAppId]: { perRun: 3, concurrency: 2 } },
      appName: (app) => app, wake: async () => {}, clock, ids, jitter: () => 0.5, log: quiet, claimMs,
    });
    let kills = 0;
    const seen = new Set<KillPoint>();
    const references: string[] = [];

    for (let run = 0; kills < 100 && run < 400; run++) {
      for (let n = 0; n < 3; n++) {
        const reference = `client-${run}-${n}`;
        const payload: ClientWritePayload = { externalId: null, reference, name: `Client ${run}.${n}`, values: { email: `c${run}.${n}@example.test` } };
        await store.enqueue(newOutboxEntry({ practiceId, app: fakeAppId, kind: 'client', sourceId: reference, period: 'new', payload }, ids.next(), clock.now()));
        references.push(reference);
      }
      const point = killPoints[Math.floor(random() * killPoints.length)]!;
      const k = killSwitch(point, 1 + Math.floor(random() * 3));
      await drainWith(dyingStore(store, k), dyingWriter(writer(() => random() < 0.15), k)).drain().catch((error: unknown) => {
        if (!(error instanceof Killed)) throw error;
      });
      if (k.state.fired) { kills++; seen.add(point); }

      const restarted = drainWith(store, writer(() => false));
      for (let round = 0; round < 12 && (await store.dueApps(new Date(clock.now().getTime() + 10 * 3_600_000))).length; round++) {
        clock.advance(claimMs + 2 * 3_600_000);
        await restarted.drain();
      }
    }

    const byReference = new Map<string, number>();
    for (const r of fake.records.values()) byReference.set(r.reference!, (byReference.get(r.reference!) ?? 0) + 1);
    expect([...byReference].filter(([, n]) => n > 1)).toEqual([]);
    expect(kills).toBe(100);
    expect(killPoints.filter((p) => !seen.has(p))).toEqual([]);
    expect(fake.records.size).toBe(references.length);
    expect([...byReference.keys()].sort()).toEqual([...references].sort());
  }, 90_000);
});
