import { quoteArg } from '../commands/command.js';
import type { AppId } from '../../domain/apps/app-id.js';
import type { Client } from '../../domain/practice/client.js';
import type { AppLink } from '../../domain/practice/connection.js';
import type { AppLinkStore, AuditLog, ClientStore, ConnectionStore, LinkRefused, Page } from '../../domain/practice/ports.js';
import type { Practice } from '../../domain/practice/practice.js';
import type { Clock, IdGenerator } from '../../domain/shared/clock.js';
import { asId, type ClientId, type PracticeId } from '../../domain/shared/ids.js';
import { err, ok, type Result } from '../../domain/shared/result.js';
import type { AppClient, AppClientView } from '../../domain/sync/app-client.js';
import { indexClients, matchRecord, type ClientIndex, type RecordMatches } from '../../domain/sync/duplicates.js';
import type { AppClientStore } from '../../domain/sync/ports.js';
import type { ConnectionLock } from '../../domain/apps/ports.js';
import type { Actor } from '../actor.js';
import { offersClients, type AppDeclaration } from '../apps/app.js';
import { byActor } from '../billing/issuing.js';
import type { ClientMatch } from './matching.js';

/** What the import cards need to know of an app. */
export type ImportApp = Pick<AppDeclaration, 'id' | 'name' | 'sandbox' | 'account' | 'capabilities'>;

export type AppClientDeps = {
  readonly clients: ClientStore;
  readonly links: AppLinkStore;
  readonly connections: ConnectionStore;
  readonly appClients: AppClientStore;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** Every registered app: those without `import-clients` are refused with a card saying so. */
  readonly apps: readonly ImportApp[];
  /**
   * Runs one record's writes in a unit of work of its own (a fresh ORM context in the bot), so a bulk
   * import of thousands, having read every client to match against, doesn't flush them all each time.
   */
  readonly perRecord?: <T>(work: () => Promise<T>) => Promise<T>;
  /** Takes turns across processes: one bulk import of an app at a time per practice. */
  readonly lock?: ConnectionLock;
};

/** The command line every import button starts with: `clients import sage`. */
export const importCommand = (app: Pick<ImportApp, 'id'>, ...words: readonly string[]): string =>
  ['clients import', app.id, ...words.map(quoteArg)].join(' ');

/** Why an import action did nothing, each with what a card needs to say what to fix. */
export type AppClientError =
  | { readonly kind: 'no-such-app'; readonly word: string; readonly offering: readonly ImportApp[] }
  | { readonly kind: 'not-offered'; readonly app: ImportApp; readonly offering: readonly ImportApp[] }
  | { readonly kind: 'not-connected'; readonly app: ImportApp }
  | { readonly kind: 'record-not-found'; readonly app: ImportApp; readonly query: string }
  | { readonly kind: 'client-not-found'; readonly app: ImportApp; readonly query: string; readonly record?: AppClient }
  | { readonly kind: 'client-choice'; readonly app: ImportApp; readonly query: string; readonly matches: readonly ClientMatch[]; readonly record: AppClient }
  /** The app's record is already another client's. */
  | { readonly kind: 'linked-elsewhere'; readonly app: ImportApp; readonly record: AppClient; readonly holder: Client | null }
  /** The client is already tied to another of the app's records: changing that is `client map`. */
  | { readonly kind: 'client-mapped'; readonly app: ImportApp; readonly client: Client; readonly current: AppClient | null; readonly record: AppClient }
  /** Another client, already linked to one of the app's records, has the name. */
  | { readonly kind: 'name-taken'; readonly app: ImportApp; readonly record: AppClient; readonly existing: Client };

/** The app a command names, if it offers clients and the practice has connected it. */
export async function resolveApp(d: AppClientDeps, practice: Practice, word: string): Promise<Result<ImportApp, AppClientError>> {
  const offering = d.apps.filter(offersClients);
  const app = d.apps.find((a) => a.id === word.trim().toLowerCase());
  if (!app) return err({ kind: 'no-such-app', word, offering });
  if (!offersClients(app)) return err({ kind: 'not-offered', app, offering });
  const connected = (await d.connections.list(practice.id, app.id)).some((c) => c.status === 'active');
  return connected ? ok(app) : err({ kind: 'not-connected', app });
}

export async function findRecord(d: AppClientDeps, practice: Practice, app: ImportApp, externalId: string): Promise<Result<AppClient, AppClientError>> {
  const record = await d.appClients.get(practice.id, app.id, externalId);
  // One deleted in the app is kept only to report it: nothing more is tied to it.
  return record && !record.deletedAt ? ok(record) : err({ kind: 'record-not-found', app, query: externalId });
}

const pageSize = 1000;

/** Every item of a paged read, a page at a time (a bulk import and a mapping chooser read them all). */
async function allPages<T>(read: (page: { limit: number; offset: number }) => Promise<Page<T>>): Promise<T[]> {
  const out: T[] = [];
  for (let offset = 0; ; offset += pageSize) {
    const page = await read({ limit: pageSize, offset });
    out.push(...page.items);
    if (!page.items.length || out.length >= page.total) return out;
  }
}

const allClients = (d: Pick<AppClientDeps, 'clients'>, practice: Practice): Promise<Client[]> =>
  allPages((page) => d.clients.search(practice.id, '', page));

/** Every record of a view of the app's clients. */
export const allRecords = (d: Pick<AppClientDeps, 'appClients'>, practice: Practice, app: AppId, view: AppClientView): Promise<AppClient[]> =>
  allPages((page) => d.appClients.list(practice.id, app, { view, ...page }));

/** What matching reads: the clients not yet tied to one of the app's records, indexed. */
export type MatchContext = { readonly index: ClientIndex };

export async function matchContext(d: AppClientDeps, practice: Practice, app: AppId): Promise<MatchContext> {
  const linkedClients = new Set((await d.links.list(practice.id, app)).map((l) => l.clientId));
  const clients = await allClients(d, practice);
  return { index: indexClients(clients.filter((c) => !linkedClients.has(c.id))) };
}

/** The clients a person said each record is not ("not the same"), by record. */
export async function rejectedByRecord(d: AppClientDeps, practice: Practice, app: AppId, records: readonly AppClient[]): Promise<Map<string, Set<ClientId>>> {
  const out = new Map<string, Set<ClientId>>();
  for (const m of await d.appClients.rejectedMatches(practice.id, app, records.map((r) => r.externalId))) {
    const set = out.get(m.externalId) ?? new Set<ClientId>();
    out.set(m.externalId, set.add(m.clientId));
  }
  return out;
}

/** Each record's matches, with the "not the same" a person said for it left out of the possible ones. */
export async function matchesFor(d: AppClientDeps, practice: Practice, app: AppId, records: readonly AppClient[], ctx: MatchContext): Promise<Map<string, RecordMatches>> {
  const rejected = await rejectedByRecord(d, practice, app, records);
  return new Map(records.map((r) => [r.externalId, matchRecord(r, ctx.index, rejected.get(r.externalId))]));
}

export const audit = (d: AppClientDeps, actor: Actor, action: string, subject: string, detail: Record<string, unknown>) =>
  d.audit.record({ practiceId: actor.practice.id, at: d.clock.now(), ...byActor(actor), action, subject, detail });

/**
 * The link a person's choice makes. Its baseline is the app's name as it is now, so a name sync brings
 * in the app's later renames but never the difference the person linked across ("Acme Co Limited"
 * mapped to Sage's "Acme Co Ltd" keeps its name).
 */
const linkOf = (practiceId: PracticeId, app: ImportApp, record: AppClient, client: Client): AppLink =>
  ({ practiceId, provider: app.id, externalId: record.externalId, clientId: client.id, syncLevel: 'all', baseline: { name: record.name } });

/** A refused link in the words of the import: whose the record is, or which record the client has. */
const refusal = async (d: AppClientDeps, practiceId: PracticeId, app: ImportApp, record: AppClient, client: Client, e: LinkRefused): Promise<AppClientError> =>
  e.kind === 'linked-elsewhere'
    ? { kind: 'linked-elsewhere', app, record, holder: await d.clients.get(practiceId, e.clientId) }
    : { kind: 'client-mapped', app, client, current: await d.appClients.get(practiceId, app.id, e.externalId), record };

/**
 * Ties the record to the client by a person's choice (or an exact match), refusing, with nothing
 * written, a record that is another client's. `replaceMapping`: a client already tied to another of
 * the app's records is moved to this one (`client map`); otherwise that is refused too.
 */
export async function linkRecord(
  d: AppClientDeps, actor: Actor, app: ImportApp, record: AppClient, client: Client, o: { readonly replaceMapping: boolean; readonly action: string },
): Promise<Result<{ readonly replaced: AppLink | null }, AppClientError>> {
  const practiceId = actor.practice.id;
  const holder = await d.links.find(practiceId, app.id, record.externalId);
  if (holder?.clientId === client.id) return ok({ replaced: null });
  // The store settles a race between two people: the record is one client's, a client has one record.
  const linked = await d.links.link(linkOf(practiceId, app, record, client), { replace: o.replaceMapping });
  if (!linked.ok) return err(await refusal(d, practiceId, app, record, client, linked.error));
  await audit(d, actor, `${app.id}.${o.action}`, client.name, {
    clientId: client.id, externalId: record.externalId, record: record.name, ...(linked.value.replaced ? { replaced: linked.value.replaced.externalId } : {}),
  });
  return ok(linked.value);
}

/** A new client made from the record (its name, email, VAT and company numbers), saved and linked. */
export async function createFromRecord(d: AppClientDeps, actor: Actor, app: ImportApp, record: AppClient): Promise<Result<Client, AppClientError>> {
  const now = d.clock.now();
  const client: Client = {
    id: asId(d.ids.next()), practiceId: actor.practice.id, status: 'client', name: record.name.trim(), createdAt: now, updatedAt: now,
    ...(record.email?.trim() ? { email: record.email.trim() } : {}),
    ...(record.vatNumber ? { vatNumber: record.vatNumber } : {}),
    ...(record.companyNumber ? { companyNumber: record.companyNumber } : {}),
  };
  // The store decides names: two people converting one record at once make one client.
  const added = await d.clients.add(client);
  if (!added.ok) return err({ kind: 'name-taken', app, record, existing: added.error.existing });
  const linked = await d.links.link(linkOf(client.practiceId, app, record, client));
  if (!linked.ok) return err(await refusal(d, client.practiceId, app, record, client, linked.error));
  await audit(d, actor, `${app.id}.client_imported`, client.name, { clientId: client.id, externalId: record.externalId });
  return ok(client);
}
