import type { ClientId, ConnectionId, PracticeId, SyncRunId } from '../shared/ids.js';
import type { AuditEvent } from './audit.js';
import type { Client, Contact } from './client.js';
import type { AppConnection, AppLink, Provider, SyncRun } from './connection.js';
import type { Practice } from './practice.js';
import type { ChatIdentity, User } from './user.js';

/** Every store method takes the practice: no query can reach another practice's rows. */
export interface PracticeStore {
  get(id: PracticeId): Promise<Practice | null>;
  /** The practice a chat workspace (Slack team, Teams tenant, shell) belongs to; null before set-up. */
  findByWorkspace(platform: ChatIdentity['platform'], workspaceId: string): Promise<Practice | null>;
  /** Creates the practice and ties the workspace to it. */
  create(practice: Practice, workspace: Pick<ChatIdentity, 'platform' | 'workspaceId'>): Promise<void>;
  save(practice: Practice): Promise<void>;
  list(): Promise<Practice[]>;
}

export interface UserStore {
  findByIdentity(practiceId: PracticeId, identity: ChatIdentity): Promise<User | null>;
  list(practiceId: PracticeId): Promise<User[]>;
  save(user: User): Promise<void>;
}

export type Page<T> = { readonly items: readonly T[]; readonly total: number };

export interface ClientStore {
  get(practiceId: PracticeId, id: ClientId): Promise<Client | null>;
  /** Clients whose name matches exactly, ignoring case, spacing and a trailing full stop. */
  findByName(practiceId: PracticeId, name: string): Promise<Client[]>;
  /** Name, trade name or email containing the query (all when empty), ordered by name. */
  search(practiceId: PracticeId, query: string, page: { limit: number; offset: number }): Promise<Page<Client>>;
  save(client: Client): Promise<void>;
  saveMany(clients: readonly Client[]): Promise<void>;
}

export interface ContactStore {
  listForClient(practiceId: PracticeId, clientId: ClientId): Promise<Contact[]>;
  save(practiceId: PracticeId, contact: Contact): Promise<void>;
}

export interface AuditLog {
  record(event: AuditEvent): Promise<void>;
  /** Newest first. */
  recent(practiceId: PracticeId, limit: number): Promise<AuditEvent[]>;
}

export interface ConnectionStore {
  get(practiceId: PracticeId, id: ConnectionId): Promise<AppConnection | null>;
  list(practiceId: PracticeId, provider?: Provider): Promise<AppConnection[]>;
  findByExternalId(practiceId: PracticeId, provider: Provider, externalId: string): Promise<AppConnection | null>;
  save(connection: AppConnection): Promise<void>;
  remove(practiceId: PracticeId, id: ConnectionId): Promise<void>;
}

export interface AppLinkStore {
  find(practiceId: PracticeId, provider: Provider, externalId: string): Promise<AppLink | null>;
  forClient(practiceId: PracticeId, clientId: ClientId): Promise<AppLink[]>;
  list(practiceId: PracticeId, provider: Provider): Promise<AppLink[]>;
  save(link: AppLink): Promise<void>;
}

export interface SyncRunStore {
  get(practiceId: PracticeId, id: SyncRunId): Promise<SyncRun | null>;
  save(run: SyncRun): Promise<void>;
  latest(practiceId: PracticeId, provider: Provider): Promise<SyncRun | null>;
}
