/**
 * Staff as users: a practice app's staff (XPM's), imported into the app directory, become users here
 * by linking each to a person in this chat. Users here are chat people (a user has a chat identity),
 * so "adding" a staff member means linking them to the person who will use the bot as them. Nothing
 * goes back to the app: a link is ours alone, and removing either side changes nothing on the other.
 */
import type { AppId } from '../../domain/apps/app-id.js';
import {
  findEntry, pairStaffByName, unlinkedStaff,
  type AppDirectory, type DirectoryEntry, type FindEntryError, type UserAppLink, type UserAppLinkStore,
} from '../../domain/apps/directory.js';
import type { UserStore } from '../../domain/practice/ports.js';
import type { User } from '../../domain/practice/user.js';
import type { Clock } from '../../domain/shared/clock.js';
import type { PracticeId, UserId } from '../../domain/shared/ids.js';
import { err, type Result } from '../../domain/shared/result.js';
import type { Card } from '../cards.js';
import type { Notifier } from '../notify.js';

/** The app whose staff these are: its id (the directory's key) and name (the cards'). */
export type StaffApp = { readonly id: AppId; readonly name: string; readonly sandbox: boolean };

export type StaffDeps = {
  readonly app: StaffApp;
  readonly users: UserStore;
  readonly directory: AppDirectory;
  readonly userLinks: UserAppLinkStore;
  readonly notifier: Notifier;
  readonly clock: Clock;
  /** The first import's card ("pick who"); built by the commands' cards so the use cases stay free of wording. */
  readonly offeredCard: (staff: readonly DirectoryEntry[], links: readonly UserAppLink[]) => Card;
};

export type StaffView = {
  readonly staff: readonly DirectoryEntry[];
  readonly links: readonly UserAppLink[];
  readonly people: readonly User[];
  /** Null when the app's staff were never imported (not connected yet, or never synced). */
  readonly importedAt: Date | null;
};

export type LinkError =
  | { readonly kind: 'no-staff' }
  | FindEntryError
  | { readonly kind: 'staff-taken'; readonly staff: DirectoryEntry; readonly by: User | null };

/** A link's staff member as the directory has them now; `gone` when the app no longer lists them. */
export type LinkShown = { readonly name: string; readonly gone: boolean };

export function createStaffUseCases(d: StaffDeps) {
  const view = async (practiceId: PracticeId): Promise<StaffView> => {
    const [staff, links, people, importedAt] = await Promise.all([
      d.directory.list(practiceId, d.app.id, 'staff'), d.userLinks.list(practiceId, d.app.id), d.users.list(practiceId),
      d.directory.importedAt(practiceId, d.app.id, 'staff'),
    ]);
    return { staff, links, people, importedAt };
  };

  const linkTo = async (practiceId: PracticeId, user: User, staff: DirectoryEntry, people?: readonly User[]): Promise<Result<UserAppLink, LinkError>> => {
    const linked = await d.userLinks.link({ practiceId, userId: user.id, app: d.app.id, externalId: staff.externalId, name: staff.name, linkedAt: d.clock.now() });
    if (linked.ok) return linked;
    const holder = (people ?? (await d.users.list(practiceId))).find((u) => u.id === linked.error.userId) ?? null;
    return err({ kind: 'staff-taken', staff, by: holder });
  };

  /** The staff member a person named (app id or name), among those imported. */
  const findStaff = async (practiceId: PracticeId, ref: string): Promise<Result<DirectoryEntry, LinkError>> => {
    const staff = await d.directory.list(practiceId, d.app.id, 'staff');
    if (!staff.length) return err({ kind: 'no-staff' });
    const found = findEntry(staff, ref);
    return found;
  };

  return {
    app: d.app,
    view,
    findStaff,

    /** Posts the "pick who" card: the app's staff were imported for the first time. */
    async offer(practiceId: PracticeId, staff: readonly DirectoryEntry[]): Promise<void> {
      await d.notifier.notify(practiceId, 'sync.finished', d.offeredCard(staff, await d.userLinks.list(practiceId, d.app.id)));
    },

    /** Links a person here to a staff member, replacing the person's earlier link to the app. */
    async link(practiceId: PracticeId, user: User, staffRef: string): Promise<Result<UserAppLink, LinkError>> {
      const staff = await findStaff(practiceId, staffRef);
      return staff.ok ? linkTo(practiceId, user, staff.value) : staff;
    },

    unlink: (practiceId: PracticeId, user: User): Promise<UserAppLink | null> => d.userLinks.unlink(practiceId, user.id, d.app.id),

    /** "Add all": links each unlinked staff member to the one unlinked person of the same name; the rest are left to pick. */
    async addAll(practiceId: PracticeId): Promise<{ linked: readonly UserAppLink[]; left: readonly DirectoryEntry[]; imported: boolean }> {
      const v = await view(practiceId);
      const { pairs, unpaired } = pairStaffByName(v.staff, v.people, v.links);
      const linked: UserAppLink[] = [];
      const left = [...unpaired];
      for (const p of pairs) {
        const user = v.people.find((u) => u.id === p.userId)!;
        const r = await linkTo(practiceId, user, p.staff, v.people);
        if (r.ok) linked.push(r.value);
        else left.push(p.staff);
      }
      return { linked, left, imported: v.importedAt !== null };
    },

    /** Staff not linked to anyone here. */
    unlinked: async (practiceId: PracticeId): Promise<DirectoryEntry[]> => {
      const v = await view(practiceId);
      return unlinkedStaff(v.staff, v.links);
    },

    /** Each linked person's staff member, as `users` shows it; a staff member the app no longer lists is `gone` (the link stays). */
    async linksByUser(practiceId: PracticeId): Promise<ReadonlyMap<UserId, LinkShown>> {
      const [links, staff, importedAt] = await Promise.all([
        d.userLinks.list(practiceId, d.app.id), d.directory.list(practiceId, d.app.id, 'staff'), d.directory.importedAt(practiceId, d.app.id, 'staff'),
      ]);
      const current = new Map(staff.map((s) => [s.externalId, s.name]));
      return new Map(links.map((l) => [l.userId, { name: current.get(l.externalId) ?? l.name, gone: importedAt !== null && !current.has(l.externalId) }]));
    },
  };
}

export type StaffUseCases = ReturnType<typeof createStaffUseCases>;
