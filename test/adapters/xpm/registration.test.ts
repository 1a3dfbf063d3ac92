/**
 * XPM's registration against the XPM sandbox over loopback: the incremental sync (everything the
 * first time, then only what changed in XPM or here since the mark, archived and deleted clients
 * never brought in) and the outbox's client writer (read-modify-write, looked up before it writes,
 * a lead without an XPM client refused).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { xpmChanges } from '../../../adapters/xpm/client-writer.js';
import { registerXpm } from '../../../adapters/xpm/registration.js';
import { newOutboxEntry } from '../../../domain/outbox/entry.js';
import type { AppConnection } from '../../../domain/practice/connection.js';
import { asId, type PracticeId } from '../../../domain/shared/ids.js';
import type { SyncedRecord } from '../../../domain/sync/synced-record.js';
import type { AccountResult, AccountSyncContext, RegisteredApp } from '../../../src/apps/app.js';
import type { ClientWritePayload } from '../../../src/apps/owed-writes.js';
import { type XpmApiHost } from '../../../src/compose-sandboxes.js';
import { InMemoryAppDirectory, InMemoryUserAppLinkStore } from '../../fakes/in-memory-app-directory.js';
import { connectedXpm, xpmTestContext } from './connected-sandbox.js';

const practiceId: PracticeId = asId('pr-xpm');
let host: XpmApiHost;
let xpm: RegisteredApp;
let connection: AppConnection;

beforeEach(async () => {
  // The sandbox dates its edits by the real clock, so the registration reads by it too.
  ({ host, xpm, connection } = await connectedXpm(practiceId, { clock: { now: () => new Date() } }));
});
afterEach(() => host.close());

const sandbox = () => host.sandbox!;
const token = async () => connection.tokens.accessToken;

/** One sync, the shared side recorded: `changedHere` answers the given XPM ids. */
const syncOnce = async (changedHere: readonly string[] = []) => {
  const brought: SyncedRecord[] = [];
  const ctx: AccountSyncContext = {
    practiceId, today: '2026-06-15', token, relabel: async () => {},
    bringIn: async (record) => { brought.push(record); return { kind: 'unchanged', company: record.name, client: record.name }; },
    changedHere: async () => changedHere,
  };
  const results = [await xpm.adapters.syncAccount!(connection, ctx)].flat() as AccountResult[];
  return { brought, results };
};

describe('the XPM sync', () => {
  it('brings every live client in the first time, and no archived or deleted one', async () => {
    const { brought, results } = await syncOnce();

    const live = sandbox().clients().filter((c) => !c.isArchived && !c.isDeleted);
    expect(results.filter((r) => r.kind === 'failed')).toEqual([]);
    expect(brought.map((r) => r.externalId).sort()).toEqual(live.map((c) => c.uuid).sort());
    expect(live.length).toBeLessThan(sandbox().clients().length);
  });

  it('then reads only what changed in XPM since the last sync began, and what changed here', async () => {
    await syncOnce();
    const [edited, ours] = sandbox().clients().filter((c) => !c.isArchived && !c.isDeleted);
    sandbox().practice.edit(edited!.uuid, { fax: '0117 496 0999' });
    sandbox().calls.reset();

    const { brought } = await syncOnce([ours!.uuid]);

    expect(brought.map((r) => r.externalId)).toEqual([edited!.uuid, ours!.uuid]);
    expect(brought[0]).toMatchObject({ fax: '0117 496 0999' });
    // The changed list, then the one client changed here.
    expect(sandbox().calls.total).toBe(2);
  });

  it('makes one call when nothing changed on either side', async () => {
    await syncOnce();
    sandbox().calls.reset();

    const { brought } = await syncOnce();

    expect(brought).toEqual([]);
    expect(sandbox().calls.total).toBe(1);
  });
});

describe('the XPM client writer', () => {
  const entryFor = (payload: ClientWritePayload) =>
    newOutboxEntry({ practiceId, app: 'xpm', kind: 'client', sourceId: payload.reference, period: 'p', payload }, 'ob-1', new Date());

  it('writes our change by read-modify-write, and a look-up then finds it made', async () => {
    const target = sandbox().clients().find((c) => !c.isArchived && !c.isDeleted && c.email && c.website)!;
    const before = { ...target };
    const entry = entryFor({ externalId: target.uuid, reference: 'cl-1', name: target.name, values: { phone: '0161 496 0123', fax: null } });
    const writer = xpm.adapters.writers!.client!;

    expect(await writer.lookup(entry, token, connection)).toBeNull();
    expect(await writer.create(entry, token, connection)).toBe(target.uuid);

    const after = sandbox().clients().find((c) => c.uuid === target.uuid)!;
    expect(after).toMatchObject({ phone: '0161 496 0123', fax: null, email: before.email, website: before.website, address: before.address });
    // Killed before the outbox recorded it: the retry's look-up sees XPM already shows it.
    expect(await writer.lookup(entry, token, connection)).toBe(target.uuid);
  });

  it('refuses a lead made here: it reaches XPM on acceptance, not through the sync', async () => {
    const entry = entryFor({ externalId: null, reference: 'cl-2', name: 'New Lead Ltd', values: { name: 'New Lead Ltd' } });
    const count = sandbox().clients().length;

    await expect(xpm.adapters.writers!.client!.create(entry, token, connection)).rejects.toThrow('accepts a proposal');
    expect(sandbox().clients()).toHaveLength(count);
  });
});

describe('what a client write changes in XPM', () => {
  it('takes only the fields it carries; an emptied one clears, a partner known by name alone is left as XPM has it', () => {
    expect(xpmChanges({ phone: '0100', fax: null })).toEqual({ phone: '0100', fax: null });
    expect(xpmChanges({ partner: { name: 'Sofia Marin', externalId: 'staff-1' }, manager: null })).toEqual({ partnerUuid: 'staff-1', managerUuid: null });
    expect(xpmChanges({ partner: { name: 'Someone here only' } })).toEqual({});
    // Contacts are not the client update's: they have their own calls (contact-writes.ts).
    expect(xpmChanges({ contacts: [{ name: 'Ava Smith' }] })).toEqual({});
  });
});

describe('the XPM sync once staff become users here', () => {
  it('reads every client again, so the partner roles of clients XPM has not changed arrive', async () => {
    const userLinks = new InMemoryUserAppLinkStore();
    xpm = registerXpm({ host, clock: { now: () => new Date() }, directory: { directory: new InMemoryAppDirectory(), userLinks, clock: { now: () => new Date() } } }, xpmTestContext());
    const first = await syncOnce();
    const partnered = sandbox().clients().find((c) => c.accountManagerUuid && !c.isArchived && !c.isDeleted)!;
    const staff = sandbox().staff().find((s) => s.uuid === partnered.accountManagerUuid)!;
    // Nobody is a user yet: the role is left out of what is brought in.
    expect(first.brought.find((r) => r.externalId === partnered.uuid)?.partner).toBeUndefined();
    expect((await syncOnce()).brought).toEqual([]);

    await userLinks.link({ practiceId, userId: asId('u-1'), app: 'xpm', externalId: staff.uuid, name: staff.name, linkedAt: new Date() });
    const after = await syncOnce();

    expect(after.brought.find((r) => r.externalId === partnered.uuid)?.partner).toEqual({ name: staff.name, externalId: staff.uuid });
    // Read again once: the next sync is back to what changed.
    expect((await syncOnce()).brought).toEqual([]);
  });
});
