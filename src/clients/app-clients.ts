import type { AppId } from '../../domain/apps/app-id.js';
import type { Client } from '../../domain/practice/client.js';
import type { Practice } from '../../domain/practice/practice.js';
import type { ClientId } from '../../domain/shared/ids.js';
import { err, ok, type Result } from '../../domain/shared/result.js';
import type { AppClient, AppClientView } from '../../domain/sync/app-client.js';
import { hasSameName, reasonsText, type Candidate, type RecordMatches } from '../../domain/sync/duplicates.js';
import type { Actor } from '../actor.js';
import type { AdoptAppClient, AdoptError } from './adopt.js';
import {
  audit, createFromRecord, importCommand, findRecord, linkRecord, matchContext, matchesFor, resolveApp,
  type AppClientDeps, type AppClientError, type ImportApp,
} from './app-client-access.js';
import { createAppClientBulk } from './app-client-bulk.js';
import { createAppClientMapping } from './app-client-mapping.js';
import { matchClients } from './matching.js';

export type { AppClientDeps, AppClientError, ImportApp } from './app-client-access.js';

/** One record with what it matches here. */
export type MatchedRecord = { readonly record: AppClient; readonly matches: RecordMatches };

export type ImportPage = {
  readonly app: ImportApp;
  readonly view: AppClientView;
  readonly search: string;
  readonly page: number;
  readonly pages: number;
  readonly total: number;
  readonly rows: readonly MatchedRecord[];
};

/** What Convert did: made the client, or stopped for a duplicate (Link instead) or a possible match (a person's call). */
export type ConvertOutcome =
  | { readonly kind: 'created'; readonly app: ImportApp; readonly record: AppClient; readonly client: Client }
  | { readonly kind: 'duplicate'; readonly app: ImportApp; readonly record: AppClient; readonly duplicates: readonly Candidate[] }
  | { readonly kind: 'possible'; readonly app: ImportApp; readonly record: AppClient; readonly possible: readonly Candidate[] };

export type Linked = { readonly app: ImportApp; readonly record: AppClient; readonly client: Client };

export const importPageSize = 10;

export function createAppClientImport(d: AppClientDeps) {
  const withRecord = async (practice: Practice, appWord: AppId, externalId: string) => {
    const app = await resolveApp(d, practice, appWord);
    if (!app.ok) return app;
    const record = await findRecord(d, practice, app.value, externalId);
    return record.ok ? ok({ app: app.value, record: record.value }) : record;
  };

  const matched = async (practice: Practice, app: ImportApp, records: readonly AppClient[]): Promise<MatchedRecord[]> => {
    const found = await matchesFor(d, practice, app.id, records, await matchContext(d, practice, app.id));
    return records.map((record) => ({ record, matches: found.get(record.externalId)! }));
  };

  const setHidden = async (actor: Actor, appWord: AppId, externalId: string, hide: boolean): Promise<Result<{ app: ImportApp; record: AppClient }, AppClientError>> => {
    const found = await withRecord(actor.practice, appWord, externalId);
    if (!found.ok) return found;
    const { app, record } = found.value;
    await d.appClients.setHidden(actor.practice.id, app.id, externalId, hide ? d.clock.now() : null);
    await audit(d, actor, `${app.id}.${hide ? 'client_hidden' : 'client_unhidden'}`, record.name, { externalId });
    return ok(found.value);
  };

  const link = async (actor: Actor, appWord: AppId, externalId: string, clientQuery: string): Promise<Result<Linked, AppClientError>> => {
    const found = await withRecord(actor.practice, appWord, externalId);
    if (!found.ok) return found;
    const { app, record } = found.value;
    const { exact, near } = await matchClients(d, actor.practice.id, clientQuery);
    const candidates = exact.length ? exact : near;
    if (!candidates.length) return err({ kind: 'client-not-found', app, query: clientQuery, record });
    if (candidates.length > 1) return err({ kind: 'client-choice', app, query: clientQuery, matches: candidates, record });
    const client = candidates[0]!.client;
    const linked = await linkRecord(d, actor, app, record, client, { replaceMapping: false, action: 'client_linked' });
    return linked.ok ? ok({ app, record, client }) : linked;
  };

  const convert = async (actor: Actor, appWord: AppId, externalId: string, o: { readonly asNew?: boolean } = {}): Promise<Result<ConvertOutcome, AppClientError>> => {
    const found = await withRecord(actor.practice, appWord, externalId);
    if (!found.ok) return found;
    const { app, record } = found.value;
    const holder = await d.links.find(actor.practice.id, app.id, externalId);
    if (holder) return err({ kind: 'linked-elsewhere', app, record, holder: await d.clients.get(actor.practice.id, holder.clientId) });
    const [{ matches }] = (await matched(actor.practice, app, [record])) as [MatchedRecord];
    // "Import as new" passes a shared email, never a taken name.
    if (matches.duplicates.some(hasSameName) || (matches.duplicates.length && !o.asNew)) return ok({ kind: 'duplicate', app, record, duplicates: matches.duplicates });
    if (matches.possible.length && !o.asNew) return ok({ kind: 'possible', app, record, possible: matches.possible });
    const created = await createFromRecord(d, actor, app, record);
    return created.ok ? ok({ kind: 'created', app, record, client: created.value }) : created;
  };

  /** Why a record could not be adopted, as AdoptError says it: the client in the way, or none. */
  const adoptRefusal = (app: ImportApp, record: AppClient, e: AppClientError): AdoptError => {
    const other = e.kind === 'linked-elsewhere' ? e.holder : e.kind === 'name-taken' ? e.existing : e.kind === 'client-mapped' ? e.client : null;
    if (!other) return { kind: 'not-found', name: record.name, reason: `${app.name} client ${record.name} could not be used` };
    const why = e.kind === 'client-mapped' ? `is already linked to another ${app.name} client` : e.kind === 'name-taken' ? 'already has that name' : `holds ${record.name} already`;
    return { kind: 'linked-elsewhere', name: record.name, client: other, reason: `client ${other.name} ${why}` };
  };

  /** The proposal flow's pick of an app's record: linked to its exact duplicate, else made a client. */
  const adopt: AdoptAppClient = async (actor, provider, externalId) => {
    const found = await withRecord(actor.practice, provider, externalId);
    if (!found.ok) return err({ kind: 'not-found', name: externalId, reason: 'the app has no such client, or it is no longer offered' });
    const { app, record } = found.value;
    const holder = await d.links.find(actor.practice.id, app.id, externalId);
    const held = holder && (await d.clients.get(actor.practice.id, holder.clientId));
    if (held) return ok({ client: held, created: false });
    const [{ matches }] = (await matched(actor.practice, app, [record])) as [MatchedRecord];
    // Names are unique here, so a client of the very name is the one; anything less certain is a person's call.
    const duplicate = matches.duplicates.find(hasSameName);
    const maybe = [...matches.duplicates, ...matches.possible][0];
    if (!duplicate && maybe) {
      return err({
        kind: 'may-be-here', name: record.name, decide: importCommand(app, 'convert', record.externalId),
        reason: `it may already be client ${maybe.client.name} (${reasonsText(maybe.reasons)}): link it or import it as new on its card`,
      });
    }
    if (duplicate) {
      const linked = await linkRecord(d, actor, app, record, duplicate.client, { replaceMapping: false, action: 'client_linked' });
      return linked.ok ? ok({ client: duplicate.client, created: false }) : err(adoptRefusal(app, record, linked.error));
    }
    const created = await createFromRecord(d, actor, app, record);
    return created.ok ? ok({ client: created.value, created: true }) : err(adoptRefusal(app, record, created.error));
  };

  return {
    async list(practice: Practice, appWord: AppId, q: { readonly page?: number; readonly search?: string; readonly view?: AppClientView } = {}): Promise<Result<ImportPage, AppClientError>> {
      const app = await resolveApp(d, practice, appWord);
      if (!app.ok) return app;
      const page = Math.max(1, q.page ?? 1);
      const view = q.view ?? 'to-import';
      const search = q.search?.trim() ?? '';
      const found = await d.appClients.list(practice.id, app.value.id, { view, limit: importPageSize, offset: (page - 1) * importPageSize, ...(search ? { search } : {}) });
      const pages = Math.max(1, Math.ceil(found.total / importPageSize));
      return ok({ app: app.value, view, search, page, pages, total: found.total, rows: await matched(practice, app.value, found.items) });
    },

    /** The "Next" step for records chosen together: each with its matches; ids not found (or linked meanwhile) are listed apart. */
    async review(practice: Practice, appWord: AppId, externalIds: readonly string[]): Promise<Result<{ app: ImportApp; items: readonly MatchedRecord[]; missing: readonly string[] }, AppClientError>> {
      const app = await resolveApp(d, practice, appWord);
      if (!app.ok) return app;
      const records: AppClient[] = [];
      const missing: string[] = [];
      for (const id of new Set(externalIds)) {
        const r = await d.appClients.get(practice.id, app.value.id, id);
        // One imported or linked since the list was shown is not decided again.
        const linked = r && (await d.links.find(practice.id, app.value.id, id));
        if (r && !linked) records.push(r); else missing.push(id);
      }
      return ok({ app: app.value, items: await matched(practice, app.value, records), missing });
    },

    convert,
    link,
    hide: (actor: Actor, app: AppId, externalId: string) => setHidden(actor, app, externalId, true),
    unhide: (actor: Actor, app: AppId, externalId: string) => setHidden(actor, app, externalId, false),

    /** "Not the same": the pair is never suggested again; returns what the record still matches. */
    async notSame(actor: Actor, appWord: AppId, externalId: string, clientId: ClientId): Promise<Result<MatchedRecord & { app: ImportApp; client: Client }, AppClientError>> {
      const found = await withRecord(actor.practice, appWord, externalId);
      if (!found.ok) return found;
      const { app, record } = found.value;
      const client = await d.clients.get(actor.practice.id, clientId);
      if (!client) return err({ kind: 'client-not-found', app, query: clientId, record });
      await d.appClients.rejectMatch(actor.practice.id, app.id, { externalId, clientId });
      await audit(d, actor, `${app.id}.match_rejected`, record.name, { externalId, clientId, client: client.name });
      const [{ matches }] = (await matched(actor.practice, app, [record])) as [MatchedRecord];
      return ok({ app, record, client, matches });
    },

    importAll: createAppClientBulk(d),
    map: createAppClientMapping(d),
    adopt,
  };
}

export type AppClientImport = ReturnType<typeof createAppClientImport>;
