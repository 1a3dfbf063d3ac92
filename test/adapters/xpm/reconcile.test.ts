/**
 * XPM's first sync and full reconcile against the XPM sandbox over loopback: the first sync reads
 * paged-list (live clients only), later ones `list?modifiedsince`; once a week the live UUIDs are
 * compared with the practice's links, and each linked client XPM archived or deleted is reported
 * once, told apart by `get/{uuid}`.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reconcileEveryMs, reconcileKey } from '../../../adapters/xpm/reconcile.js';
import type { AppConnection } from '../../../domain/practice/connection.js';
import { asId, type PracticeId } from '../../../domain/shared/ids.js';
import type { AccountResult, AccountSyncContext, RegisteredApp } from '../../../src/apps/app.js';
import { type XpmApiHost } from '../../../src/compose-sandboxes.js';
import { InMemoryPracticeFlags } from '../../fakes/in-memory-apps.js';
import { connectedXpm } from './connected-sandbox.js';

const practiceId: PracticeId = asId('pr-xpm');
const day = 86_400_000;
let host: XpmApiHost;
let xpm: RegisteredApp;
let connection: AppConnection;
let flags: InMemoryPracticeFlags;
/** The registration's clock runs this far ahead of the sandbox's real one: days pass without waiting. */
let ahead = 0;
/** The practice's links here: XPM UUID → client name. */
let links: Map<string, string>;

beforeEach(async () => {
  ahead = 0;
  links = new Map();
  flags = new InMemoryPracticeFlags();
  ({ host, xpm, connection } = await connectedXpm(practiceId, { clock: { now: () => new Date(Date.now() + ahead) } }, flags));
});
afterEach(() => host.close());

const sandbox = () => host.sandbox!;
const route = (path: string) => sandbox().calls.byRoute.get(`GET /practicemanager/3.1/client.api/${path}`) ?? 0;

/** One sync; each client brought in is linked, as the shared sync does. */
const syncOnce = async () => {
  sandbox().calls.reset();
  const ctx: AccountSyncContext = {
    practiceId, today: '2026-06-15', token: async () => connection.tokens.accessToken, relabel: async () => {},
    bringIn: async (record) => { links.set(record.externalId, record.name); return { kind: 'unchanged', company: connection.label, client: record.name }; },
    changedHere: async () => [],
    linkedIds: async () => [...links.keys()],
    linkedClient: async (uuid) => links.get(uuid) ?? null,
  };
  return [await xpm.adapters.syncAccount!(connection, ctx)].flat() as AccountResult[];
};
const gone = (results: readonly AccountResult[]) => results.filter((r) => r.kind === 'gone' || r.kind === 'failed');

/** XPM archives or deletes a client without dating it: only a full reconcile can find it. */
const quietly = (name: string, change: 'isArchived' | 'isDeleted') => {
  const c = sandbox().clients().find((x) => x.name === name)!;
  c[change] = true;
};

describe('the first XPM sync', () => {
  it('reads the live clients from paged-list, and counts as the first reconcile', async () => {
    const results = await syncOnce();

    const live = sandbox().clients().filter((c) => !c.isArchived && !c.isDeleted);
    expect([...links.keys()].sort()).toEqual(live.map((c) => c.uuid).sort());
    expect(gone(results)).toEqual([]);
    // 40 clients are one page; the full list (archived and deleted ones too) is never read.
    expect({ paged: route('paged-list'), list: route('list'), total: sandbox().calls.total }).toEqual({ paged: 1, list: 0, total: 1 });
    expect(await flags.get(practiceId, reconcileKey(connection.externalId))).not.toBeNull();
  });
});

describe('the weekly XPM reconcile', () => {
  it('reports each linked client XPM archived or deleted once, a week after the last reconcile, by its name here', async () => {
    await syncOnce();
    const [a, b] = [...links.keys()].map((uuid) => sandbox().clients().find((c) => c.uuid === uuid)!);
    links.set(b!.uuid, 'Beta Renamed Here Ltd');
    quietly(a!.name, 'isArchived');
    quietly(b!.name, 'isDeleted');

    ahead = day;
    expect(gone(await syncOnce())).toEqual([]);
    // A daily sync with nothing dated since the mark: the changed list alone.
    expect(sandbox().calls.total).toBe(1);

    ahead = reconcileEveryMs + 1_000;
    const found = gone(await syncOnce());

    expect(found).toEqual([
      { kind: 'gone', company: connection.label, client: a!.name, state: 'archived' },
      { kind: 'gone', company: connection.label, client: 'Beta Renamed Here Ltd', state: 'deleted' },
    ]);
    // The changed list, the live UUIDs (one page) and one get for each linked client missing from them.
    expect({ list: route('list'), paged: route('paged-list'), get: route('get/:uuid') }).toEqual({ list: 1, paged: 1, get: 2 });

    ahead = 2 * reconcileEveryMs + 2_000;
    expect(gone(await syncOnce())).toEqual([]);
    // The deleted one is final: the next week asks XPM about the archived one alone.
    expect(route('get/:uuid')).toBe(1);
  });

  it('reports a client again when it comes back and goes once more, and an archived one later deleted', async () => {
    await syncOnce();
    const target = sandbox().clients().find((c) => links.has(c.uuid))!;
    quietly(target.name, 'isArchived');
    ahead = reconcileEveryMs + 1_000;
    expect(gone(await syncOnce()).map((r) => r.kind === 'gone' && r.state)).toEqual(['archived']);

    quietly(target.name, 'isDeleted');
    ahead = 2 * reconcileEveryMs + 2_000;
    expect(gone(await syncOnce()).map((r) => r.kind === 'gone' && r.state)).toEqual(['deleted']);
  });

  it('reports a linked client the daily read sees archived at once, without waiting for the reconcile', async () => {
    await syncOnce();
    const target = sandbox().clients().find((c) => links.has(c.uuid))!;
    sandbox().practice.archive(target.uuid);

    const found = gone(await syncOnce());

    expect(found).toEqual([{ kind: 'gone', company: connection.label, client: target.name, state: 'archived' }]);
    expect(sandbox().calls.total).toBe(1);
    expect(gone(await syncOnce())).toEqual([]);
  });

  it('never reports an archived client that was never linked here', async () => {
    await syncOnce();
    const stranger = sandbox().clients().find((c) => c.isArchived)!;
    expect(links.has(stranger.uuid)).toBe(false);
    sandbox().practice.edit(stranger.uuid, { phone: '0117 496 0001' });

    expect(gone(await syncOnce())).toEqual([]);
  });
});
