import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asId } from '../../../domain/shared/ids.js';
import { card } from '../../../src/cards.js';
import type { NotificationRoute, OutboxEntry } from '../../../src/chat-setup/ports.js';
import { MikroOrmDeliveryLedger, MikroOrmNotificationOutbox, MikroOrmNotificationRouteStore } from '../../../adapters/db/chat-stores.js';
import { InMemoryDeliveryLedger, InMemoryNotificationOutbox, InMemoryNotificationRouteStore } from '../../fakes/in-memory-chat.js';
import { openTestOrm, type TestDatabase } from '../../support/db.js';

let db: TestDatabase;
beforeAll(async () => { db = await openTestOrm(); }, 120_000);
afterAll(async () => { await db?.close(); });

const p1 = asId<'Practice'>('p1');
const p2 = asId<'Practice'>('p2');
const t0 = new Date('2026-11-22T09:00:00Z');
const route = (over: Partial<NotificationRoute> = {}): NotificationRoute => ({
  practiceId: p1, event: 'sync.failed', platform: 'slack', channelName: '#general', createdBy: 'ann', createdAt: t0,
  target: { platform: 'slack', ref: { team: 'T1', channel: 'C1' } }, ...over,
});
const entry = (over: Partial<OutboxEntry> = {}): OutboxEntry => ({
  id: 'o1', practiceId: p1, event: 'sync.failed', target: route().target, card: card('Sync failed', { tone: 'error' }),
  attempts: 3, nextAttemptAt: t0, lastError: 'slack http 503', status: 'pending', createdAt: t0, ...over,
});

const contracts = [
  ['in memory', () => ({ ledger: new InMemoryDeliveryLedger(), routes: new InMemoryNotificationRouteStore(), outbox: new InMemoryNotificationOutbox() })],
  ['PostgreSQL', () => { const em = db.em(); return { ledger: new MikroOrmDeliveryLedger(em), routes: new MikroOrmNotificationRouteStore(em), outbox: new MikroOrmNotificationOutbox(em) }; }],
] as const;

describe.each(contracts)('chat stores (%s)', (_name, make) => {
  it('claims a delivery key once until its time is up', async () => {
    const { ledger } = make();
    const key = `trigger:${Math.random()}`;

    const first = await ledger.claim('T1', key, t0, 60_000);
    const again = await ledger.claim('T1', key, new Date(t0.getTime() + 59_000), 60_000);
    const otherTeam = await ledger.claim('T2', key, t0, 60_000);
    const afterTtl = await ledger.claim('T1', key, new Date(t0.getTime() + 61_000), 60_000);

    expect([first, again, otherTeam, afterTtl]).toEqual([true, false, true, true]);
  });

  it('keeps one route per practice, event and platform, and never shows one practice another\'s', async () => {
    const { routes } = make();
    await routes.save(route());
    await routes.save(route({ channelName: '#billing', target: { platform: 'slack', ref: { team: 'T1', channel: 'C2' } } }));
    await routes.save(route({ practiceId: p2 }));

    const mine = await routes.forEvent(p1, 'sync.failed');

    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ channelName: '#billing', target: { platform: 'slack', ref: { channel: 'C2' } } });
    await routes.remove(p1, 'sync.failed', 'slack');
    expect(await routes.list(p1)).toHaveLength(0);
    expect(await routes.list(p2)).toHaveLength(1);
  });

  it('returns due pending outbox entries only, and updates them in place', async () => {
    const { outbox } = make();
    const id = `o-${Math.random()}`;
    await outbox.add(entry({ id }));
    await outbox.add(entry({ id: `${id}-later`, nextAttemptAt: new Date(t0.getTime() + 60_000) }));
    await outbox.add(entry({ id: `${id}-dead`, status: 'dead' }));

    const due = (await outbox.due(p1, t0, 10)).filter((e) => e.id.startsWith(id));
    await outbox.save({ ...due[0]!, attempts: 4, status: 'dead' });

    expect(due.map((e) => e.id)).toEqual([id]);
    expect(due[0]!.card.title).toBe('Sync failed');
    expect((await outbox.list(p1)).find((e) => e.id === id)).toMatchObject({ attempts: 4, status: 'dead' });
    expect(await outbox.due(p2, t0, 10)).toHaveLength(0);
  });
});

describe('chat schema', () => {
  it('matches the entities after all migrations', async () => {
    const diff = await db.orm.schema.getUpdateSchemaSQL({ wrap: false, safe: true });

    expect(diff.split('\n').filter((l) => /chat_delivery|notification_/.test(l))).toEqual([]);
  });
});
