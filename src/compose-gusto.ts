/**
 * Wires Gusto: the HTTP clients (real Gusto or the sandbox mounted on our own server), the database adapters, the
 * use cases, chat verbs, HTTP routes and jobs. Part of the composition root, called from compose.ts
 * (and from the end-to-end test and the bench, so they run the wiring the bot runs).
 */
import { createHmac } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Agenda } from 'agenda';
import type { FastifyInstance } from 'fastify';
import { MikroOrmConnectionLock } from '../adapters/db/connection-lock.js';
import { MikroOrmOAuthNonces, MikroOrmPracticeFlags, MikroOrmWebhookReceipts } from '../adapters/db/gusto-stores.js';
import { createSecretBox } from '../adapters/db/secret-box.js';
import { createGustoPayrollAuth, createGustoPayrollSystem } from '../adapters/gusto/payroll-system.js';
import { createGustoWebhookSubscriptions } from '../adapters/gusto/webhook-subscriptions.js';
import { registerGustoWebhookRoutes } from '../adapters/http/routes/gusto-webhooks.js';
import { registerOAuthRoutes } from '../adapters/http/routes/oauth.js';
import { createGustoSandbox, startGustoSandbox, type ServedGustoSandbox } from '../adapters/sandbox/gusto.js';
import type { AppLinkStore, AuditLog, ClientStore, ConnectionStore, PracticeStore, SyncRunStore } from '../domain/practice/ports.js';
import type { Clock, IdGenerator } from '../domain/shared/clock.js';
import { ensureDailyGustoSync, queueGustoCompanySync, queueGustoSync, registerGustoJobs } from '../jobs/gusto.js';
import type { ConversationReplies } from './chat.js';
import { gustoApp } from './gusto/app.js';
import { gustoCommands } from './gusto/commands.js';
import type { SyncRequest } from './gusto/sync.js';
import { createGustoUseCases, type GustoDeps } from './gusto/use-cases.js';
import { createGustoWebhooks } from './gusto/webhooks.js';
import type { Notifier } from './notify.js';

export const gustoHosts = { production: 'https://api.gusto.com', demo: 'https://api.gusto-demo.com' } as const;

export type GustoApi = {
  /** Where the bot calls Gusto: the configured host, or the sandbox on the bot's own listener. */
  readonly baseUrl: string;
  /** Where people's browsers open Gusto's consent page: the host, or the sandbox under PUBLIC_URL. */
  readonly authorizeBaseUrl: string;
  readonly sandbox: ServedGustoSandbox | null;
  /** What the bot's HTTP server must mount: the sandbox, unless it has a server of its own. */
  readonly routes: readonly ((app: FastifyInstance) => Promise<void>)[];
  close(): Promise<void>;
};

/** The sandbox's own app credentials: it checks them as Gusto checks a real app's. */
export const sandboxCredentials = { clientId: 'sandbox-client', clientSecret: 'sandbox-secret' } as const;

/**
 * The Gusto API to talk to: the configured host, or (no credentials) the sandbox. Given the bot's
 * server, the sandbox mounts on it at /sandbox/gusto, so people reach its consent page at PUBLIC_URL
 * while the bot calls it over its own listener. Without one (tests, the bench) it gets a loopback
 * server of its own.
 */
export async function startGustoApi(c: {
  clientId?: string; env: 'production' | 'demo'; apiBase?: string; sandboxCompanies?: number; sandboxStateFile?: string;
  server?: { readonly publicUrl: string; readonly localUrl: string };
}): Promise<GustoApi> {
  if (c.clientId) {
    const host = c.apiBase ?? gustoHosts[c.env];
    return { baseUrl: host, authorizeBaseUrl: host, sandbox: null, routes: [], close: async () => {} };
  }
  const options = { count: c.sandboxCompanies ?? 25, ...sandboxCredentials, ...(c.sandboxStateFile ? { stateFile: c.sandboxStateFile } : {}) };
  if (!c.server) {
    const sandbox = await startGustoSandbox(options);
    return { baseUrl: sandbox.url, authorizeBaseUrl: sandbox.url, sandbox, routes: [], close: () => sandbox.close() };
  }
  // Gusto reaches us at PUBLIC_URL; the sandbox lives in this process, so it delivers to our own
  // listener instead (a proxy or Docker may not route PUBLIC_URL back to us).
  const { publicUrl, localUrl } = c.server;
  const toListener = (url: string) => (url.startsWith(`${publicUrl}/`) ? `${localUrl}${url.slice(publicUrl.length)}` : url);
  const sandbox = createGustoSandbox({ ...options, deliver: (url, init) => fetch(toListener(url), init) });
  const local = `${localUrl}${sandbox.prefix}`;
  return {
    baseUrl: local, authorizeBaseUrl: `${publicUrl}${sandbox.prefix}`,
    sandbox: { ...sandbox, url: local, close: async () => {} }, routes: [(app) => sandbox.mount(app)], close: async () => {},
  };
}

export type GustoInfra = {
  readonly api: GustoApi;
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly webhookSecret?: string;
  /** Where people reach the bot; the OAuth redirect is under it. */
  readonly publicUrl: string;
  readonly em: EntityManager;
  /** The install's 32-byte key; the OAuth state key is derived from it. */
  readonly encryptionKey: Buffer;
  readonly stores: {
    readonly practices: PracticeStore; readonly connections: ConnectionStore; readonly links: AppLinkStore;
    readonly clients: ClientStore; readonly syncRuns: SyncRunStore; readonly audit: AuditLog;
  };
  readonly notifier: Notifier;
  readonly replies: ConversationReplies;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly inScope: <T>(fn: () => Promise<T>) => Promise<T>;
  /** Background jobs; without it (tests, bench) syncs run inline. */
  readonly agenda?: Agenda;
  readonly onError?: (error: unknown, what: string) => void;
  /** Something worth a log line that fails nothing (a Gusto field we could not read and left out). */
  readonly onWarning?: (message: string, detail: Record<string, unknown>) => void;
  /** From billing, when it lands: see GustoDeps. */
  readonly billing?: Pick<GustoDeps, 'onClientLinked' | 'lastBilled' | 'chosenCompany' | 'policy'>;
};

/** Gusto cannot deliver webhooks to a loopback address (the sandbox, inside the bot, can). */
const isLoopback = (url: string) => /^(localhost|127\.[\d.]+|\[::1\])$/.test(new URL(url).hostname);

export function composeGusto(x: GustoInfra) {
  const sandbox = x.api.sandbox !== null;
  const stateKey = createHmac('sha256', x.encryptionKey).update('gusto-oauth-state').digest();
  const flags = new MikroOrmPracticeFlags(x.em);
  const clientId = x.clientId ?? sandboxCredentials.clientId;
  const clientSecret = x.clientSecret ?? sandboxCredentials.clientSecret;
  const auth = createGustoPayrollAuth({
    baseUrl: x.api.baseUrl, authorizeBaseUrl: x.api.authorizeBaseUrl, clientId, clientSecret, redirectUri: `${x.publicUrl}/oauth/gusto/callback`,
  });

  const background = (what: string, work: () => Promise<unknown>) => { void x.inScope(work).catch((e: unknown) => x.onError?.(e, what)); };
  const requestSync = async (practiceId: Parameters<typeof queueGustoSync>[1], req: SyncRequest) => {
    if (!x.agenda) return void (await useCases.sync.sync(practiceId, req));
    // A practice's first connection also starts its 06:00 schedule (re-registering is harmless).
    const practice = req.trigger === 'connect' ? await x.stores.practices.get(practiceId) : null;
    if (practice) await ensureDailyGustoSync(x.agenda, practice);
    await queueGustoSync(x.agenda, practiceId, req);
  };
  const useCases = createGustoUseCases({
    practices: x.stores.practices, connections: x.stores.connections, links: x.stores.links, clients: x.stores.clients,
    runs: x.stores.syncRuns, audit: x.stores.audit, notifier: x.notifier, replies: x.replies, clock: x.clock, ids: x.ids,
    payroll: createGustoPayrollSystem({
      baseUrl: x.api.baseUrl,
      onOddFields: (company, fields) => x.onWarning?.('Gusto sent values we could not read; synced without them', { company, fields }),
    }), auth,
    lock: new MikroOrmConnectionLock(x.em), nonces: new MikroOrmOAuthNonces(x.em), flags,
    sign: (data) => createHmac('sha256', stateKey).update(data).digest('hex'),
    requestSync, sandbox, perCompany: x.inScope, ...x.billing, ...(x.onError ? { onError: x.onError } : {}),
  });
  const webhooks = createGustoWebhooks({
    practices: x.stores.practices, connections: x.stores.connections, receipts: new MikroOrmWebhookReceipts(x.em), flags, clock: x.clock,
    secrets: createSecretBox(x.encryptionKey),
    // A secret set by hand means the subscription is managed by hand: no set-up, handshakes ignored.
    subscriptions: x.webhookSecret ? null : createGustoWebhookSubscriptions({ baseUrl: x.api.baseUrl, clientId, clientSecret }),
    webhookUrl: sandbox || !isLoopback(x.publicUrl) ? `${x.publicUrl}/webhooks/gusto` : null,
    scheduleCompanySync: async (practiceId, companyId) => {
      if (x.agenda) await queueGustoCompanySync(x.agenda, practiceId, companyId);
      else background('gusto webhook sync', () => useCases.sync.sync(practiceId, { trigger: 'webhook', externalId: companyId }));
    },
  });

  const commands = gustoCommands({
    connect: useCases.connect, settings: useCases.settings, overview: useCases.overview, sandbox,
    syncBlocked: (practiceId) => useCases.sync.blocked(practiceId),
    // The shell has no 3-second deadline: it syncs inline and prints the result once, as the reply.
    startSync: async (practiceId, req) => {
      if (!x.agenda || req.replyTo?.platform === 'shell') return useCases.sync.sync(practiceId, { trigger: req.trigger });
      await queueGustoSync(x.agenda, practiceId, req);
      return null;
    },
  });

  const routes = [
    ...x.api.routes,
    (app: FastifyInstance) => registerOAuthRoutes(app, { gusto: { handleCallback: (q) => x.inScope(() => useCases.connect.handleCallback(q)) } }),
    (app: FastifyInstance) => registerGustoWebhookRoutes(app, {
      secret: async () => x.webhookSecret ?? (await x.inScope(() => webhooks.verificationToken())),
      onHandshake: (token, subscriptionId) => x.inScope(() => webhooks.handshake(token, subscriptionId)),
      onEvent: async (event) => { await x.inScope(() => webhooks.handle(event)); },
    }),
  ];

  const registerJobs = (agenda: Agenda) => registerGustoJobs(agenda, {
    inScope: x.inScope,
    sync: (practiceId, req) => useCases.sync.sync(practiceId, req),
    dailySync: (practiceId) => useCases.dailySync(practiceId),
    practices: () => x.stores.practices.list(),
    setUpWebhooks: async () => {
      const setup = await webhooks.ensureSubscription();
      if (!setup.ok) throw new Error(`Gusto webhook subscription not set up: ${setup.error.detail}`);
    },
  });

  return { app: gustoApp, useCases, webhooks, commands, routes, registerJobs, sandbox: x.api.sandbox };
}

export type GustoApp = ReturnType<typeof composeGusto>;
