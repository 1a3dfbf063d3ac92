import { normaliseName, type Client, type Contact, type NameTaken } from '../../domain/practice/client.js';
import type { AppConnection, AppLink, SyncRun } from '../../domain/practice/connection.js';
import type { AppId } from '../../domain/apps/app-id.js';
import type { AppLinkStore, ClientStore, ConnectionStore, ContactStore, LinkRefused, SyncRunStore } from '../../domain/practice/ports.js';
import type { ClientId, ConnectionId, PracticeId, SyncRunId } from '../../domain/shared/ids.js';
import { err, ok, type Result } from '../../domain/shared/result.js';

export class InMemoryClientStore implements ClientStore {
  private readonly clients = new Map<string, Client>();

  async get(practiceId: PracticeId, id: ClientId) {
    const c = this.clients.get(id);
    return c && c.practiceId === practiceId ? c : null;
  }
  async findByName(practiceId: PracticeId, name: string) {
    return this.all(practiceId).filter((c) => normaliseName(c.name) === normaliseName(name));
  }
  async search(practiceId: PracticeId, query: string, page: { limit: number; offset: number }) {
    const q = query.trim().toLowerCase();
    const matches = this.all(practiceId)
      .filter((c) => !q || [c.name, c.tradeName, c.email].some((v) => v?.toLowerCase().includes(q)))
      .sort((a, b) => normaliseName(a.name).localeCompare(normaliseName(b.name)) || a.id.localeCompare(b.id));
    return { items: matches.slice(page.offset, page.offset + page.limit), total: matches.length };
  }
  async add(client: Client): Promise<Result<Client, NameTaken>> { return this.save(client); }
  async save(client: Client): Promise<Result<Client, NameTaken>> {
    const clash = this.taken(client);
    if (clash) return clash;
    this.clients.set(client.id, client);
    return ok(client);
  }
  /** Names are unique per practice, as the database's index keeps them. */
  private taken(client: Client) {
    const existing = this.all(client.practiceId).find((c) => c.id !== client.id && normaliseName(c.name) === normaliseName(client.name));
    return existing ? err<NameTaken>({ kind: 'name-taken', existing }) : null;
  }
  async saveMany(clients: readonly Client[]) { for (const c of clients) this.clients.set(c.id, c); }
  private all(practiceId: PracticeId) { return [...this.clients.values()].filter((c) => c.practiceId === practiceId); }
}

export class InMemoryContactStore implements ContactStore {
  private readonly contacts = new Map<string, { practiceId: PracticeId; contact: Contact }>();
  async listForClient(practiceId: PracticeId, clientId: ClientId) {
    return [...this.contacts.values()]
      .filter((c) => c.practiceId === practiceId && c.contact.clientId === clientId)
      .map((c) => c.contact).sort((a, b) => a.name.localeCompare(b.name));
  }
  async save(practiceId: PracticeId, contact: Contact) { this.contacts.set(contact.id, { practiceId, contact }); }
}

export class InMemoryConnectionStore implements ConnectionStore {
  private readonly connections = new Map<string, AppConnection>();
  async get(practiceId: PracticeId, id: ConnectionId) {
    const c = this.connections.get(id);
    return c && c.practiceId === practiceId ? c : null;
  }
  async list(practiceId: PracticeId, provider?: AppId) {
    return [...this.connections.values()]
      .filter((c) => c.practiceId === practiceId && (!provider || c.provider === provider))
      .sort((a, b) => a.label.localeCompare(b.label));
  }
  async findByExternalId(practiceId: PracticeId, provider: AppId, externalId: string) {
    return (await this.list(practiceId, provider)).find((c) => c.externalId === externalId) ?? null;
  }
  async save(connection: AppConnection) { this.connections.set(connection.id, connection); }
  async remove(practiceId: PracticeId, id: ConnectionId) {
    if (this.connections.get(id)?.practiceId === practiceId) this.connections.delete(id);
  }
}

export class InMemoryAppLinkStore implements AppLinkStore {
  private readonly links = new Map<string, AppLink>();
  /** The client store a sync outcome's client is saved to; only tests that save outcomes with a client need it. */
  constructor(private readonly clients?: ClientStore) {}
  async find(practiceId: PracticeId, provider: AppId, externalId: string) {
    return this.links.get(`${practiceId}:${provider}:${externalId}`) ?? null;
  }
  async forClient(practiceId: PracticeId, clientId: ClientId) {
    return [...this.links.values()].filter((l) => l.practiceId === practiceId && l.clientId === clientId);
  }
  async list(practiceId: PracticeId, provider: AppId) {
    return [...this.links.values()].filter((l) => l.practiceId === practiceId && l.provider === provider);
  }
  async withConflicts(practiceId: PracticeId) {
    return [...this.links.values()].filter((l) => l.practiceId === practiceId && l.conflicts?.length);
  }
  async changedSince(practiceId: PracticeId, provider: AppId, since: Date) {
    if (!this.clients) throw new Error('this InMemoryAppLinkStore was made without the client store its clients\' changes are read from');
    const out: string[] = [];
    for (const l of await this.list(practiceId, provider)) if (((await this.clients.get(practiceId, l.clientId))?.updatedAt ?? 0) >= since) out.push(l.externalId);
    return out.sort();
  }
  async save(link: AppLink) { this.links.set(`${link.practiceId}:${link.provider}:${link.externalId}`, link); }
  async link(link: AppLink, o: { readonly replace?: boolean } = {}): Promise<Result<{ replaced: AppLink | null }, LinkRefused>> {
    const holder = await this.find(link.practiceId, link.provider, link.externalId);
    if (holder && holder.clientId !== link.clientId) return err({ kind: 'linked-elsewhere', clientId: holder.clientId });
    if (holder) return ok({ replaced: null });
    const replaced = (await this.forClient(link.practiceId, link.clientId)).find((l) => l.provider === link.provider) ?? null;
    if (replaced && !o.replace) return err({ kind: 'client-linked', externalId: replaced.externalId });
    if (replaced) this.links.delete(`${replaced.practiceId}:${replaced.provider}:${replaced.externalId}`);
    await this.save(link);
    return ok({ replaced });
  }
  async saveSyncOutcome(link: AppLink, client: Client | null): Promise<Result<void, NameTaken>> {
    if (client) {
      if (!this.clients) throw new Error('this InMemoryAppLinkStore was made without the client store to save into');
      if (client.practiceId !== link.practiceId || client.id !== link.clientId) throw new Error('a sync outcome names its own link\'s client');
      const saved = await this.clients.save(client);
      if (!saved.ok) return saved;
    }
    await this.save(link);
    return ok(undefined);
  }
}

export class InMemorySyncRunStore implements SyncRunStore {
  private readonly runs = new Map<string, SyncRun>();
  /** Runs whose process a test has declared dead, as a stopped worker's would be. */
  readonly orphaned = new Set<string>();
  async get(practiceId: PracticeId, id: SyncRunId) {
    const r = this.runs.get(id);
    return r && r.practiceId === practiceId ? r : null;
  }
  async save(run: SyncRun) { this.runs.set(run.id, run); }
  async latest(practiceId: PracticeId, provider: AppId) {
    return [...this.runs.values()].filter((r) => r.practiceId === practiceId && r.provider === provider)
      .sort((a, b) => +b.startedAt - +a.startedAt)[0] ?? null;
  }
  async claimAbandoned(now: Date) {
    const open = [...this.runs.values()].filter((r) => !r.finishedAt && this.orphaned.has(r.id));
    const closed = open.map((r) => ({ ...r, finishedAt: now, interrupted: true, errors: [...r.errors, 'The bot process running this sync stopped before it finished.'] }));
    for (const r of closed) this.runs.set(r.id, r);
    return closed;
  }
}
