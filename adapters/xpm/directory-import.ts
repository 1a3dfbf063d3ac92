/**
 * What a sync of an XPM practice reads beside its clients: its job templates every time ("one way
 * from XPM: job templates"), and its staff only when a person may act on them, so a daily sync with
 * nothing changed stays at two calls (the client list and the template list). Staff are read on the
 * first sync of a practice, on a sync a person asked for (`sync xpm`) and on connecting; the first
 * import offers them as users. Nothing here is written back to XPM.
 */
import type { AppDirectory, DirectoryEntry, UserAppLinkStore } from '../../domain/apps/directory.js';
import { linkedStaffIds } from '../../domain/apps/directory.js';
import type { SyncTrigger } from '../../domain/practice/connection.js';
import type { Clock } from '../../domain/shared/clock.js';
import type { PracticeId } from '../../domain/shared/ids.js';
import { isProviderError } from '../provider-http.js';
import type { XpmApi } from './client.js';
import { xpmApp } from './errors.js';

export type XpmDirectoryDeps = {
  readonly directory: AppDirectory;
  readonly userLinks: UserAppLinkStore;
  readonly clock: Clock;
  /** The practice's staff were imported for the first time: offer them as users (the "pick who" card). */
  readonly staffOffered?: (practiceId: PracticeId, staff: readonly DirectoryEntry[]) => Promise<void>;
  /** A list could not be read: the last one imported stays, and the sync goes on. */
  readonly onError?: (error: unknown, what: string) => void;
};

/** The triggers on which a person may be waiting to pick staff. */
const staffTriggers: readonly (SyncTrigger | undefined)[] = ['manual', 'connect'];

/** Reads one list into the directory; a refusal or outage keeps the last one imported. */
const importList = async (d: XpmDirectoryDeps, practiceId: PracticeId, kind: 'staff' | 'template', read: () => Promise<DirectoryEntry[]>):
  Promise<{ entries: DirectoryEntry[]; first: boolean } | null> => {
  let entries: DirectoryEntry[];
  try {
    entries = await read();
  } catch (e) {
    if (!isProviderError(e)) throw e;
    d.onError?.(e, `${xpmApp} ${kind} import for ${practiceId}`);
    return null;
  }
  const { first } = await d.directory.replace(practiceId, xpmApp, kind, entries, d.clock.now());
  return { entries, first };
};

/**
 * Imports the practice's templates (and staff when due) and answers the staff ids linked to users
 * here: the partners and managers a sync may bring in.
 */
export async function importXpmDirectory(d: XpmDirectoryDeps, xpm: Pick<XpmApi, 'staff' | 'templates'>, practiceId: PracticeId, trigger: SyncTrigger | undefined): Promise<ReadonlySet<string>> {
  await importList(d, practiceId, 'template', async () => (await xpm.templates()).map((t) => ({ externalId: t.uuid, name: t.name })));
  const never = (await d.directory.importedAt(practiceId, xpmApp, 'staff')) === null;
  if (never || staffTriggers.includes(trigger)) {
    const staff = await importList(d, practiceId, 'staff', async () =>
      (await xpm.staff()).map((s) => ({ externalId: s.uuid, name: s.name, ...(s.email ? { email: s.email } : {}) })));
    // Offered once: the store says which import was the first, so two syncs at once post one card.
    if (staff?.first && staff.entries.length) await d.staffOffered?.(practiceId, staff.entries);
  }
  return linkedStaffIds(await d.userLinks.list(practiceId, xpmApp));
}
