/**
 * An app's directory as imported here: its staff (who may become users, "the XPM user linking
 * dropdown") and its job templates (what services link to). Read one way from the app and replaced
 * whole on each import; nothing here is ever written back. A user here may be linked to one staff
 * member per app: the link is ours alone, so deleting either side changes nothing on the other.
 */
import type { StaffMember } from '../practice/client.js';
import { normaliseName } from '../practice/client.js';
import type { PracticeId, UserId } from '../shared/ids.js';
import { err, ok, type Result } from '../shared/result.js';
import type { AppId } from './app-id.js';

export type DirectoryKind = 'staff' | 'template';

/** One staff member or job template, by the app's id; staff carry an email when the app has one. */
export type DirectoryEntry = { readonly externalId: string; readonly name: string; readonly email?: string };

export interface AppDirectory {
  /**
   * The practice's whole list of one kind becomes `entries` (a fresh read): those missing from it are
   * gone. `first` is true for the one import that was the kind's first, even when two race.
   */
  replace(practiceId: PracticeId, app: AppId, kind: DirectoryKind, entries: readonly DirectoryEntry[], at: Date): Promise<{ first: boolean }>;
  /** In name order (case-insensitive), then id. */
  list(practiceId: PracticeId, app: AppId, kind: DirectoryKind): Promise<DirectoryEntry[]>;
  /** When the kind was last imported; null when never (an empty import still counts). */
  importedAt(practiceId: PracticeId, app: AppId, kind: DirectoryKind): Promise<Date | null>;
}

/** A user here linked to an app's staff member; `name` is the staff member's as it was when linked. */
export type UserAppLink = {
  readonly practiceId: PracticeId;
  readonly userId: UserId;
  readonly app: AppId;
  readonly externalId: string;
  readonly name: string;
  readonly linkedAt: Date;
};

export type LinkRefusal = { readonly kind: 'staff-taken'; readonly userId: UserId };

export interface UserAppLinkStore {
  /**
   * Links the user to the staff member, replacing the user's earlier link to the app. Refused when the
   * staff member is another user's (settled by the database: two admins linking at once leave one).
   */
  link(link: UserAppLink): Promise<Result<UserAppLink, LinkRefusal>>;
  /** The link removed, or null when the user had none. */
  unlink(practiceId: PracticeId, userId: UserId, app: AppId): Promise<UserAppLink | null>;
  list(practiceId: PracticeId, app: AppId): Promise<UserAppLink[]>;
}

export type FindEntryError =
  | { readonly kind: 'not-found' }
  | { readonly kind: 'ambiguous'; readonly matches: readonly DirectoryEntry[] };

/** An entry by the app's id, or by its name (case and spacing ignored); two of one name is ambiguous. */
export const findEntry = (entries: readonly DirectoryEntry[], ref: string): Result<DirectoryEntry, FindEntryError> => {
  const wanted = ref.trim();
  const byId = entries.find((e) => e.externalId.toLowerCase() === wanted.toLowerCase());
  if (byId) return ok(byId);
  const key = normaliseName(wanted);
  const named = entries.filter((e) => normaliseName(e.name) === key);
  if (named.length === 1) return ok(named[0]!);
  return named.length ? err({ kind: 'ambiguous', matches: named }) : err({ kind: 'not-found' });
};

/**
 * A client's partner or manager as the app has it, kept only when that staff member is linked to a
 * user here ("only imported if they are set up as users"); anyone else reads as no one we know.
 */
export const knownStaff = (member: StaffMember | undefined, linked: ReadonlySet<string>): StaffMember | undefined =>
  member?.externalId && linked.has(member.externalId) ? member : undefined;

/** The staff ids linked to users: what knownStaff reads. */
export const linkedStaffIds = (links: readonly UserAppLink[]): ReadonlySet<string> => new Set(links.map((l) => l.externalId));

/** Staff not yet linked to anyone here, in the order given: what a chooser offers. */
export const unlinkedStaff = (staff: readonly DirectoryEntry[], links: readonly UserAppLink[]): DirectoryEntry[] => {
  const taken = linkedStaffIds(links);
  return staff.filter((s) => !taken.has(s.externalId));
};

/** A person here, as "add all" pairs them: by display name. */
export type Person = { readonly id: UserId; readonly displayName: string };

/**
 * "Add all": each unlinked staff member paired with the one unlinked person here of exactly the same
 * name (case and spacing ignored). Staff with no such person, or with two, are left for a person to pick.
 */
export const pairStaffByName = (staff: readonly DirectoryEntry[], people: readonly Person[], links: readonly UserAppLink[]):
  { readonly pairs: readonly { readonly staff: DirectoryEntry; readonly userId: UserId }[]; readonly unpaired: readonly DirectoryEntry[] } => {
  const linkedUsers = new Set(links.map((l) => l.userId));
  const free = people.filter((p) => !linkedUsers.has(p.id));
  const open = unlinkedStaff(staff, links);
  const pairs: { staff: DirectoryEntry; userId: UserId }[] = [];
  const unpaired: DirectoryEntry[] = [];
  for (const s of open) {
    const key = normaliseName(s.name);
    const same = free.filter((p) => normaliseName(p.displayName) === key);
    // Two staff of one name could be either person: a person picks.
    const namesakes = open.filter((o) => normaliseName(o.name) === key).length;
    if (same.length === 1 && namesakes === 1) pairs.push({ staff: s, userId: same[0]!.id });
    else unpaired.push(s);
  }
  return { pairs, unpaired };
};
