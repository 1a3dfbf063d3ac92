import { beforeEach, describe, expect, it } from 'vitest';
import type { Client } from '../../domain/practice/client.js';
import type { AppConnection, AppLink } from '../../domain/practice/connection.js';
import type {
  AppLinkStore, AuditLog, ChatDirectory, ClientStore, ConnectionStore, ContactStore, PracticeStore, SyncRunStore, UserStore,
} from '../../domain/practice/ports.js';
import { newPractice } from '../../domain/practice/practice.js';
import { asId, type ClientId, type PracticeId } from '../../domain/shared/ids.js';

export type PracticeStores = {
  practices: PracticeStore; users: UserStore; clients: ClientStore; contacts: ContactStore; audit: AuditLog;
  connections: ConnectionStore; links: AppLinkStore; runs: SyncRunStore; directory: ChatDirectory;
};

const at = new Date('2026-03-01T09:00:00Z');
const A = asId<'Practice'>('practice-a');
const B = asId<'Practice'>('practice-b');

const client = (practiceId: PracticeId, id: string, name: string, extra: Partial<Client> = {}): Client => ({
  id: asId<'Client'>(id), practiceId, status: 'client', name, createdAt: at, updatedAt: at, ...extra,
});

const connection = (practiceId: PracticeId, id: string): AppConnection => ({
  id: asId<'Connection'>(id), practiceId, provider: 'gusto', externalId: `company-${id}`, label: `Company ${id}`,
  status: 'active', settings: { level: 'all' }, connectedAt: at,
  tokens: { accessToken: 'access-secret', refreshToken: 'refresh-secret', expiresAt: new Date('2026-03-01T11:00:00Z') },
});

/** A person's link of a client (in practice A) to a Sage record. */
export const sageLink = (externalId: string, clientId: string): AppLink => ({
  practiceId: A, provider: 'sage', externalId, clientId: asId<'Client'>(clientId), syncLevel: 'all',
});

/** One behaviour for every implementation of the practice-scoped stores: fakes and MikroORM alike. */
export function practiceStoresContract(name: string, open: () => Promise<PracticeStores>): void {
  describe(`${name} honours the practice store contract`, () => {
    let s: PracticeStores;
    beforeEach(async () => {
      s = await open();
      await s.practices.create(newPractice(A, 'Alpha & Co', at), { platform: 'slack', workspaceId: 'T-A' });
      await s.practices.create(newPractice(B, 'Beta LLP', at), { platform: 'teams', workspaceId: 'tenant-b' });
    });

    it('finds a practice by the workspace it was created for, and nothing for an unknown one', async () => {
      expect((await s.practices.findByWorkspace('slack', 'T-A'))?.name).toBe('Alpha & Co');
      expect(await s.practices.findByWorkspace('slack', 'T-unknown')).toBeNull();
    });

    it('finds a user by any of their chat identities within the practice only', async () => {
      const identity = { platform: 'slack' as const, workspaceId: 'T-A', userId: 'U1' };
      await s.users.save({ id: asId('user-1'), practiceId: A, displayName: 'Ada', role: 'admin', identities: [identity], createdAt: at });

      expect((await s.users.findByIdentity(A, identity))?.displayName).toBe('Ada');
      expect(await s.users.findByIdentity(B, identity)).toBeNull();
    });

    it('finds the practice and the person behind a chat identity in one look-up, with all their identities', async () => {
      const slack = { platform: 'slack' as const, workspaceId: 'T-A', userId: 'U1' };
      const shell = { platform: 'shell' as const, workspaceId: 'T-A', userId: 'ada' };
      await s.users.save({ id: asId('user-1'), practiceId: A, displayName: 'Ada', role: 'admin', identities: [slack, shell], createdAt: at });

      const known = await s.directory.whoIs(slack);
      const stranger = await s.directory.whoIs({ ...slack, userId: 'U-new' });
      const elsewhere = await s.directory.whoIs({ ...slack, workspaceId: 'T-unknown' });

      expect(known).toEqual({ practice: await s.practices.get(A), user: await s.users.findByIdentity(A, slack) });
      expect(known?.user?.identities).toHaveLength(2);
      expect(stranger).toEqual({ practice: await s.practices.get(A), user: null });
      expect(elsewhere).toBeNull();
    });

    it('keeps the practice a workspace already has when it is created again', async () => {
      const again = await s.practices.create(newPractice(asId('practice-late'), 'Late & Co', at), { platform: 'slack', workspaceId: 'T-A' });

      expect(again).toMatchObject({ id: A, name: 'Alpha & Co' });
      expect(await s.practices.get(asId('practice-late'))).toBeNull();
    });

    it('adds a person once: a second add with the same chat identity returns the first', async () => {
      const identity = { platform: 'slack' as const, workspaceId: 'T-A', userId: 'U7' };
      const first = await s.users.add({ id: asId('user-7'), practiceId: A, displayName: 'Ada', role: 'staff', identities: [identity], createdAt: at });

      const second = await s.users.add({ id: asId('user-8'), practiceId: A, displayName: 'Ada again', role: 'admin', identities: [identity], createdAt: at });

      expect(second).toEqual(first);
      expect((await s.users.list(A)).map((u) => u.id)).toEqual(['user-7']);
    });

    it('changes a role only when the check, seeing everyone as they are now, allows it', async () => {
      const person = (id: string, role: 'admin' | 'staff') => ({
        id: asId<'User'>(id), practiceId: A, displayName: id, role, identities: [{ platform: 'slack' as const, workspaceId: 'T-A', userId: id }], createdAt: at,
      });
      await s.users.add(person('ann', 'admin'));
      await s.users.add(person('bob', 'staff'));
      const noAdminYet = (people: readonly { role: string }[]) => !people.some((u) => u.role === 'admin');

      const refused = await s.users.changeRole(A, asId('bob'), 'admin', noAdminYet);
      const allowed = await s.users.changeRole(A, asId('bob'), 'admin', () => true);

      expect([refused, allowed]).toEqual([false, true]);
      expect((await s.users.list(A)).map((u) => `${u.id}:${u.role}`)).toEqual(['ann:admin', 'bob:admin']);
      expect(await s.users.changeRole(B, asId('bob'), 'staff', () => true)).toBe(false);
    });

    it('refuses a second client with the same name, as findByName reads it, and names the first', async () => {
      await s.clients.add(client(A, 'c1', 'Acme Ltd'));

      const again = await s.clients.add(client(A, 'c2', 'ACME  ltd.'));
      const renamed = await s.clients.add(client(A, 'c3', 'Other Ltd'));
      const clash = await s.clients.save(client(A, 'c3', 'acme ltd'));
      const otherPractice = await s.clients.add(client(B, 'b1', 'Acme Ltd'));

      expect(again).toMatchObject({ ok: false, error: { kind: 'name-taken', existing: { id: 'c1' } } });
      expect(renamed.ok).toBe(true);
      expect(clash).toMatchObject({ ok: false, error: { kind: 'name-taken', existing: { id: 'c1' } } });
      expect((await s.clients.get(A, asId<'Client'>('c3')))?.name).toBe('Other Ltd');
      expect(await s.clients.get(A, asId<'Client'>('c2'))).toBeNull();
      expect(otherPractice.ok).toBe(true);
      expect((await s.clients.save(client(A, 'c1', 'ACME LTD'))).ok).toBe(true);
    });

    it('matches client names exactly, ignoring case, spacing and a trailing full stop', async () => {
      await s.clients.save(client(A, 'c1', 'Acme  Ltd.'));

      expect((await s.clients.findByName(A, 'acme ltd')).map((c) => c.id)).toEqual(['c1']);
      expect(await s.clients.findByName(A, 'Acme')).toEqual([]);
    });

    it('searches by name, trade name or email and pages in name order', async () => {
      await s.clients.saveMany([
        client(A, 'c1', 'Zed Bakery', { email: 'hello@zed.example' }),
        client(A, 'c2', 'Acme Ltd', { tradeName: 'Acme Bakes' }),
        client(A, 'c3', 'Mid Co'),
      ]);

      expect((await s.clients.search(A, 'bak', { limit: 10, offset: 0 })).items.map((c) => c.id)).toEqual(['c2', 'c1']);
      expect(await s.clients.search(A, '', { limit: 2, offset: 1 })).toMatchObject({ total: 3, items: [{ id: 'c3' }, { id: 'c1' }] });
      expect((await s.clients.search(A, '100%', { limit: 10, offset: 0 })).total).toBe(0);
    });

    it('round-trips every client field, leaving absent ones absent', async () => {
      const full = client(A, 'c9', 'Full Ltd', {
        email: 'a@full.example', phone: '+44 20 7946 0000', fax: '020 7946 0001', website: 'full.example', tradeName: 'Full',
        businessStructure: 'limited-company', activeEmployees: 12, contractors: 2, headcountAt: at,
        streetAddress: { line1: '1 High St', city: 'Leeds', postcode: 'LS1 1AA', country: 'GB' },
        postalAddress: { line1: 'PO Box 7', line2: 'Central', city: 'Leeds', region: 'West Yorkshire', postcode: 'LS1 9ZZ', country: 'GB' },
        contacts: [{ name: 'Jo Bloggs', salutation: 'Ms', email: 'jo@full.example', phone: '0113 496 0000', mobile: '07700 900000' }, { name: 'Sam' }],
        partner: { name: 'Pat Partner', externalId: 'staff-1' }, manager: { name: 'Max Manager' },
        groups: ['Payroll', 'VIP'], taxRegistered: false, vatNumber: 'GB123456789', companyNumber: 'SC123456',
      });
      await s.clients.save(full);
      await s.clients.save(client(A, 'c10', 'Bare Ltd'));

      expect(await s.clients.get(A, asId<'Client'>('c9'))).toEqual(full);
      expect(await s.clients.get(A, asId<'Client'>('c10'))).toEqual(client(A, 'c10', 'Bare Ltd'));
    });

    it('never returns one practice\'s rows to another', async () => {
      await s.clients.save(client(B, 'b1', 'Beta Client'));
      await s.contacts.save(B, { id: asId('k1'), clientId: asId<'Client'>('b1'), name: 'Bo' });
      await s.audit.record({ practiceId: B, at, actor: 'Bo', chat: 'teams', action: 'client.created' });
      await s.connections.save(connection(B, 'n1'));
      await s.links.save({ practiceId: B, provider: 'gusto', externalId: 'company-n1', clientId: asId<'Client'>('b1'), syncLevel: 'all' });
      await s.runs.save({ id: asId('r1'), practiceId: B, provider: 'gusto', trigger: 'manual', startedAt: at, counts: { created: 1, updated: 0, unchanged: 0, skipped: 0, failed: 0 }, errors: [] });

      expect(await s.clients.get(A, asId<'Client'>('b1'))).toBeNull();
      expect((await s.clients.search(A, '', { limit: 10, offset: 0 })).total).toBe(0);
      expect(await s.clients.findByName(A, 'Beta Client')).toEqual([]);
      expect(await s.contacts.listForClient(A, asId<'Client'>('b1'))).toEqual([]);
      expect(await s.audit.recent(A, 10)).toEqual([]);
      expect(await s.connections.list(A)).toEqual([]);
      expect(await s.connections.get(A, asId('n1'))).toBeNull();
      expect(await s.links.find(A, 'gusto', 'company-n1')).toBeNull();
      expect(await s.runs.latest(A, 'gusto')).toBeNull();
    });

    it('keeps a connection\'s token set intact through a save', async () => {
      await s.connections.save(connection(A, 'n2'));

      expect(await s.connections.findByExternalId(A, 'gusto', 'company-n2')).toEqual(connection(A, 'n2'));
    });

    it('lists the audit log newest first', async () => {
      await s.audit.record({ practiceId: A, at, actor: 'Ada', chat: 'shell', action: 'first' });
      await s.audit.record({ practiceId: A, at: new Date(at.getTime() + 1000), actor: 'Ada', chat: 'shell', action: 'second', detail: { n: 2 } });

      expect((await s.audit.recent(A, 5)).map((e) => e.action)).toEqual(['second', 'first']);
    });

    it('returns the latest sync run for a provider', async () => {
      const base = { practiceId: A, provider: 'gusto' as const, trigger: 'schedule' as const, counts: { created: 0, updated: 0, unchanged: 3, skipped: 0, failed: 0 }, errors: [] };
      await s.runs.save({ ...base, id: asId('r-old'), startedAt: at });
      await s.runs.save({ ...base, id: asId('r-new'), startedAt: new Date(at.getTime() + 60_000), finishedAt: new Date(at.getTime() + 90_000) });

      expect((await s.runs.latest(A, 'gusto'))?.id).toBe('r-new');
    });

    it('links a client to an app\'s record, and linking it again changes nothing', async () => {
      const first = await s.links.link(sageLink('x', 'c1'));
      const again = await s.links.link(sageLink('x', 'c1'));

      expect([first, again]).toEqual([{ ok: true, value: { replaced: null } }, { ok: true, value: { replaced: null } }]);
      expect(await s.links.forClient(A, asId<'Client'>('c1'))).toEqual([sageLink('x', 'c1')]);
    });

    it('replaces a client\'s earlier link to the app only when asked (a mapping changed), leaving other apps\' links', async () => {
      await s.links.link(sageLink('x', 'c1'));
      await s.links.link({ ...sageLink('x', 'c1'), provider: 'gusto' });

      const refused = await s.links.link(sageLink('y', 'c1'));
      const moved = await s.links.link(sageLink('y', 'c1'), { replace: true });

      expect(refused).toEqual({ ok: false, error: { kind: 'client-linked', externalId: 'x' } });
      expect(moved).toEqual({ ok: true, value: { replaced: sageLink('x', 'c1') } });
      expect(await s.links.find(A, 'sage', 'x')).toBeNull();
      expect((await s.links.forClient(A, asId<'Client'>('c1'))).map((l) => `${l.provider}:${l.externalId}`).sort()).toEqual(['gusto:x', 'sage:y']);
    });

    it('refuses a record already linked to another client and changes nothing', async () => {
      await s.links.link(sageLink('x', 'c1'));
      await s.links.link(sageLink('y', 'c2'));

      const refused = await s.links.link(sageLink('x', 'c2'));

      expect(refused).toEqual({ ok: false, error: { kind: 'linked-elsewhere', clientId: 'c1' } });
      expect(await s.links.find(A, 'sage', 'x')).toEqual(sageLink('x', 'c1'));
      expect(await s.links.forClient(A, asId<'Client'>('c2'))).toEqual([sageLink('y', 'c2')]);
    });

    it('forgets a removed connection and updates a link\'s sync level in place', async () => {
      await s.connections.save(connection(A, 'n3'));
      await s.links.save({ practiceId: A, provider: 'gusto', externalId: 'x', clientId: asId<'Client'>('c1') as ClientId, syncLevel: 'all' });
      await s.links.save({ practiceId: A, provider: 'gusto', externalId: 'x', clientId: asId<'Client'>('c1') as ClientId, syncLevel: 'names' });
      await s.connections.remove(A, asId('n3'));

      expect(await s.connections.list(A, 'gusto')).toEqual([]);
      expect((await s.links.forClient(A, asId<'Client'>('c1'))).map((l) => l.syncLevel)).toEqual(['names']);
    });
  });
}
