/**
 * The composition root: builds every adapter and use case by hand and hands back what main.ts
 * starts. The only place (with main.ts) that knows both the core and the adapters.
 */
import { RequestContext, type MikroORM } from '@mikro-orm/postgresql';
import type pg from 'pg';
import type { Logger } from 'pino';
import { MikroOrmAppClientStore } from '../adapters/db/app-client-store.js';
import { MikroOrmAppLinkStore } from '../adapters/db/app-link-store.js';
import { MikroOrmAuditLog } from '../adapters/db/audit-log.js';
import { MikroOrmChatDirectory } from '../adapters/db/chat-directory.js';
import { MikroOrmClientStore } from '../adapters/db/client-store.js';
import { MikroOrmConnectionStore } from '../adapters/db/connection-store.js';
import { MikroOrmConnectionLock } from '../adapters/db/connection-lock.js';
import { MikroOrmContactStore } from '../adapters/db/contact-store.js';
import { MikroOrmJobStore } from '../adapters/db/job-store.js';
import { MikroOrmPracticeStore } from '../adapters/db/practice-store.js';
import { createSecretBox } from '../adapters/db/secret-box.js';
import { MikroOrmSyncRunStore } from '../adapters/db/sync-run-store.js';
import { MikroOrmUserStore } from '../adapters/db/user-store.js';
import { createWorkerPresence, newWorkerId } from '../adapters/db/worker-presence.js';
import { createMetrics } from '../adapters/http/metrics.js';
import type { RouteModule } from '../adapters/http/server.js';
import { createShellTerminal } from '../adapters/shell/shell-chat.js';
import { createScheduler } from '../jobs/scheduler.js';
import type { Clock } from '../domain/shared/clock.js';
import { composeApps } from './compose-apps.js';
import { composeAppClients } from './compose-app-clients.js';
import type { Registered } from './apps/registered.js';
import { registerGusto } from '../adapters/gusto/registration.js';
import { registerSage } from '../adapters/sage/registration.js';
import { registerXpm, xpmDeclaration } from '../adapters/xpm/registration.js';
import { composeBilling } from './compose-billing.js';
import { composeJobs } from './compose-jobs.js';
import type { GustoApi, SageApiHost, XpmApiHost } from './compose-sandboxes.js';
import type { ChatCore, ChatRequest } from './chat.js';
import { clientCommands } from './clients/commands.js';
import { createClientUseCases } from './clients/use-cases.js';
import { createChatCore } from './commands/core.js';
import { composeChat } from './compose-chat.js';
import { composeOutbox } from './compose-outbox.js';
import { failedEventsFor } from './outbox/cards.js';
import { composeProposals } from './compose-proposals.js';
import { composeStaff } from './compose-staff.js';
import { publicUrl, type Config } from './config.js';
import { allOf } from './notify.js';
import { randomIds } from './ids.js';
import { practiceCommands } from './practice/commands.js';
import { syncCommands } from './sync/commands.js';
import { createSyncUseCases } from './sync/use-cases.js';
import { createPracticeUseCases } from './practice/use-cases.js';

export type Infrastructure = {
  readonly config: Config;
  readonly orm: MikroORM;
  /** Gusto's API host, or (no credentials) the sandbox mounted on the bot's own HTTP server. */
  readonly gustoApi: GustoApi;
  /** Sage's API hosts, or (no credentials) its sandbox mounted on the bot's own HTTP server. */
  readonly sageApi: SageApiHost;
  /** Xero Practice Manager's hosts, or (no credentials) its sandbox mounted on the bot's own HTTP server. */
  readonly xpmApi: XpmApiHost;
  readonly pool: pg.Pool;
  readonly logger: Logger;
  readonly encryptionKey: Buffer;
  /** In the shell the terminal is also a notification channel. */
  readonly mode: 'service' | 'shell';
  /** Where the shell's cards (replies, progress, notifications) go; stdout in `npm run shell`. */
  readonly write: (text: string) => void;
  /** `write` goes to a terminal that shows ANSI bold and italic (a TTY); plain text otherwise. */
  readonly ansi?: boolean;
  readonly clock?: Clock;
};

export const systemClock: Clock = { now: () => new Date() };

/** The database answers a trivial query in time: readiness must not hang while the server is away. */
const answersWithin = async (pool: pg.Pool, ms: number): Promise<boolean> => {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((done) => { timer = setTimeout(() => done(false), ms); });
  const answer = pool.query('select 1').then(() => true, () => false);
  try {
    return await Promise.race([answer, late]);
  } finally {
    clearTimeout(timer);
  }
};

export function compose(infra: Infrastructure) {
  const { config, orm, logger } = infra;
  const clock = infra.clock ?? systemClock;
  const ids = randomIds;
  const inScope = <T>(fn: () => Promise<T>): Promise<T> => RequestContext.create(orm.em, fn);
  const em = orm.em;

  const practices = new MikroOrmPracticeStore(em);
  const users = new MikroOrmUserStore(em);
  const clients = new MikroOrmClientStore(em);
  const contacts = new MikroOrmContactStore(em);
  const audit = new MikroOrmAuditLog(em);
  const connections = new MikroOrmConnectionStore(em, createSecretBox(infra.encryptionKey));
  const links = new MikroOrmAppLinkStore(em);
  // The apps' clients as last read, for importing them; what is linked is read from `links`.
  const appClients = new MikroOrmAppClientStore(em);
  // This process's name on the jobs it locks and the syncs it runs; its presence in the database
  // tells other processes it is alive, and its absence that they may take its work over.
  const presence = createWorkerPresence({
    connection: infra.pool.options, id: newWorkerId(process.pid),
    onLost: (error) => logger.warn({ err: error }, 'lost the worker presence connection; taking it again'),
  });
  const syncRuns = new MikroOrmSyncRunStore(em, presence.id);

  const metrics = createMetrics();
  const scheduler = createScheduler({
    pool: infra.pool,
    name: presence.id,
    presence,
    onOutcome: metrics.observeJob,
    onFailure: (job, error) => logger.error({ err: error, job }, 'job failed'),
    onConnectionError: (error) => logger.warn({ err: error }, 'job notifications lost their database connection; reconnecting'),
  });
  const terminal = createShellTerminal({ write: infra.write, ansi: infra.ansi === true });
  const chat = composeChat({
    config, em, log: logger.child({ area: 'chat' }), clock, ids, inScope, users, practices,
    otherReplies: { shell: terminal.replies },
  });
  const notifier = infra.mode === 'shell' ? allOf(chat.notifier, terminal.notifier) : chat.notifier;
  // XPM's staff (as users here) and job templates (what services link to), imported by its sync.
  const staff = composeStaff({ em, users, notifier, clock, app: { id: 'xpm', name: xpmDeclaration(false).name, sandbox: infra.xpmApi.sandbox !== null },
    onError: (error, what) => logger.warn({ err: error }, what) });
  // The outbox writes through the registered apps, which are composed below (they record their writes in it).
  const outbox = composeOutbox({
    em, notifier, agenda: scheduler.agenda, clock, ids, inScope, log: logger.child({ area: 'outbox' }),
    writers: (app, kind) => apps.writers(app, kind), budgets: (app) => apps.budgets(app), appName: (app) => apps.nameOf(app),
    failureCards: { invoice: (...a) => billing.failureCards.invoice(...a), job: (...a) => jobs.failureCards.job(...a) },
  });
  const proposals = composeProposals({
    em, wakeOutbox: outbox.wake, wakeBilling: () => billing.wake(), publicUrl: publicUrl(config), encryptionKey: infra.encryptionKey, smtpUrl: config.SMTP_URL, mailFrom: config.MAIL_FROM,
    stores: { practices, clients, contacts, links, audit, connections }, notifier, clock, ids, inScope, jobTemplates: staff.jobTemplates,
    // Apps and the import use cases are composed below; a proposal reaches them only when it names a client.
    offeredClients: {
      search: (...a) => apps.offeredClients?.search(...a) ?? Promise.resolve([]),
      appName: (provider) => apps.offeredClients?.appName(provider),
    },
    adoptAppClient: (...a) => appClientImport.adopt(...a),
    // Job deployment is composed below, after the apps it makes jobs in.
    jobs: { writesOnAcceptance: (p) => jobs.onAcceptance.writesOnAcceptance(p), wakeJobs: (p) => jobs.onAcceptance.wakeJobs(p) },
  });

  // The registered apps: each is a folder of adapters plus one registration.
  let gusto: ReturnType<typeof registerGusto> | undefined;
  const apps = composeApps({
    publicUrl: publicUrl(config), em, encryptionKey: infra.encryptionKey,
    stores: { practices, connections, links, clients, syncRuns, audit, appClients },
    notifier, replies: chat.replies, clock, ids, inScope, agenda: scheduler.agenda, billing: proposals.gustoBilling, writes: outbox.writes,
    onError: (error, what) => logger.error({ err: error }, what),
  }, (ctx) => [
    gusto = registerGusto({ api: infra.gustoApi, webhookSecret: config.GUSTO_WEBHOOK_SECRET,
      onWarning: (message, detail) => logger.warn(detail, message) }, ctx),
    // Billing is composed below; the writer reaches its deployment only when an invoice is sent.
    registerSage({ host: infra.sageApi, deployment: {
      prepare: (e) => billing.deployment!.prepare(e), recorded: (e, placed) => billing.deployment!.recorded(e, placed),
      oneCustomerAtATime: (c, name, work) => billing.deployment!.oneCustomerAtATime(c, name, work),
      contactFree: (e, contactId) => billing.deployment!.contactFree(e, contactId),
    } }, ctx),
    // Job deployment is composed below; the writers reach it only when a job or a new client is sent.
    registerXpm({ host: infra.xpmApi, clock, directory: staff.importer, jobs: {
      clientOf: (...a) => jobs.deployment.clientOf(...a), recordFree: (...a) => jobs.deployment.recordFree(...a),
      linked: (...a) => jobs.deployment.linked(...a), oneClientAtATime: (c, id, work) => jobs.deployment.oneClientAtATime(c, id, work),
      jobCreated: (...a) => jobs.deployment.jobCreated(...a),
    } }, ctx),
  ]);
  const billing = composeBilling({
    em, stores: { practices, clients, connections, links, audit, appClients },
    ledgerApp: apps.useCases.each.find((u) => u.app.declaration.capabilities.includes('issue-invoices')) ?? null,
    smartBilling: apps.useCases.smartBilling, outbox: outbox.useCases, wakeOutbox: outbox.wake, notifier,
    agenda: scheduler.agenda, clock, ids, inScope,
  });

  const jobs = composeJobs({
    em, stores: { practices, clients, contacts, connections, links }, jobStore: (on) => new MikroOrmJobStore(on), apps: apps.registered,
    wakeOutbox: outbox.wake, agenda: scheduler.agenda, clock, ids, inScope, onError: (error, what) => logger.error({ err: error }, what),
  });

  scheduler.onTakeover((taken) => inScope(() => apps.closeInterrupted(taken)));

  const appClientImport = composeAppClients({
    stores: { clients, links, connections, audit }, appClients, clock, ids, apps: apps.registered.map((a) => a.declaration), perRecord: inScope,
    lock: new MikroOrmConnectionLock(em),
  });
  const clientUseCases = createClientUseCases({ clients, contacts, links, connections, audit, clock, ids, appClients: appClientImport.clientMappings });
  const syncUseCases = createSyncUseCases({ clients, links, audit, clock, findClient: clientUseCases.find, writes: outbox.writes });
  // A new time zone moves the practice's daily app syncs with it.
  const practiceUseCases = createPracticeUseCases({ practices, audit, clock }, (practice) => apps.rescheduleDaily(scheduler.agenda, practice));

  // What this install has: the wired apps and the events its areas post. Cards that name apps or events read only this.
  const registered: Registered = { apps: apps.info, events: [
    ...proposals.events, ...billing.events, ...jobs.events, ...apps.info.flatMap((a) => a.events),
    ...failedEventsFor(apps.registered.flatMap((a) => Object.keys(a.adapters.writers ?? {}))),
  ] };
  const core = createChatCore({
    practices, users, audit, clock, ids, directory: new MikroOrmChatDirectory(em),
    commands: [...practiceCommands(practiceUseCases), ...clientCommands(clientUseCases, apps.info), ...appClientImport.commands, ...proposals.commands, ...billing.commands, ...apps.commands, ...syncCommands(syncUseCases, apps.info), ...outbox.commands, ...chat.commands(registered, { staffLinks: staff.staffLinks }), ...staff.commands],
    ...(apps.sandboxed.length ? { footerNote: `Sandbox: ${apps.sandboxed.join(', ')} ${apps.sandboxed.length === 1 ? 'is' : 'are'} simulated on this install, no real accounts` } : {}),
    roleForNewUser: (request) => (request.identity.platform === 'shell' ? config.SHELL_ROLE : 'staff'),
    onError: (error, request) => logger.error({ err: error, platform: request.identity.platform, text: request.text.slice(0, 80) }, 'command failed'),
  });
  const scopedCore: ChatCore = { handle: (request: ChatRequest) => inScope(() => core.handle(request)) };

  const routes: RouteModule[] = [...chat.routes(scopedCore, registered), ...proposals.routes, ...apps.routes];
  const notReady = async (): Promise<string[]> => {
    const waiting: string[] = [];
    if (!(await answersWithin(infra.pool, 1_500))) waiting.push('database');
    if (!scheduler.isReady()) waiting.push('scheduler');
    return waiting;
  };

  return {
    core: scopedCore, inScope, scheduler, metrics, routes, notReady, replies: chat.replies, notifier, terminal, chat, proposals, apps, outbox, billing, jobs,
    /** Gusto's sandbox and webhook set-up, for the install's own checks (end-to-end tests, the bench). */
    gusto: { sandbox: infra.gustoApi.sandbox, webhooks: gusto!.webhookSetup },
    /** Sage's sandbox (null against the real Sage), for the install's own checks. */
    sage: { sandbox: infra.sageApi.sandbox },
    /** The XPM sandbox (null against the real XPM), for the install's own checks. */
    xpm: { sandbox: infra.xpmApi.sandbox },
    stores: { practices, users, clients, contacts, audit, connections, links, syncRuns, appClients },
    useCases: { clients: clientUseCases, practice: practiceUseCases, proposals: proposals.useCases, apps: apps.useCases },
  };
}

export type App = ReturnType<typeof compose>;
