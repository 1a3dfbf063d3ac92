/**
 * What an app is to the bot: one declaration (static facts every shared command, route, job and card
 * reads) and one bundle of adapters (what only that app knows how to do). An app's registration
 * supplies both; src/compose-apps.ts turns them into the shared commands, routes and jobs.
 */
import type { FastifyInstance } from 'fastify';
import type { AppId } from '../../domain/apps/app-id.js';
import type { AccessToken, AppAuth, AppError } from '../../domain/apps/ports.js';
import type { AppConnection } from '../../domain/practice/connection.js';
import type { PracticeId } from '../../domain/shared/ids.js';
import type { Result } from '../../domain/shared/result.js';
import type { WallClock } from '../../domain/sync/daily-schedule.js';
import type { FieldPolicies } from '../../domain/sync/field-policy.js';
import type { Command } from '../commands/command.js';
import type { NotificationEvent } from '../notify.js';
import type { SyncLevel, SyncTrigger } from '../../domain/practice/connection.js';
import type { FieldChange } from '../../domain/sync/link-state.js';
import type { SyncedRecord } from '../../domain/sync/synced-record.js';
import type { WriteKind } from '../../domain/outbox/entry.js';
import type { OutboxEntry } from '../../domain/outbox/entry.js';
import type { AppBudget } from '../outbox/writes.js';
import type { LedgerChoice, LedgerTaxRate } from '../../domain/invoicing/ledger-settings.js';
import type { AppClientInput } from '../../domain/sync/app-client.js';

/** `ignored`: what the app has that the client's sync level kept out of it. */
export type AccountResult =
  | { readonly kind: 'created' | 'unchanged'; readonly company: string; readonly client: string }
  | { readonly kind: 'updated'; readonly company: string; readonly client: string; readonly changes: readonly FieldChange[]; readonly level: SyncLevel; readonly ignored: readonly FieldChange[] }
  | { readonly kind: 'skipped'; readonly company: string; readonly client: string; readonly level: SyncLevel; readonly ignored: readonly FieldChange[] }
  | { readonly kind: 'failed'; readonly company: string; readonly reason: string; readonly reconnect: boolean }
  /** A linked client the app archived or deleted (found by a full reconcile): reported once, never unlinked or removed here. */
  | { readonly kind: 'gone'; readonly company: string; readonly client: string; readonly state: 'archived' | 'deleted' };

/**
 * What an app can do for a practice. `read-clients`: its accounts sync into clients by themselves (a
 * Gusto company); `import-clients`: its clients are offered for a person to import, link or leave out
 * (a ledger's customers), and only linked ones sync.
 */
export type Capability = 'read-clients' | 'import-clients' | 'write-clients' | 'issue-invoices' | 'create-jobs' | 'count-employees';

export type AppDeclaration = {
  /** The word people type: `connect ID`, `sync ID`; also the key of its rows and its routes. */
  readonly id: AppId;
  readonly name: string;
  readonly auth: 'oauth2';
  /** Runs against its local simulator, not the real app: every card of it says so. */
  readonly sandbox: boolean;
  /** When it syncs every day, in each practice's own zone. */
  readonly dailySync: WallClock;
  readonly capabilities: readonly Capability[];
  /** How each client field it syncs moves (see domain/sync/field-policy.ts). */
  readonly fields: FieldPolicies;
  /** What one connected account is called in cards: "company"/"companies", "organisation"/"organisations". */
  readonly account: { readonly one: string; readonly many: string };
  /** Whether people connect one account per client (each company its own grant) or one per practice. */
  readonly connectsPer: 'client' | 'practice';
  /** What a sync brings, as a card says it: "company details and active employee counts". */
  readonly brings: string;
  /**
   * What a person does next once connected, said on the connected card: the app's own first steps
   * (XPM: its staff to add as users, its job templates to link services to), beside any the capabilities imply.
   */
  readonly afterConnect?: { readonly text: string; readonly buttons: readonly { readonly label: string; readonly command: string }[] };
  /** The events its cards post. */
  readonly events: readonly NotificationEvent[];
  /** What a client first brought in from the app is made: a client (the default) or a lead (XPM's clients arrive as leads). */
  readonly newClientsAs?: 'lead' | 'client';
  /** How long before expiry its access tokens are refreshed, for tokens too short-lived for the default 5 minutes. */
  readonly refreshMarginMs?: number;
};

/** What one sync of one connected account needs from the shared machinery. */
export type AccountSyncContext = {
  readonly practiceId: PracticeId;
  /** The practice's local date, YYYY-MM-DD. */
  readonly today: string;
  readonly token: AccessToken;
  /** The app renamed the account: keep the connection's label in step (under the connection's lock). */
  readonly relabel: (label: string) => Promise<void>;
  /**
   * Brings one of the account's records into its client (found, linked or created) under the field
   * policies and sync level. An account connected per client brings one; one connected per practice
   * brings each of its clients.
   */
  readonly bringIn: (record: SyncedRecord) => Promise<AccountResult>;
  /**
   * The app's ids of the records whose linked client changed here at or after `since`: an app read
   * incrementally re-reads these too, since only bringing a record in finds what its link owes the app.
   */
  readonly changedHere?: (since: Date) => Promise<readonly string[]>;
  /** Why this sync runs: an app may read more when a person asked for it or just connected. */
  readonly trigger?: SyncTrigger;
  /** The app's ids of every record linked to a client here: what a full reconcile compares with the app's live list. */
  readonly linkedIds?: () => Promise<readonly string[]>;
  /** The name of the client here linked to the app's record, or null when none is. */
  readonly linkedClient?: (externalId: string) => Promise<string | null>;
};

/** The answer a webhook route gives the app. */
export type WebhookReply = { readonly status: number; readonly body: Readonly<Record<string, unknown>> };

/** A delivery, checked and read by the app's own adapter: which account it is about. */
export type WebhookEvent = { readonly id: string; readonly type: string; readonly externalId: string; readonly at: Date };

/**
 * How the outbox writes one kind of record to the app (see OutboxWriter in domain/outbox/ports.ts),
 * given a token for the practice's connection (and the connection: which business or tenant it is):
 * `lookup` by our reference always runs before `create`.
 */
export type AppWriter = {
  lookup(entry: OutboxEntry, token: AccessToken, connection: AppConnection): Promise<string | null>;
  create(entry: OutboxEntry, token: AccessToken, connection: AppConnection): Promise<string>;
};

/** One account a grant reaches; `refusal` says why it cannot be connected (a Sage business outside the UK). */
export type GrantedAccount = { readonly externalId: string; readonly label: string; readonly refusal: string | null };

/** What a ledger app (capability `issue-invoices`) offers its settings card: its sales accounts and tax rates. */
export type LedgerAdapter = {
  salesAccounts(connection: AppConnection, token: AccessToken): Promise<LedgerChoice[]>;
  taxRates(connection: AppConnection, token: AccessToken): Promise<LedgerTaxRate[]>;
};

/** What changed among an app's clients: records created or updated, and the ids of those deleted. */
export type AppClientChanges = { readonly changed: readonly AppClientInput[]; readonly deleted: readonly string[] };

/** What only the app knows how to do. */
export type AppAdapters = {
  readonly auth: AppAuth;
  /** The account a freshly granted token belongs to. */
  identify(accessToken: string): Promise<Result<{ externalId: string; label: string }, AppError>>;
  /**
   * For apps whose grant reaches several accounts (a Sage user's businesses): all of them, so a
   * person picks one in chat. Such an app's `identify` is not asked.
   */
  accounts?(accessToken: string): Promise<Result<readonly GrantedAccount[], AppError>>;
  /** Reads one connected account and brings it into our clients: one result per record brought in (capability `read-clients`). */
  syncAccount?(connection: AppConnection, ctx: AccountSyncContext): Promise<AccountResult | readonly AccountResult[]>;
  /**
   * The connected account's clients (capability `import-clients`): those created or updated since
   * `since` (inclusive) and deleted after it, or every live one when `since` is null.
   */
  listClients?(connection: AppConnection, token: AccessToken, since: Date | null): Promise<AppClientChanges>;
  /** The active employees an account has now (capability `count-employees`). */
  countEmployees?(connection: AppConnection, today: string, token: AccessToken): Promise<Result<{ count: number; at: Date }, AppError>>;
  /**
   * POST /webhooks/ID: checks the signature and reads the payload with the app's own schema; calls
   * `onEvent` for each event about an account. The raw body is what the signature covers.
   */
  receiveWebhook?(raw: Buffer, headers: Readonly<Record<string, string | string[] | undefined>>, onEvent: (e: WebhookEvent) => Promise<void>): Promise<WebhookReply>;
  /** Run once per install start, after the server listens (e.g. making sure the app's webhook subscription exists); throws to report. */
  onStart?: () => Promise<void>;
  /** Verbs only this app has; they must not use a shared verb. */
  readonly commands?: readonly Command[];
  /** HTTP routes only this app needs (its sandbox, mounted on the bot's own server). */
  readonly routes?: readonly ((server: FastifyInstance) => Promise<void> | void)[];
  /**
   * How the outbox writes each kind of record to the app (capability `write-clients` and the like):
   * each looks the record up by our reference before it creates one. An app that only reads has none.
   */
  readonly writers?: Readonly<Partial<Record<WriteKind, AppWriter>>>;
  /** A ledger's accounts and rates, for its settings card (capability `issue-invoices`). */
  readonly ledger?: LedgerAdapter;
  /** The app's share of one outbox drain run (its rate limit); the outbox's default otherwise. */
  readonly budget?: AppBudget;
};

/** One app as it is registered: its declaration and its adapters. */
export type RegisteredApp = { readonly declaration: AppDeclaration; readonly adapters: AppAdapters };

/** Whether the app brings clients in, and so syncs: a ledger that only receives invoices does not. */
export const syncsClients = (d: Pick<AppDeclaration, 'capabilities'>): boolean =>
  d.capabilities.includes('read-clients') || d.capabilities.includes('import-clients');

/** Whether the app's clients are offered for import (a ledger's customers) rather than synced in by themselves. */
export const offersClients = (d: Pick<AppDeclaration, 'capabilities'>): boolean => d.capabilities.includes('import-clients');

/** "06:00": the declared daily time as cards print it. */
export const dailyTimeText = (d: Pick<AppDeclaration, 'dailySync'>): string =>
  `${String(d.dailySync.hour).padStart(2, '0')}:${String(d.dailySync.minute).padStart(2, '0')}`;

/** The app is the source of truth for every field it syncs. */
export const appWinsEveryField = (d: Pick<AppDeclaration, 'fields'>): boolean => {
  const policies = Object.values(d.fields);
  return policies.length > 0 && policies.every((p) => p === 'inbound');
};
