import type { AuditedBy } from '../../domain/practice/audit.js';
import { applyClientChanges, parseClientChanges, type Client, type ClientChanges, type ClientInputError, type Contact } from '../../domain/practice/client.js';
import type { AppLink } from '../../domain/practice/connection.js';
import type { AppId } from '../../domain/apps/app-id.js';
import type { AppClient } from '../../domain/sync/app-client.js';
import type { AppClientStore } from '../../domain/sync/ports.js';
import type { AppLinkStore, AuditLog, ClientStore, ConnectionStore, ContactStore, Page } from '../../domain/practice/ports.js';
import type { Practice } from '../../domain/practice/practice.js';
import type { Clock, IdGenerator } from '../../domain/shared/clock.js';
import { asId } from '../../domain/shared/ids.js';
import { err, ok, type Result } from '../../domain/shared/result.js';
import { matchClients } from './matching.js';

export type ClientDeps = {
  readonly clients: ClientStore;
  readonly contacts: ContactStore;
  readonly links: AppLinkStore;
  /** Connected apps: the names they know clients by are matched too. */
  readonly connections: ConnectionStore;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** The apps whose clients are imported and mapped (`client map`), and where their records are: the card shows each mapping. */
  readonly appClients?: { readonly store: AppClientStore; readonly apps: readonly AppId[] };
};

export type FindError =
  | { kind: 'not-found'; query: string }
  | { kind: 'ambiguous'; query: string; matches: readonly Client[] };
export type AddError = ClientInputError | { kind: 'duplicate'; existing: Client };

/** A client's record in an app that offers its clients: null when the client is not mapped there. */
export type AppMapping = { readonly provider: AppId; readonly externalId: string | null; readonly record: AppClient | null };

export type ClientDetails = { client: Client; contacts: readonly Contact[]; links: readonly AppLink[]; mappings?: readonly AppMapping[] };

export function createClientUseCases(d: ClientDeps) {
  /** The one client a name means (see matchClients): a single exact match, else a single near one. */
  const find = async (practice: Practice, query: string): Promise<Result<Client, FindError>> => {
    const q = query.trim();
    const { exact, near } = await matchClients(d, practice.id, q);
    const candidates = (exact.length ? exact : near).map((m) => m.client);
    if (candidates.length === 1) return ok(candidates[0]!);
    return candidates.length ? err({ kind: 'ambiguous', query: q, matches: candidates }) : err({ kind: 'not-found', query: q });
  };

  const mappingsOf = async (client: Client, links: readonly AppLink[]): Promise<AppMapping[]> => {
    const a = d.appClients;
    if (!a) return [];
    return Promise.all(a.apps.map(async (provider) => {
      const externalId = links.find((l) => l.provider === provider)?.externalId ?? null;
      return { provider, externalId, record: externalId ? await a.store.get(client.practiceId, provider, externalId) : null };
    }));
  };

  return {
    find,

    async add(practice: Practice, by: AuditedBy, name: string, fields: Readonly<Record<string, string>>): Promise<Result<Client, AddError>> {
      const parsed = parseClientChanges({ name, ...fields });
      if (!parsed.ok) return parsed;
      const now = d.clock.now();
      const client: Client = applyClientChanges(
        { id: asId(d.ids.next()), practiceId: practice.id, status: 'client', name: name.trim(), createdAt: now, updatedAt: now },
        parsed.value,
        now,
      );
      // The store, not a look-up first, decides: ten people adding one name at once make one client.
      const added = await d.clients.add(client);
      if (!added.ok) return err({ kind: 'duplicate', existing: added.error.existing });
      await d.audit.record({ practiceId: practice.id, at: now, ...by, action: 'client.created', subject: client.name, detail: { clientId: client.id } });
      return ok(client);
    },

    async edit(practice: Practice, by: AuditedBy, query: string, fields: Readonly<Record<string, string>>): Promise<Result<{ client: Client; changed: ClientChanges }, FindError | AddError | { kind: 'nothing-to-change' }>> {
      if (!Object.keys(fields).length) return err({ kind: 'nothing-to-change' });
      const found = await find(practice, query);
      if (!found.ok) return found;
      const parsed = parseClientChanges(fields);
      if (!parsed.ok) return parsed;
      const before = found.value;
      const changed = Object.fromEntries(
        Object.entries(parsed.value).filter(([k, v]) => before[k as keyof Client] !== v),
      ) as ClientChanges;
      const client = applyClientChanges(before, changed, d.clock.now());
      if (Object.keys(changed).length) {
        const saved = await d.clients.save(client);
        if (!saved.ok) return err({ kind: 'duplicate', existing: saved.error.existing });
        const was = Object.fromEntries(Object.keys(changed).map((k) => [k, before[k as keyof Client] ?? null]));
        await d.audit.record({ practiceId: practice.id, at: d.clock.now(), ...by, action: 'client.updated', subject: client.name, detail: { clientId: client.id, was, now: changed } });
      }
      return ok({ client, changed });
    },

    async show(practice: Practice, query: string): Promise<Result<ClientDetails, FindError>> {
      const found = await find(practice, query);
      if (!found.ok) return found;
      const client = found.value;
      const [contacts, links] = await Promise.all([
        d.contacts.listForClient(practice.id, client.id),
        d.links.forClient(practice.id, client.id),
      ]);
      return ok({ client, contacts, links, mappings: await mappingsOf(client, links) });
    },

    list(practice: Practice, query: string, page: number, pageSize: number): Promise<Page<Client>> {
      return d.clients.search(practice.id, query, { limit: pageSize, offset: (page - 1) * pageSize });
    },
  };
}

export type ClientUseCases = ReturnType<typeof createClientUseCases>;
