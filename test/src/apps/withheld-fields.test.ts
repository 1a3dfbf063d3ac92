import { describe, expect, it } from 'vitest';
import { asId, type PracticeId } from '../../../domain/shared/ids.js';
import type { SyncedRecord } from '../../../domain/sync/synced-record.js';
import { syncCompany } from '../../../src/apps/sync-company.js';
import { fixedClock, sequentialIds } from '../../fakes/clock.js';
import { InMemoryAppLinkStore, InMemoryClientStore } from '../../fakes/in-memory-clients.js';
import { InMemoryAuditLog } from '../../fakes/in-memory-practice.js';

/**
 * XPM's partner and manager come in only when they are users here: a staff member who is not is
 * withheld, and our client keeps its own partner, while a change of ours still goes out.
 */
const practiceId: PracticeId = asId('pr-1');
const jo = { name: 'Jo Bloggs', externalId: 'staff-jo' };
const sam = { name: 'Sam Lee', externalId: 'staff-sam' };
const kim = { name: 'Kim Park', externalId: 'staff-kim' };

const world = () => {
  const clients = new InMemoryClientStore();
  const writes: { values: Record<string, unknown> }[] = [];
  const d = {
    app: 'xpm', fields: { name: 'two-way', partner: 'two-way' } as const,
    clients, links: new InMemoryAppLinkStore(clients), audit: new InMemoryAuditLog(),
    clock: fixedClock('2026-06-15T10:00:00Z'), ids: sequentialIds('cl'),
    writes: { record: async (w: { payload?: unknown; values?: unknown }) => { writes.push(w as never); }, wake: async () => {} },
  };
  const read = (partner: typeof jo | undefined, withheld?: readonly string[]): SyncedRecord =>
    ({ externalId: 'x-1', name: 'Acme Ltd', fetchedAt: d.clock.now(), ...(partner ? { partner } : {}), ...(withheld ? { withheld } : {}) });
  const client = async () => (await clients.findByName(practiceId, 'Acme Ltd'))[0]!;
  return { d, read, client, writes };
};

describe('a partner XPM has who is no user here', () => {
  it('is not brought in with a new client', async () => {
    const w = world();

    await syncCompany(w.d, practiceId, w.read(undefined, ['partner']));

    expect((await w.client()).partner).toBeUndefined();
  });

  it('leaves our partner as it is, with no conflict and nothing written', async () => {
    const w = world();
    await syncCompany(w.d, practiceId, w.read(jo));

    const r = await syncCompany(w.d, practiceId, w.read(undefined, ['partner']));

    expect(r.kind).toBe('unchanged');
    expect((await w.client()).partner).toEqual(jo);
    const link = await w.d.links.find(practiceId, 'xpm', 'x-1');
    expect(link!.conflicts ?? []).toEqual([]);
    expect(link!.pending ?? {}).toEqual({});
  });

  it('still lets a partner changed here go out to XPM', async () => {
    const w = world();
    await syncCompany(w.d, practiceId, w.read(jo));
    const ours = await w.client();
    await w.d.clients.save({ ...ours, partner: sam, updatedAt: w.d.clock.now() });

    await syncCompany(w.d, practiceId, w.read(undefined, ['partner']));

    const link = await w.d.links.find(practiceId, 'xpm', 'x-1');
    expect(link!.pending).toMatchObject({ partner: { to: sam } });
  });

  it('comes in once they are a user here', async () => {
    const w = world();
    await syncCompany(w.d, practiceId, w.read(jo));
    await syncCompany(w.d, practiceId, w.read(undefined, ['partner']));

    const r = await syncCompany(w.d, practiceId, w.read(kim));

    expect(r.kind).toBe('updated');
    expect((await w.client()).partner).toEqual(kim);
  });
});
