import type { AppId } from '../../domain/apps/app-id.js';
import { normaliseName, type Client } from '../../domain/practice/client.js';
import type { Practice } from '../../domain/practice/practice.js';
import { err, ok, type Result } from '../../domain/shared/result.js';
import type { AppClient } from '../../domain/sync/app-client.js';
import { indexClients, matchRecord, similarNames } from '../../domain/sync/duplicates.js';
import type { Actor } from '../actor.js';
import { allRecords, linkRecord, resolveApp, type AppClientDeps, type AppClientError, type ImportApp } from './app-client-access.js';
import { matchClients } from './matching.js';

/** What `client map` did: mapped (possibly moving an earlier mapping), or asks which record. */
export type MapOutcome =
  | { readonly kind: 'mapped'; readonly app: ImportApp; readonly client: Client; readonly record: AppClient; readonly replaced: AppClient | null }
  | { readonly kind: 'choose'; readonly app: ImportApp; readonly client: Client; readonly query: string; readonly records: readonly AppClient[]; readonly current: AppClient | null };

export type MapError = AppClientError | { readonly kind: 'client-ambiguous'; readonly app: ImportApp; readonly query: string; readonly matches: readonly Client[] };

const chooserSize = 10;

/** How alike a record is to a client, for ordering a chooser: an exact match, a possible one, a similar name. */
const likeness = (client: Client, record: AppClient): number => {
  const m = matchRecord(record, indexClients([client]));
  if (m.duplicates.length) return 100;
  if (m.possible.length) return 10 + (m.possible[0]?.reasons.length ?? 0);
  return similarNames(client.name, record.name) ? 1 : 0;
};

/** A record named by its id, its exact name, or the one record a search finds; else the hits to choose from. */
async function recordNamed(d: AppClientDeps, practice: Practice, app: ImportApp, query: string): Promise<AppClient | readonly AppClient[]> {
  // One deleted in the app is kept only to report it: nothing is mapped to it.
  const byId = await d.appClients.get(practice.id, app.id, query);
  if (byId && !byId.deletedAt) return byId;
  const hits = [
    ...(await d.appClients.list(practice.id, app.id, { view: 'to-import', search: query, limit: 50, offset: 0 })).items,
    ...(await d.appClients.list(practice.id, app.id, { view: 'hidden', search: query, limit: 50, offset: 0 })).items.filter((r) => !r.deletedAt),
  ];
  const exact = hits.filter((r) => normaliseName(r.name) === normaliseName(query));
  if (exact.length === 1) return exact[0]!;
  if (hits.length === 1) return hits[0]!;
  if (hits.length) return hits;
  // The lists leave out linked records: one mapped to another client is found here, to be refused by name.
  for (const link of await d.links.list(practice.id, app.id)) {
    const r = await d.appClients.get(practice.id, app.id, link.externalId);
    if (r && !r.deletedAt && normaliseName(r.name) === normaliseName(query)) return r;
  }
  return [];
}

/**
 * `client map CLIENT APP [RECORD]` (the help article's "App Client Mapping"): ties a client to one of
 * the app's records whose name differs, moving any earlier mapping of the client; a record that is
 * another client's is refused. Without a record, offers the unlinked ones most like the client.
 */
export const createAppClientMapping = (d: AppClientDeps) =>
  async (actor: Actor, appWord: AppId, clientQuery: string, recordQuery?: string): Promise<Result<MapOutcome, MapError>> => {
    const resolved = await resolveApp(d, actor.practice, appWord);
    if (!resolved.ok) return resolved;
    const app = resolved.value;
    const { exact, near } = await matchClients(d, actor.practice.id, clientQuery);
    const candidates = (exact.length ? exact : near).map((m) => m.client);
    if (!candidates.length) return err({ kind: 'client-not-found', app, query: clientQuery });
    if (candidates.length > 1) return err({ kind: 'client-ambiguous', app, query: clientQuery, matches: candidates });
    const client = candidates[0]!;
    const currentLink = (await d.links.forClient(actor.practice.id, client.id)).find((l) => l.provider === app.id);
    const current = currentLink ? await d.appClients.get(actor.practice.id, app.id, currentLink.externalId) : null;

    const query = recordQuery?.trim() ?? '';
    const found = query ? await recordNamed(d, actor.practice, app, query) : [];
    if (!Array.isArray(found)) {
      const record = found as AppClient;
      const linked = await linkRecord(d, actor, app, record, client, { replaceMapping: true, action: 'client_mapped' });
      if (!linked.ok) return linked;
      const replaced = linked.value.replaced && linked.value.replaced.externalId !== record.externalId ? current : null;
      return ok({ kind: 'mapped', app, client, record, replaced });
    }
    if (query && !found.length) return err({ kind: 'record-not-found', app, query });
    const pool = query ? found : await allRecords(d, actor.practice, app.id, 'to-import');
    const ranked = pool.map((r) => ({ r, score: likeness(client, r) })).sort((a, b) => b.score - a.score || a.r.name.localeCompare(b.r.name));
    const alike = ranked.filter((x) => x.score > 0);
    const records = (alike.length && !query ? alike : ranked).slice(0, chooserSize).map((x) => x.r);
    return ok({ kind: 'choose', app, client, query, records, current });
  };
