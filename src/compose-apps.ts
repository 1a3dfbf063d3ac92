/**
 * Wires the registered apps: the database adapters every app shares, each app's use cases, the shared
 * chat verbs, the OAuth callback and webhook routes, and the one sync job. Part of the composition
 * root, called from compose.ts (and from the end-to-end tests and the bench, so they run the wiring
 * the bot runs).
 */
import { createHmac } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Agenda } from 'agenda';
import type { FastifyInstance } from 'fastify';
import { MikroOrmConnectionLock } from '../adapters/db/connection-lock.js';
import { MikroOrmOAuthNonces, MikroOrmPracticeFlags, MikroOrmWebhookReceipts } from '../adapters/db/app-stores.js';
import { createSecretBox } from '../adapters/db/secret-box.js';
import { registerAppWebhookRoutes, type WebhookReceiver } from '../adapters/http/routes/app-webhooks.js';
import { registerOAuthRoutes } from '../adapters/http/routes/oauth.js';
import type { PracticeFlags } from '../domain/apps/ports.js';
import type { AppLinkStore, AuditLog, ClientStore, ConnectionStore, PracticeStore, SyncRunStore } from '../domain/practice/ports.js';
import type { AppClientStore } from '../domain/sync/ports.js';
import type { Clock, IdGenerator } from '../domain/shared/clock.js';
import type { PracticeId } from '../domain/shared/ids.js';
import { ensureDailySync, queueAccountSync, queueSync, registerAppJobs, resumesSync } from '../jobs/app-sync.js';
import type { ReleasedJob } from '../jobs/scheduler.js';
import type { ConversationReplies } from './chat.js';
import type { Notifier } from './notify.js';
import { syncsClients, type AppDeclaration, type AppWriter, type RegisteredApp } from './apps/app.js';
import type { OutboxEntry } from '../domain/outbox/entry.js';
import type { OutboxWriter } from '../domain/outbox/ports.js';
import type { AppConnection } from '../domain/practice/connection.js';
import type { AccessToken, AppError } from '../domain/apps/ports.js';
import { TokenUnavailable } from './apps/tokens.js';
import { appCommands } from './apps/commands.js';
import type { AppBudget, OutboxWriters } from './outbox/writes.js';
import type { WriteQueue } from './apps/owed-writes.js';
import { appNamesOf, type AppInfo } from './apps/registered.js';
import type { SyncOutcome, SyncRequest } from './apps/sync.js';
import { createAppsUseCases, type AppDeps, type AppUseCases } from './apps/use-cases.js';
import { createWebhookEvents } from './apps/webhooks.js';
import { createOfferedClients } from './apps/offered-search.js';

/** What a registration gets to bind its adapters to this install. */
export type RegistrationContext = {
  readonly publicUrl: string;
  readonly flags: PracticeFlags;
  readonly secrets: { seal(plain: string): string; open(sealed: string): string };
  readonly redirectUri: (app: string) => string;
  readonly webhookUrl: (app: string) => string;
};

export type AppsInfra = {
  /** Where people reach the bot; the OAuth redirects and webhooks are under it. */
  readonly publicUrl: string;
  readonly em: EntityManager;
  /** The install's 32-byte key; each app's OAuth state key is derived from it. */
  readonly encryptionKey: Buffer;
  readonly stores: {
    readonly practices: PracticeStore; readonly connections: ConnectionStore; readonly links: AppLinkStore;
    readonly clients: ClientStore; readonly syncRuns: SyncRunStore; readonly audit: AuditLog;
    /** The apps' clients as last read; an app that offers its clients for import (Sage) needs it to sync. */
    readonly appClients?: AppClientStore;
  };
  readonly notifier: Notifier;
  readonly replies: ConversationReplies;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly inScope: <T>(fn: () => Promise<T>) => Promise<T>;
  /** Background jobs; without it (tests, bench) syncs run inline. */
  readonly agenda?: Agenda;
  readonly onError?: (error: unknown, what: string) => void;
  /** From billing: see AppDeps. */
  readonly billing?: Pick<AppDeps, 'onClientLinked' | 'lastBilled' | 'chosenCompany' | 'policy'>;
  /** The outbox, where two-way changes of ours are recorded for their app; without it nothing is written to apps. */
  readonly writes?: WriteQueue;
};

/** The context registrations bind to: the shared stores and the URLs under PUBLIC_URL. */
export const registrationContext = (x: Pick<AppsInfra, 'publicUrl' | 'em' | 'encryptionKey'>): RegistrationContext => ({
  publicUrl: x.publicUrl,
  flags: new MikroOrmPracticeFlags(x.em),
  secrets: createSecretBox(x.encryptionKey),
  redirectUri: (app) => `${x.publicUrl}/oauth/${app}/callback`,
  webhookUrl: (app) => `${x.publicUrl}/webhooks/${app}`,
});

/** Why a write could not be made, as the outbox reads it: a connection a person must fix is never retried alone. */
const unavailable = (app: AppDeclaration, e: AppError) =>
  Object.assign(new Error(`${app.name}: ${e.detail}`), { kind: e.kind === 'needs-reconnect' ? 'reconnect-needed' : 'app-down' });

/**
 * An app's writer as the outbox calls it: with a token for the practice's active connection to the
 * app, refreshed under the connection's lock like any other call.
 */
const withConnectionToken = (connections: ConnectionStore, u: AppUseCases, writer: AppWriter): OutboxWriter => {
  const app = u.app.declaration;
  const connected = async (e: OutboxEntry): Promise<[AccessToken, AppConnection]> => {
    const connection = (await connections.list(e.practiceId, app.id)).find((c) => c.status === 'active');
    if (!connection) throw unavailable(app, { kind: 'needs-reconnect', detail: `no ${app.account.one} is connected` });
    const source = u.tokens.tokenSource(connection);
    const token: AccessToken = async (o) => {
      try {
        return await source(o);
      } catch (error) {
        throw error instanceof TokenUnavailable ? unavailable(app, error.error) : error;
      }
    };
    return [token, connection];
  };
  return { lookup: async (e) => writer.lookup(e, ...(await connected(e))), create: async (e) => writer.create(e, ...(await connected(e))) };
};

/** Builds every registered app: `register` receives the context its adapters bind to. */
export function composeApps(x: AppsInfra, register: (ctx: RegistrationContext) => readonly RegisteredApp[]) {
  const ctx = registrationContext(x);
  const registered = register(ctx);
  const stateKey = (app: string) => createHmac('sha256', x.encryptionKey).update(`${app}-oauth-state`).digest();
  const background = (what: string, work: () => Promise<unknown>) => { void x.inScope(work).catch((e: unknown) => x.onError?.(e, what)); };

  /**
   * The one place that decides queue or inline: with a scheduler, a sync is a job; without one
   * (tests, the bench) or for the shell (no 3-second deadline), it runs here and returns its outcome.
   */
  const startSync = async (u: AppUseCases, practiceId: PracticeId, req: SyncRequest, o: { wait: boolean }): Promise<SyncOutcome | null> => {
    if (!x.agenda || (o.wait && req.replyTo?.platform === 'shell')) {
      // Run here, the result is the reply itself: no progress message to keep up to date.
      if (o.wait) return u.sync.sync(practiceId, { trigger: req.trigger, ...(req.externalId ? { externalId: req.externalId } : {}) });
      background(`${u.app.declaration.id} sync`, () => u.sync.sync(practiceId, req));
      return null;
    }
    const id = u.app.declaration.id;
    if (req.trigger === 'webhook' && req.externalId) await queueAccountSync(x.agenda, id, practiceId, req.externalId);
    else await queueSync(x.agenda, id, practiceId, req);
    return null;
  };

  const deps = (app: string): AppDeps => ({
    practices: x.stores.practices, connections: x.stores.connections, links: x.stores.links, clients: x.stores.clients,
    runs: x.stores.syncRuns, audit: x.stores.audit, notifier: x.notifier, replies: x.replies, clock: x.clock, ids: x.ids,
    lock: new MikroOrmConnectionLock(x.em), nonces: new MikroOrmOAuthNonces(x.em), flags: ctx.flags,
    sign: (data) => createHmac('sha256', stateKey(app)).update(data).digest('hex'),
    requestSync: async (practiceId, req) => {
      const u = useCases.byId.get(app)!;
      if (!syncsClients(u.app.declaration)) return;
      // A practice's first connection also starts its daily schedule (re-registering is harmless).
      const practice = x.agenda && req.trigger === 'connect' ? await x.stores.practices.get(practiceId) : null;
      if (practice && x.agenda) await ensureDailySync(x.agenda, { id: app, dailyAt: u.app.declaration.dailySync }, practice);
      if (x.agenda) await startSync(u, practiceId, req, { wait: false });
      else await u.sync.sync(practiceId, req);
    },
    ...(x.stores.appClients ? { appClients: x.stores.appClients } : {}),
    perCompany: x.inScope, ...x.billing, ...(x.onError ? { onError: x.onError } : {}), ...(x.writes ? { writes: x.writes } : {}),
  });
  // Each app signs its own OAuth state; the rest of its deps are shared.
  const useCases = createAppsUseCases(registered, deps(''), (app) => deps(app));

  const commands = [
    ...appCommands({ apps: useCases, startSync: (u, practiceId, req) => startSync(u, practiceId, req, { wait: true }) }),
    ...registered.flatMap((a) => a.adapters.commands ?? []),
  ];

  const receivers = new Map<string, WebhookReceiver>();
  for (const u of useCases.each) {
    const receive = u.app.adapters.receiveWebhook;
    if (!receive) continue;
    const onEvent = createWebhookEvents(u.app.declaration, {
      practices: x.stores.practices, connections: x.stores.connections, receipts: new MikroOrmWebhookReceipts(x.em), clock: x.clock,
      scheduleAccountSync: async (practiceId, externalId) => void (await startSync(u, practiceId, { trigger: 'webhook', externalId }, { wait: false })),
    });
    receivers.set(u.app.declaration.id, (raw, headers) => x.inScope(() => receive(raw, headers, async (e) => void (await onEvent(e)))));
  }
  const callbacks = new Map(useCases.each.map((u) => [u.app.declaration.id, {
    name: u.app.declaration.name, handleCallback: (q: Parameters<typeof u.connect.handleCallback>[0]) => x.inScope(() => u.connect.handleCallback(q)),
  }]));
  const routes = [
    ...registered.flatMap((a) => a.adapters.routes ?? []),
    (app: FastifyInstance) => registerOAuthRoutes(app, callbacks),
    (app: FastifyInstance) => registerAppWebhookRoutes(app, receivers),
  ];

  const jobApps = useCases.each.map((u) => ({
    id: u.app.declaration.id, dailyAt: u.app.declaration.dailySync,
    sync: (practiceId: PracticeId, req: SyncRequest) => u.sync.sync(practiceId, req),
    dailySync: (practiceId: PracticeId) => u.dailySync(practiceId),
    ...(u.app.adapters.onStart ? { onStart: u.app.adapters.onStart } : {}),
  }));
  const registerJobs = (agenda: Agenda) => registerAppJobs(agenda, { inScope: x.inScope, apps: jobApps, practices: () => x.stores.practices.list() });

  /** Moves a practice's daily syncs to its new zone, for the apps it has connected. */
  const rescheduleDaily = async (agenda: Agenda, practice: { id: PracticeId; timeZone: string }) => {
    for (const a of jobApps.filter((j) => syncsClients(useCases.byId.get(j.id)!.app.declaration))) if ((await x.stores.connections.list(practice.id, a.id)).length) await ensureDailySync(agenda, a, practice);
  };
  /** Closes the syncs a dead process left open, saying whether the taken-over jobs run them again. */
  const closeInterrupted = (taken: readonly ReleasedJob[]) => useCases.closeInterrupted((practiceId, app) => resumesSync(taken, practiceId, app));

  const info: AppInfo[] = registered.map(({ declaration: d }) => ({ provider: d.id, name: d.name, connect: `connect ${d.id}`, events: d.events }));
  const sandboxed = registered.filter((a) => a.declaration.sandbox).map((a) => a.declaration.name);
  // What the outbox needs from each app: how it writes each kind of record, and its share of a drain.
  const writers: OutboxWriters = (app, kind) => {
    const u = useCases.byId.get(app);
    const writer = u?.app.adapters.writers?.[kind];
    return u && writer ? withConnectionToken(x.stores.connections, u, writer) : undefined;
  };
  const budgets = (app: string): AppBudget | undefined => useCases.byId.get(app)?.app.adapters.budget;
  // The customers apps offer for import, searched when a proposal's client is named (ProposalDeps.offeredClients).
  const offeredClients = x.stores.appClients
    ? createOfferedClients({ apps: registered.map((a) => a.declaration), connections: x.stores.connections, appClients: x.stores.appClients })
    : undefined;
  return { registered, info, nameOf: appNamesOf(info), sandboxed, useCases, commands, routes, registerJobs, rescheduleDaily, closeInterrupted, writers, budgets, offeredClients };
}

export type ComposedApps = ReturnType<typeof composeApps>;
