/**
 * XPM's staff and job templates beside the client sync, against the sandbox over loopback: templates
 * on every sync, staff on the first and when a person asks (so an unchanged daily sync is two calls),
 * the first import offered as users once, and partners and managers read and written only when they
 * are users here.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { xpmChanges } from '../../../adapters/xpm/client-writer.js';
import type { DirectoryEntry } from '../../../domain/apps/directory.js';
import type { AppConnection, SyncTrigger } from '../../../domain/practice/connection.js';
import { asId, type PracticeId } from '../../../domain/shared/ids.js';
import type { SyncedRecord } from '../../../domain/sync/synced-record.js';
import type { AccountSyncContext, RegisteredApp } from '../../../src/apps/app.js';
import { type XpmApiHost } from '../../../src/compose-sandboxes.js';
import { InMemoryAppDirectory, InMemoryUserAppLinkStore } from '../../fakes/in-memory-app-directory.js';
import { connectedXpm } from './connected-sandbox.js';

const practiceId: PracticeId = asId('pr-xpm');
let host: XpmApiHost;
let xpm: RegisteredApp;
let connection: AppConnection;
let directory: InMemoryAppDirectory;
let userLinks: InMemoryUserAppLinkStore;
let offered: (readonly DirectoryEntry[])[];

beforeEach(async () => {
  directory = new InMemoryAppDirectory();
  userLinks = new InMemoryUserAppLinkStore();
  offered = [];
  const clock = { now: () => new Date() };
  ({ host, xpm, connection } = await connectedXpm(practiceId, { clock, directory: { directory, userLinks, clock, staffOffered: async (_p, staff) => { offered.push(staff); } } }));
});
afterEach(() => host.close());

const sandbox = () => host.sandbox!;

const syncOnce = async (trigger: SyncTrigger) => {
  const brought: SyncedRecord[] = [];
  const ctx: AccountSyncContext = {
    practiceId, today: '2026-06-15', token: async () => connection.tokens.accessToken, relabel: async () => {}, trigger,
    bringIn: async (record) => { brought.push(record); return { kind: 'unchanged', company: record.name, client: record.name }; },
    changedHere: async () => [],
  };
  await xpm.adapters.syncAccount!(connection, ctx);
  return brought;
};

const linkUser = (user: string, staff: { uuid: string; name: string }) =>
  userLinks.link({ practiceId, userId: asId(user), app: 'xpm', externalId: staff.uuid, name: staff.name, linkedAt: new Date('2026-06-01T09:00:00Z') });

describe('importing XPM staff and job templates', () => {
  it('imports both on the first sync and offers the staff as users once', async () => {
    await syncOnce('connect');

    expect((await directory.list(practiceId, 'xpm', 'template')).map((t) => t.name).sort()).toEqual(sandbox().templates().map((t) => t.name).sort());
    expect((await directory.list(practiceId, 'xpm', 'staff')).map((s) => s.externalId).sort()).toEqual(sandbox().staff().map((s) => s.uuid).sort());
    expect(offered).toHaveLength(1);
    expect(offered[0]!.find((s) => s.name === 'Priya Shah')).toMatchObject({ email: expect.stringContaining('@') });
  });

  it('reads only the client list and the template list on a daily sync with nothing changed', async () => {
    await syncOnce('connect');
    sandbox().calls.reset();

    await syncOnce('schedule');

    expect(sandbox().calls.total).toBe(2);
    expect(offered).toHaveLength(1);
  });

  it('reads the staff again on a sync a person asked for, without offering them again', async () => {
    await syncOnce('connect');
    sandbox().calls.reset();

    await syncOnce('manual');

    expect(sandbox().calls.total).toBe(3);
    expect(offered).toHaveLength(1);
  });

  it('replaces the templates with XPM\'s on every sync', async () => {
    await syncOnce('connect');
    await directory.replace(practiceId, 'xpm', 'template', [{ externalId: 'gone', name: 'Deleted in XPM' }], new Date());

    await syncOnce('schedule');

    expect((await directory.list(practiceId, 'xpm', 'template')).map((t) => t.externalId)).not.toContain('gone');
  });

  it('leaves a user and their link as they are when the staff member leaves XPM', async () => {
    await syncOnce('connect');
    const leaver = sandbox().staff()[0]!;
    await linkUser('user-ann', leaver);
    sandbox().practice.removeStaff(leaver.uuid);

    await syncOnce('manual');

    expect((await directory.list(practiceId, 'xpm', 'staff')).map((s) => s.externalId)).not.toContain(leaver.uuid);
    expect(await userLinks.list(practiceId, 'xpm')).toMatchObject([{ userId: 'user-ann', externalId: leaver.uuid }]);
  });
});

describe('partner and manager only when they are users here', () => {
  it('brings in a client\'s partner who is a user here, and not one who is not', async () => {
    const [linked, unlinked] = sandbox().staff();
    const a = sandbox().clients().find((c) => !c.isArchived && !c.isDeleted)!;
    const b = sandbox().clients().find((c) => !c.isArchived && !c.isDeleted && c.uuid !== a.uuid)!;
    sandbox().practice.edit(a.uuid, { accountManagerUuid: linked!.uuid, jobManagerUuid: unlinked!.uuid });
    sandbox().practice.edit(b.uuid, { accountManagerUuid: unlinked!.uuid, jobManagerUuid: null });
    await linkUser('user-ann', linked!);

    const brought = await syncOnce('schedule');

    const recordA = brought.find((r) => r.externalId === a.uuid)!;
    expect(recordA.partner).toEqual({ name: linked!.name, externalId: linked!.uuid });
    expect(recordA).not.toHaveProperty('manager');
    // Withheld, not absent: ours is left as it is rather than cleared (see SyncedRecord.withheld).
    expect(recordA.withheld).toEqual(['manager']);
    expect(brought.find((r) => r.externalId === b.uuid)).toMatchObject({ withheld: ['partner'] });
    expect(brought.find((r) => r.externalId === b.uuid)).not.toHaveProperty('partner');
  });

  it('writes a partner or manager set here only when they are a user\'s staff member', () => {
    const linked = new Set(['staff-1']);

    expect(xpmChanges({ partner: { name: 'Sofia Marin', externalId: 'staff-1' }, manager: { name: 'Tom Greaves', externalId: 'staff-2' } }, linked))
      .toEqual({ partnerUuid: 'staff-1' });
    // Clearing one is no one's staff member: it is written.
    expect(xpmChanges({ manager: null }, linked)).toEqual({ managerUuid: null });
  });
});
