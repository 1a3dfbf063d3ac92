import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asId } from '../../../domain/shared/ids.js';
import { MikroOrmChatThreadStore } from '../../../adapters/db/chat-thread-store.js';
import type { ThreadSpot } from '../../../src/threads.js';
import { InMemoryChatThreadStore } from '../../fakes/in-memory-chat-threads.js';
import { openTestOrm, type TestDatabase } from '../../support/db.js';

let db: TestDatabase;
beforeAll(async () => { db = await openTestOrm(); }, 120_000);
afterAll(async () => { await db?.close(); });

const t0 = new Date('2026-12-05T12:00:00Z');
let n = 0;
const spot = (over: Partial<ThreadSpot> = {}): ThreadSpot =>
  ({ practiceId: asId('p1'), platform: 'slack', place: 'C1', key: `proposal:pr-${++n}`, ...over });

const stores = [
  ['in memory', () => [new InMemoryChatThreadStore()]],
  // Separate entity managers, as two drains in two processes would have.
  ['PostgreSQL', () => Array.from({ length: 5 }, () => new MikroOrmChatThreadStore(db.em()))],
] as const;

describe.each(stores)('chat thread store (%s)', (_name, make) => {
  it('keeps the first root of a thread, per conversation', async () => {
    const [store] = make();
    const s = spot();

    expect(await store!.rootOf(s)).toBeNull();
    expect(await store!.claimRoot(s, '100.1', t0)).toBe('100.1');
    expect(await store!.claimRoot(s, '200.2', t0)).toBe('100.1');
    expect(await store!.claimRoot({ ...s, place: 'C2' }, '300.3', t0)).toBe('300.3');
    expect(await store!.claimRoot({ ...s, practiceId: asId('p2') }, '400.4', t0)).toBe('400.4');
    expect(await store!.rootOf(s)).toBe('100.1');
  });

  it('settles posts racing to be the root on one of them', async () => {
    const all = make();
    const s = spot();

    const standing = await Promise.all(Array.from({ length: 10 }, (_, i) => all[i % all.length]!.claimRoot(s, `${i}.0`, t0)));

    expect(new Set(standing).size).toBe(1);
    expect(await all[0]!.rootOf(s)).toBe(standing[0]);
  });

  it('replaces a lost root once, however many posts find it gone', async () => {
    const all = make();
    const s = spot({ platform: 'teams', place: '19:c@thread.tacv2' });
    await all[0]!.claimRoot(s, 'gone-1', t0);

    const standing = await Promise.all(['new-a', 'new-b', 'new-c'].map((ref, i) => all[i % all.length]!.replaceRoot(s, 'gone-1', ref, t0)));

    expect(new Set(standing).size).toBe(1);
    expect(['new-a', 'new-b', 'new-c']).toContain(standing[0]);
    expect(await all[0]!.rootOf(s)).toBe(standing[0]);
  });

  it('keeps the conversation a thread started in as its home', async () => {
    const [store] = make();
    const key = spot().key;
    const first = { platform: 'slack' as const, ref: { team: 'T1', channel: 'C7' } };

    await store!.setHome(asId('p1'), key, first, t0);
    await store!.setHome(asId('p1'), key, { platform: 'slack', ref: { team: 'T1', channel: 'C8' } }, t0);

    expect(await store!.homeOf(asId('p1'), key)).toEqual(first);
    expect(await store!.homeOf(asId('p2'), key)).toBeNull();
  });
});
