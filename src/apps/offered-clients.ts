import type { AppId } from '../../domain/apps/app-id.js';
import type { PracticeFlags } from '../../domain/apps/ports.js';
import type { AppConnection } from '../../domain/practice/connection.js';
import type { AppLinkStore, ClientStore } from '../../domain/practice/ports.js';
import type { AppClientStore } from '../../domain/sync/ports.js';
import type { AppClientInput } from '../../domain/sync/app-client.js';
import type { ClientId, PracticeId } from '../../domain/shared/ids.js';
import type { SyncedRecord } from '../../domain/sync/synced-record.js';
import type { AccountResult, AppClientChanges } from './app.js';

export type OfferedReadDeps = {
  readonly flags: PracticeFlags;
  readonly appClients: AppClientStore;
  readonly links: AppLinkStore;
  readonly clients: ClientStore;
};

/** What one read of a connection's offered clients found, for the sync's result card. */
export type OfferedSummary = {
  /** Records seen for the first time: they wait in `clients import APP`, neither linked nor made clients. */
  readonly newToImport: number;
  /** Changed records linked to a client here that the name-sync setting kept out. */
  readonly linkedNotSynced: number;
  /** Records the app deleted that are still linked to a client here: reported, never unlinked. */
  readonly deletedLinked: readonly { readonly record: string; readonly client: string; readonly clientId: ClientId }[];
};

/** The practice flag holding where the next incremental read of a connection starts. */
export const syncMarkKey = (app: AppId, externalId: string): string => `sync-mark:${app}:${externalId}`;

/** A mark: the start of the last complete read, and whether name sync was on for it. */
type Mark = { readonly at: Date; readonly names: boolean };

const readMark = (raw: string | null): Mark | null => {
  if (!raw) return null;
  const m = JSON.parse(raw) as { at: string; names?: boolean };
  return { at: new Date(m.at), names: m.names === true };
};

export type OfferedRead = {
  readonly app: AppId;
  readonly connection: AppConnection;
  /** The app's list call: changed since `since` (inclusive), deleted after it; every live record for null. */
  readonly list: (since: Date | null) => Promise<AppClientChanges>;
  /** When this sync started: what first seen and deleted are dated, and the next mark. */
  readonly startedAt: Date;
  /** The practice's name-sync setting: whether linked clients take the app's changes. */
  readonly syncNames: boolean;
  /** Brings a record into the client it is linked to (null when it is not), under the app's field policies and the link's level. */
  readonly bringInLinked: (record: SyncedRecord) => Promise<AccountResult | null>;
};

/** The stored records of every linked client but those just read, as a name sync brings them in. */
const linkedRecords = async (d: OfferedReadDeps, practiceId: PracticeId, app: AppId, read: readonly AppClientInput[]): Promise<AppClientInput[]> => {
  const fresh = new Set(read.map((r) => r.externalId));
  const out: AppClientInput[] = [];
  for (const link of await d.links.list(practiceId, app)) {
    const stored = fresh.has(link.externalId) ? null : await d.appClients.get(practiceId, app, link.externalId);
    if (stored && !stored.deletedAt) out.push(stored);
  }
  return out;
};

/**
 * Reads one connection's clients incrementally. The mark is the start of the last read that finished:
 * the app's "changed since" is inclusive, so an edit made at that very moment is read again rather
 * than missed. It moves only after everything read has been stored and brought in, so a read that
 * fails part-way is simply repeated.
 */
export async function readOfferedClients(d: OfferedReadDeps, o: OfferedRead): Promise<{ results: AccountResult[]; summary: OfferedSummary }> {
  const { practiceId } = o.connection;
  const key = syncMarkKey(o.app, o.connection.externalId);
  const mark = readMark(await d.flags.get(practiceId, key));
  const { changed, deleted } = await o.list(mark?.at ?? null);

  const newToImport = changed.length ? (await d.appClients.put(practiceId, o.app, changed, o.startedAt)).added : 0;
  if (deleted.length) await d.appClients.markDeleted(practiceId, o.app, deleted, o.startedAt);
  const links = changed.length || deleted.length ? new Map((await d.links.list(practiceId, o.app)).map((l) => [l.externalId, l])) : new Map();

  const results: AccountResult[] = [];
  let linkedNotSynced = 0;
  // Name sync just switched on: renames read while it was off are in the store, each linked record's latest.
  const caughtUp = mark && !mark.names && o.syncNames ? await linkedRecords(d, practiceId, o.app, changed) : [];
  for (const record of [...changed.filter((r) => links.has(r.externalId)), ...caughtUp]) {
    if (!o.syncNames) { linkedNotSynced++; continue; }
    const brought = await o.bringInLinked({ ...record, fetchedAt: o.startedAt });
    if (brought) results.push(brought);
  }

  const deletedLinked: { record: string; client: string; clientId: ClientId }[] = [];
  for (const id of deleted) {
    const link = links.get(id);
    const client = link && (await d.clients.get(practiceId, link.clientId));
    if (client) deletedLinked.push({ record: (await d.appClients.get(practiceId, o.app, id))?.name ?? id, client: client.name, clientId: client.id });
  }

  // Two reads of one connection may overlap (the daily run and a button press): the mark never moves back.
  const latest = readMark(await d.flags.get(practiceId, key));
  if (!latest || latest.at <= o.startedAt) await d.flags.set(practiceId, key, JSON.stringify({ at: o.startedAt.toISOString(), names: o.syncNames }));
  return { results, summary: { newToImport, linkedNotSynced, deletedLinked } };
}
