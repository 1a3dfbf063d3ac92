import type { ClientId, ConnectionId, PracticeId, SyncRunId, UserId } from '../shared/ids.js';
import type { Result } from '../shared/result.js';
import type { AuditEvent } from './audit.js';
import type { Client, Contact, NameTaken } from './client.js';
import type { AppId } from '../apps/app-id.js';
import type { AppConnection, AppLink, SyncRun } from './connection.js';
import type { Practice } from './practice.js';
import type { ChatIdentity, Role, User } from './user.js';

/** Every store method takes the practice: no query can reach another practice's rows. */
export interface PracticeStore {
  get(id: PracticeId): Promise<Practice | null>;
  /** The practice a chat workspace (Slack team, Teams tenant, shell) belongs to; null before set-up. */
  findByWorkspace(platform: ChatIdentity['platform'], workspaceId: string): Promise<Practice | null>;
  /**
   * Creates the practice and ties the workspace to it, in one step. When the workspace already has a
   * practice (a racing first request made it), writes nothing and returns that one instead.
   */
  create(practice: Practice, workspace: Pick<ChatIdentity, 'platform' | 'workspaceId'>): Promise<Practice>;
  save(practice: Practice): Promise<void>;
  list(): Promise<Practice[]>;
}

/** Who is speaking, found in one look-up: what every chat command needs before it runs. */
export interface ChatDirectory {
  /** The practice a chat workspace belongs to and, once they are known, the person; null before set-up. */
  whoIs(identity: ChatIdentity): Promise<{ practice: Practice; user: User | null } | null>;
}

export interface UserStore {
  findByIdentity(practiceId: PracticeId, identity: ChatIdentity): Promise<User | null>;
  list(practiceId: PracticeId): Promise<User[]>;
  /**
   * Adds a person with their chat identities. When one of those identities is already someone's (a
   * racing first request added them), writes nothing and returns that person instead.
   */
  add(user: User): Promise<User>;
  save(user: User): Promise<void>;
  /**
   * Gives a person a role if `allowed` agrees, judging the practice's people as they are now: role
   * changes in one practice take turns, so two people can't both pass a check the other would fail
   * (both becoming the first admin, both demoting the last other admin). True when the role was set.
   */
  changeRole(practiceId: PracticeId, userId: UserId, role: Role, allowed: (people: readonly User[]) => boolean): Promise<boolean>;
}

export type Page<T> = { readonly items: readonly T[]; readonly total: number };

export interface ClientStore {
  get(practiceId: PracticeId, id: ClientId): Promise<Client | null>;
  /** Clients whose name matches exactly, ignoring case, spacing and a trailing full stop. */
  findByName(practiceId: PracticeId, name: string): Promise<Client[]>;
  /** Name, trade name or email containing the query (all when empty), ordered by name. */
  search(practiceId: PracticeId, query: string, page: { limit: number; offset: number }): Promise<Page<Client>>;
  /** Adds a new client, unless another already has its name (as findByName reads it): then writes nothing. */
  add(client: Client): Promise<Result<Client, NameTaken>>;
  /** Writes a client over its earlier version, unless its (new) name is another client's: then writes nothing. */
  save(client: Client): Promise<Result<Client, NameTaken>>;
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
  list(practiceId: PracticeId, provider?: AppId): Promise<AppConnection[]>;
  findByExternalId(practiceId: PracticeId, provider: AppId, externalId: string): Promise<AppConnection | null>;
  save(connection: AppConnection): Promise<void>;
  remove(practiceId: PracticeId, id: ConnectionId): Promise<void>;
}

export interface AppLinkStore {
  find(practiceId: PracticeId, provider: AppId, externalId: string): Promise<AppLink | null>;
  forClient(practiceId: PracticeId, clientId: ClientId): Promise<AppLink[]>;
  list(practiceId: PracticeId, provider: AppId): Promise<AppLink[]>;
  /**
   * The app's ids of the records whose linked client changed here at or after `since`, in one read:
   * a practice-wide app's daily sync asks this of 15,000 links. Optional: without it, the sync reads
   * each link's client.
   */
  changedSince?(practiceId: PracticeId, provider: AppId, since: Date): Promise<string[]>;
  /** The practice's links holding open conflicts, for any app. */
  withConflicts(practiceId: PracticeId): Promise<AppLink[]>;
  save(link: AppLink): Promise<void>;
  /**
   * Ties a client to one of the app's records by a person's choice (an import, a match approved, a
   * mapping). A client has at most one record per app: with `replace` its earlier link to that app is
   * replaced (a mapping changed), otherwise that is refused. Refused too when the record is another
   * client's. A refusal writes nothing; linking again is a no-op. Settled in the store, so two people
   * choosing at once end with one answer.
   */
  link(link: AppLink, o?: { readonly replace?: boolean }): Promise<Result<{ readonly replaced: AppLink | null }, LinkRefused>>;
  /**
   * Saves a sync's outcome in one transaction: the link's sync state and, when given, its client as
   * changed. When the client's (new) name is another client's, writes neither.
   */
  saveSyncOutcome(link: AppLink, client: Client | null): Promise<Result<void, NameTaken>>;
}

/** The app's record is already tied to another client. */
export type LinkedElsewhere = { readonly kind: 'linked-elsewhere'; readonly clientId: ClientId };
/** Why a link was not made: the record is another client's, or the client has another of the app's records (and no `replace`). */
export type LinkRefused = LinkedElsewhere | { readonly kind: 'client-linked'; readonly externalId: string };

export interface SyncRunStore {
  get(practiceId: PracticeId, id: SyncRunId): Promise<SyncRun | null>;
  save(run: SyncRun): Promise<void>;
  latest(practiceId: PracticeId, provider: AppId): Promise<SyncRun | null>;
  /**
   * Closes, as interrupted at `now`, every run (in any practice) left open by a bot process that has
   * since ended, and returns them. Each run is returned once, to one caller, however many ask at once.
   */
  claimAbandoned(now: Date): Promise<SyncRun[]>;
}
