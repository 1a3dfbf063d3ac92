import { beforeEach, describe, expect, it } from 'vitest';
import type { AppLinkStore } from '../../domain/practice/ports.js';
import { asId, type PracticeId } from '../../domain/shared/ids.js';
import type { AppClientInput } from '../../domain/sync/app-client.js';
import type { AppClientStore } from '../../domain/sync/ports.js';

export type AppClientStores = { appClients: AppClientStore; links: AppLinkStore };

const A = asId<'Practice'>('practice-a');
const B = asId<'Practice'>('practice-b');
const sage = 'sage';
const t0 = new Date('2026-03-01T09:00:00Z');
const t1 = new Date('2026-03-02T09:00:00Z');
const t2 = new Date('2026-03-03T09:00:00Z');

const record = (externalId: string, name: string, extra: Partial<AppClientInput> = {}): AppClientInput => ({ externalId, name, updatedAt: t0, ...extra });
const toImport = { view: 'to-import' as const, limit: 50, offset: 0 };
const link = (practiceId: PracticeId, externalId: string, clientId: string) =>
  ({ practiceId, provider: sage, externalId, clientId: asId<'Client'>(clientId), syncLevel: 'all' as const });

/** One behaviour for every AppClientStore: the in-memory fake and MikroORM alike. */
export function appClientStoreContract(name: string, open: () => Promise<AppClientStores>): void {
  describe(`${name} honours the app client store contract`, () => {
    let s: AppClientStores;
    let store: AppClientStore;
    const ids = async (q: Partial<Parameters<AppClientStore['list']>[2]> = {}) =>
      (await store.list(A, sage, { ...toImport, ...q })).items.map((r) => r.externalId);
    beforeEach(async () => {
      s = await open();
      store = s.appClients;
    });

    it('counts the records new to it and keeps every field it was given', async () => {
      const full = record('c1', 'Acme Ltd', { email: 'jo@acme.example', vatNumber: 'GB123456789', companyNumber: '01234567', reference: 'ACME001' });

      const first = await store.put(A, sage, [full, record('c2', 'Beta LLP')], t0);
      const again = await store.put(A, sage, [full, record('c3', 'Gamma Co')], t1);

      expect([first.added, again.added]).toEqual([2, 1]);
      expect(await store.get(A, sage, 'c1')).toEqual({ ...full, practiceId: A, provider: sage, firstSeenAt: t0 });
      expect(await store.get(A, sage, 'c2')).toEqual({ externalId: 'c2', name: 'Beta LLP', updatedAt: t0, practiceId: A, provider: sage, firstSeenAt: t0 });
      expect(await store.get(A, sage, 'missing')).toBeNull();
    });

    it('keeps the later of a record read twice in one put, and counts it once', async () => {
      const { added } = await store.put(A, sage, [record('c1', 'Acme Ltd'), record('c1', 'Acme Limited', { updatedAt: t1 })], t1);

      expect(added).toBe(1);
      expect(await store.get(A, sage, 'c1')).toMatchObject({ name: 'Acme Limited', updatedAt: t1 });
    });

    it('brings a record up to date, keeping when it was first seen and its "Don\'t import"', async () => {
      await store.put(A, sage, [record('c1', 'Acme Ltd', { email: 'old@acme.example', reference: 'ACME001' })], t0);
      await store.setHidden(A, sage, 'c1', t0);

      const { added } = await store.put(A, sage, [record('c1', 'Acme Limited', { updatedAt: t1 })], t1);

      expect(added).toBe(0);
      expect(await store.get(A, sage, 'c1')).toEqual({
        practiceId: A, provider: sage, externalId: 'c1', name: 'Acme Limited', updatedAt: t1, firstSeenAt: t0, hiddenAt: t0,
      });
    });

    it('brings back a record deleted in the app when it is read again', async () => {
      await store.put(A, sage, [record('c1', 'Acme Ltd')], t0);
      await store.markDeleted(A, sage, ['c1'], t1);

      const { added } = await store.put(A, sage, [record('c1', 'Acme Ltd', { updatedAt: t2 })], t2);

      expect(added).toBe(0);
      expect((await store.get(A, sage, 'c1'))?.deletedAt).toBeUndefined();
      expect(await ids()).toEqual(['c1']);
    });

    it('marks records deleted once, keeping the first date, and ignores ids it does not have', async () => {
      await store.put(A, sage, [record('c1', 'Acme Ltd'), record('c2', 'Beta LLP')], t0);

      await store.markDeleted(A, sage, ['c1', 'unknown'], t1);
      await store.markDeleted(A, sage, ['c1'], t2);
      await store.markDeleted(A, sage, [], t2);

      expect((await store.get(A, sage, 'c1'))?.deletedAt).toEqual(t1);
      expect((await store.get(A, sage, 'c2'))?.deletedAt).toBeUndefined();
      expect(await store.get(A, sage, 'unknown')).toBeNull();
    });

    it('lists what is left to import: never the linked, hidden or deleted', async () => {
      await store.put(A, sage, ['free', 'linked', 'hidden', 'gone'].map((id) => record(id, `${id} Ltd`)), t0);
      await s.links.save(link(A, 'linked', 'client-1'));
      await store.setHidden(A, sage, 'hidden', t1);
      await store.markDeleted(A, sage, ['gone'], t1);

      expect(await store.list(A, sage, toImport)).toMatchObject({ items: [{ externalId: 'free' }], total: 1 });
    });

    it('lists the hidden in their own view, without the linked', async () => {
      await store.put(A, sage, ['free', 'hidden', 'hidden-gone', 'hidden-linked'].map((id) => record(id, `${id} Ltd`)), t0);
      for (const id of ['hidden', 'hidden-gone', 'hidden-linked']) await store.setHidden(A, sage, id, t1);
      await store.markDeleted(A, sage, ['hidden-gone'], t1);
      await s.links.save(link(A, 'hidden-linked', 'client-1'));

      expect(await ids({ view: 'hidden' })).toEqual(['hidden', 'hidden-gone']);
    });

    it('brings a hidden record back, and says when there is no such record', async () => {
      await store.put(A, sage, [record('c1', 'Acme Ltd')], t0);

      const hidden = await store.setHidden(A, sage, 'c1', t1);
      const listedWhileHidden = await ids();
      const back = await store.setHidden(A, sage, 'c1', null);

      expect([hidden, back]).toEqual([true, true]);
      expect(listedWhileHidden).toEqual([]);
      expect(await ids()).toEqual(['c1']);
      expect((await store.get(A, sage, 'c1'))?.hiddenAt).toBeUndefined();
      expect(await store.setHidden(A, sage, 'missing', t1)).toBe(false);
    });

    it('searches name, email and reference in any case, taking wildcards literally', async () => {
      await store.put(A, sage, [
        record('c1', 'Acme Ltd'),
        record('c2', 'Beta LLP', { email: 'ACCOUNTS@acme.example' }),
        record('c3', 'Gamma Co', { reference: 'acme-003' }),
        record('c4', 'Delta 100% Ltd'),
        record('c5', 'Epsilon_Co'),
      ], t0);

      expect(await ids({ search: '  aCmE ' })).toEqual(['c1', 'c2', 'c3']);
      expect(await ids({ search: '100%' })).toEqual(['c4']);
      expect(await ids({ search: '%' })).toEqual(['c4']);
      expect(await ids({ search: 'n_c' })).toEqual(['c5']);
      expect(await ids({ search: 'zzz' })).toEqual([]);
    });

    it('finds a name as matching reads it: "Limited" for "Ltd", "and" for "&"', async () => {
      await store.put(A, sage, [record('c1', 'Acme Co Ltd'), record('c2', 'Hale & Sons'), record('c3', 'Acme Cobalt')], t0);

      expect(await ids({ search: 'acme co limited' })).toEqual(['c1']);
      expect(await ids({ search: 'Hale and Sons' })).toEqual(['c2']);
    });

    it('pages in name order, then by id, with the total of the whole view', async () => {
      await store.put(A, sage, [
        record('c3', 'beta LLP'), record('c1', 'Zed Bakery'), record('c2', 'Acme Ltd'), record('c0', 'Beta LLP'), record('c9', 'Mid Co'),
      ], t0);

      const first = await store.list(A, sage, { ...toImport, limit: 2, offset: 0 });
      const second = await store.list(A, sage, { ...toImport, limit: 2, offset: 2 });
      const beyond = await store.list(A, sage, { ...toImport, limit: 2, offset: 10 });

      expect(first.items.map((r) => r.externalId)).toEqual(['c2', 'c0']);
      expect(second.items.map((r) => r.externalId)).toEqual(['c3', 'c9']);
      expect([first.total, second.total, beyond.total]).toEqual([5, 5, 5]);
      expect(beyond.items).toEqual([]);
    });

    it('keeps each practice and app to itself', async () => {
      await store.put(A, sage, [record('c1', 'Acme Ltd')], t0);
      await store.put(B, sage, [record('c1', 'Other Acme')], t1);
      await store.put(A, 'xpm', [record('c1', 'Acme in XPM')], t1);
      await s.links.save(link(B, 'c1', 'client-b'));

      expect((await store.get(A, sage, 'c1'))?.name).toBe('Acme Ltd');
      expect(await ids()).toEqual(['c1']);
      expect((await store.list(B, sage, toImport)).total).toBe(0);
    });

    it('remembers "not the same" once, and finds it by record', async () => {
      const no = { externalId: 'c1', clientId: asId<'Client'>('client-1') };
      await store.rejectMatch(A, sage, no);
      await store.rejectMatch(A, sage, no);
      await store.rejectMatch(A, sage, { externalId: 'c1', clientId: asId<'Client'>('client-2') });
      await store.rejectMatch(A, sage, { externalId: 'c2', clientId: asId<'Client'>('client-1') });
      await store.rejectMatch(A, 'xpm', { externalId: 'c3', clientId: asId<'Client'>('client-1') });

      const all = await store.rejectedMatches(A, sage);
      const forC1 = await store.rejectedMatches(A, sage, ['c1', 'unknown']);

      expect(all).toHaveLength(3);
      expect(all).toEqual(expect.arrayContaining([no, { externalId: 'c2', clientId: 'client-1' }]));
      expect(forC1).toEqual(expect.arrayContaining([no, { externalId: 'c1', clientId: 'client-2' }]));
      expect(forC1).toHaveLength(2);
      expect(await store.rejectedMatches(A, sage, [])).toEqual([]);
      expect(await store.rejectedMatches(B, sage)).toEqual([]);
    });

    it('reads 5,000 records in one put and counts only the new ones the second time', async () => {
      const many = Array.from({ length: 5_000 }, (_, i) => record(`r${i}`, `Customer ${String(i).padStart(4, '0')}`, { email: `r${i}@example.com` }));

      const first = await store.put(A, sage, many, t0);
      const second = await store.put(A, sage, [...many.slice(0, 10), record('new', 'New Ltd')], t1);

      expect([first.added, second.added]).toEqual([5_000, 1]);
      expect((await store.list(A, sage, { ...toImport, limit: 1, offset: 4_999 })).items.map((r) => r.name)).toEqual(['Customer 4999']);
    }, 20_000);
  });
}
