import { beforeEach, describe, expect, it } from 'vitest';
import type { Client } from '../../domain/practice/client.js';
import type { AppLink } from '../../domain/practice/connection.js';
import type { AppLinkStore, ClientStore } from '../../domain/practice/ports.js';
import { asId } from '../../domain/shared/ids.js';

export type LinkSyncStores = { clients: ClientStore; links: AppLinkStore };

const at = new Date('2026-03-01T09:00:00Z');
const later = new Date('2026-03-02T09:00:00Z');
const A = asId<'Practice'>('practice-a');
const acme: Client = { id: asId('c1'), practiceId: A, status: 'client', name: 'Acme Ltd', phone: '1', createdAt: at, updatedAt: at };
const link: AppLink = { practiceId: A, provider: 'xpm', externalId: 'xpm-1', clientId: acme.id, syncLevel: 'all' };
const synced: AppLink = {
  ...link,
  baseline: { name: 'Acme Ltd', phone: '1', fax: null, streetAddress: { line1: '1 High St', city: 'Leeds', postcode: 'LS1 1AA', country: 'GB' } },
  pending: { fax: { from: null, to: '9' } },
  conflicts: [{ field: 'phone', ours: '2', theirs: '3', baseline: '1' }],
};

/** What every AppLinkStore keeps of a link's sync state, and how it saves a sync's outcome. */
export function linkSyncStateContract(name: string, open: () => Promise<LinkSyncStores>): void {
  describe(`${name} keeps each link's sync state`, () => {
    let s: LinkSyncStores;
    beforeEach(async () => {
      s = await open();
      await s.clients.save(acme);
    });

    it('reads a never-synced link without a baseline, and a synced one with all it remembers', async () => {
      await s.links.save(link);
      expect(await s.links.find(A, 'xpm', 'xpm-1')).toEqual(link);

      await s.links.save(synced);
      expect(await s.links.find(A, 'xpm', 'xpm-1')).toEqual(synced);
    });

    it('tells an empty baseline (synced, nothing agreed) from none', async () => {
      await s.links.save({ ...link, baseline: {} });

      expect((await s.links.find(A, 'xpm', 'xpm-1'))?.baseline).toEqual({});
    });

    it('lists only the links with open conflicts', async () => {
      await s.links.save(synced);
      await s.links.save({ ...link, externalId: 'xpm-2', baseline: {}, conflicts: [] });

      expect((await s.links.withConflicts(A)).map((l) => l.externalId)).toEqual(['xpm-1']);
    });

    it('saves a sync outcome: the link\'s state and its client together', async () => {
      const renamed = { ...acme, name: 'Acme Holdings Ltd', updatedAt: later };

      const r = await s.links.saveSyncOutcome(synced, renamed);

      expect(r).toEqual({ ok: true, value: undefined });
      expect(await s.clients.get(A, acme.id)).toEqual(renamed);
      expect(await s.links.find(A, 'xpm', 'xpm-1')).toEqual(synced);
    });

    it('saves only the link when the client did not change', async () => {
      await s.links.saveSyncOutcome(synced, null);

      expect(await s.links.find(A, 'xpm', 'xpm-1')).toEqual(synced);
      expect(await s.clients.get(A, acme.id)).toEqual(acme);
    });

    it('writes neither when the client\'s new name is another client\'s', async () => {
      await s.clients.save({ ...acme, id: asId('c2'), name: 'Beta Ltd' });
      await s.links.save(link);

      const r = await s.links.saveSyncOutcome(synced, { ...acme, name: 'beta ltd', updatedAt: later });

      expect(r).toMatchObject({ ok: false, error: { kind: 'name-taken', existing: { id: 'c2' } } });
      expect(await s.clients.get(A, acme.id)).toEqual(acme);
      expect(await s.links.find(A, 'xpm', 'xpm-1')).toEqual(link);
    });
  });
}
