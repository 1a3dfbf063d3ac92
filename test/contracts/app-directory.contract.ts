import { beforeEach, describe, expect, it } from 'vitest';
import type { AppDirectory, UserAppLink, UserAppLinkStore } from '../../domain/apps/directory.js';
import { asId, type UserId } from '../../domain/shared/ids.js';

export type AppDirectoryStores = { directory: AppDirectory; userLinks: UserAppLinkStore };

const A = asId<'Practice'>('practice-a');
const B = asId<'Practice'>('practice-b');
const t0 = new Date('2026-03-01T09:00:00Z');
const t1 = new Date('2026-03-02T09:00:00Z');
const ann = asId<'User'>('user-ann');
const bob = asId<'User'>('user-bob');
const linkOf = (userId: UserId, externalId: string, name: string, extra: Partial<UserAppLink> = {}): UserAppLink =>
  ({ practiceId: A, userId, app: 'xpm', externalId, name, linkedAt: t0, ...extra });

/** One behaviour for the app directory and user links: the in-memory fakes and MikroORM alike. */
export function appDirectoryContract(name: string, open: () => Promise<AppDirectoryStores>): void {
  describe(`${name} honours the app directory contract`, () => {
    let s: AppDirectoryStores;
    beforeEach(async () => { s = await open(); });

    it('replaces a list whole, in name order, keeping each kind, app and practice apart', async () => {
      await s.directory.replace(A, 'xpm', 'staff', [{ externalId: 's2', name: 'bea Khan', email: 'bea@firm.example' }, { externalId: 's1', name: 'Al Smith' }], t0);
      await s.directory.replace(A, 'xpm', 'template', [{ externalId: 't1', name: 'Annual accounts' }], t0);
      await s.directory.replace(B, 'xpm', 'staff', [{ externalId: 's9', name: 'Other practice' }], t0);

      await s.directory.replace(A, 'xpm', 'template', [{ externalId: 't2', name: 'VAT return' }, { externalId: 't3', name: 'Payroll' }], t1);

      expect(await s.directory.list(A, 'xpm', 'staff')).toEqual([{ externalId: 's1', name: 'Al Smith' }, { externalId: 's2', name: 'bea Khan', email: 'bea@firm.example' }]);
      expect(await s.directory.list(A, 'xpm', 'template')).toEqual([{ externalId: 't3', name: 'Payroll' }, { externalId: 't2', name: 'VAT return' }]);
      expect(await s.directory.list(B, 'xpm', 'staff')).toEqual([{ externalId: 's9', name: 'Other practice' }]);
      expect(await s.directory.list(A, 'other', 'staff')).toEqual([]);
      expect(await s.directory.importedAt(A, 'xpm', 'template')).toEqual(t1);
    });

    it('tells an empty list imported from one never read, and says which import was the first', async () => {
      expect(await s.directory.importedAt(A, 'xpm', 'staff')).toBeNull();

      expect(await s.directory.replace(A, 'xpm', 'staff', [], t0)).toEqual({ first: true });
      expect(await s.directory.replace(A, 'xpm', 'staff', [], t1)).toEqual({ first: false });
      expect(await s.directory.replace(A, 'xpm', 'template', [], t1)).toEqual({ first: true });

      expect(await s.directory.importedAt(A, 'xpm', 'staff')).toEqual(t1);
      expect(await s.directory.list(A, 'xpm', 'staff')).toEqual([]);
    });

    it('keeps one entry for an id the app listed twice', async () => {
      await s.directory.replace(A, 'xpm', 'template', [{ externalId: 't1', name: 'Old' }, { externalId: 't1', name: 'New' }], t0);

      expect(await s.directory.list(A, 'xpm', 'template')).toEqual([{ externalId: 't1', name: 'New' }]);
    });

    it('links a user to one staff member per app, and moves the link when relinked', async () => {
      expect((await s.userLinks.link(linkOf(ann, 's1', 'Al Smith'))).ok).toBe(true);
      expect((await s.userLinks.link(linkOf(ann, 's2', 'Bea Khan', { linkedAt: t1 }))).ok).toBe(true);

      expect(await s.userLinks.list(A, 'xpm')).toEqual([linkOf(ann, 's2', 'Bea Khan', { linkedAt: t1 })]);
      expect(await s.userLinks.list(B, 'xpm')).toEqual([]);
    });

    it('refuses a staff member already linked to someone else, naming who', async () => {
      await s.userLinks.link(linkOf(ann, 's1', 'Al Smith'));

      const again = await s.userLinks.link(linkOf(bob, 's1', 'Al Smith'));

      expect(again).toEqual({ ok: false, error: { kind: 'staff-taken', userId: ann } });
      expect((await s.userLinks.list(A, 'xpm')).map((l) => l.userId)).toEqual([ann]);
    });

    it('unlinks, returning the link it removed, and null when there was none', async () => {
      await s.userLinks.link(linkOf(ann, 's1', 'Al Smith'));

      expect(await s.userLinks.unlink(A, ann, 'xpm')).toEqual(linkOf(ann, 's1', 'Al Smith'));
      expect(await s.userLinks.unlink(A, ann, 'xpm')).toBeNull();
      expect(await s.userLinks.list(A, 'xpm')).toEqual([]);
    });

    it('leaves links as they are when the staff list is replaced without the staff member', async () => {
      await s.directory.replace(A, 'xpm', 'staff', [{ externalId: 's1', name: 'Al Smith' }], t0);
      await s.userLinks.link(linkOf(ann, 's1', 'Al Smith'));

      await s.directory.replace(A, 'xpm', 'staff', [], t1);

      expect(await s.userLinks.list(A, 'xpm')).toEqual([linkOf(ann, 's1', 'Al Smith')]);
    });
  });
}
