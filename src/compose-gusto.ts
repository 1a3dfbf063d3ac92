/**
 * Wires Gusto: the HTTP clients (real Gusto or the in-process sandbox), the database adapters, the
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
import { registerGustoWebhookRoutes } from '../adapters/http/routes/gusto-webhooks.js';
import { registerOAuthRoutes } from '../adapters/http/routes/oauth.js';
import { startGustoSandbox, type GustoSandbox } from '../adapters/sandbox/gusto.js';
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

export type GustoApi = { readonly baseUrl: string; readonly sandbox: GustoSandbox | null; close(): Promise<void> };

/** The Gusto API to talk to: the configured host, or (no credentials) a sandbox started on loopback. */
export async function startGustoApi(c: { clientId?: string; env: 'production' | 'demo'; apiBase?: string; sandboxCompanies?: number; sandboxStateFile?: string }): Promise<GustoApi> {
  if (c.clientId) return { baseUrl: c.apiBase ?? gustoHosts[c.env], sandbox: null, close: async () => {} };
  const sandbox = await startGustoSandbox({ count: c.sandboxCompanies ?? 25, ...(c.sandboxStateFile ? { stateFile: c.sandboxStateFile } : {}) });
  return { baseUrl: sandbox.url, sandbox, close: () => sandbox.close() };
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
  /** From billing, when it lands: see GustoDeps. */
  readonly billing?: Pick<GustoDeps, 'onClientLinked' | 'lastBilled' | 'policy'>;
};

export function composeGusto(x: GustoInfra) {
  const sandbox = x.api.sandbox !== null;
  const stateKey = createHmac('sha256', x.encryptionKey).update('gusto-oauth-state').digest();
  const flags = new MikroOrmPracticeFlags(x.em);
  const clientId = x.clientId ?? 'sandbox-client';
  const auth = createGustoPayrollAuth({ baseUrl: x.api.baseUrl, clientId, clientSecret: x.clientSecret ?? 'sandbox-secret', redirectUri: `${x.publicUrl}/oauth/gusto/callback` });

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
    payroll: createGustoPayrollSystem({ baseUrl: x.api.baseUrl }), auth,
    lock: new MikroOrmConnectionLock(x.em), nonces: new MikroOrmOAuthNonces(x.em), flags,
    sign: (data) => createHmac('sha256', stateKey).update(data).digest('hex'),
    requestSync, sandbox, ...x.billing, ...(x.onError ? { onError: x.onError } : {}),
  });
  const webhooks = createGustoWebhooks({
    practices: x.stores.practices, connections: x.stores.connections, receipts: new MikroOrmWebhookReceipts(x.em), flags, clock: x.clock,
    secrets: createSecretBox(x.encryptionKey),
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
    (app: FastifyInstance) => registerOAuthRoutes(app, { gusto: { handleCallback: (q) => x.inScope(() => useCases.connect.handleCallback(q)) } }),
    (app: FastifyInstance) => registerGustoWebhookRoutes(app, {
      secret: async () => x.webhookSecret ?? (await x.inScope(() => webhooks.verificationToken())),
      onVerificationToken: async (token) => { if (!x.webhookSecret) await x.inScope(() => webhooks.saveVerificationToken(token)); },
      onEvent: async (event) => { await x.inScope(() => webhooks.handle(event)); },
    }),
  ];

  const registerJobs = (agenda: Agenda) => registerGustoJobs(agenda, {
    inScope: x.inScope,
    sync: (practiceId, req) => useCases.sync.sync(practiceId, req),
    dailySync: (practiceId) => useCases.dailySync(practiceId),
    practices: () => x.stores.practices.list(),
  });

  return { app: gustoApp, useCases, webhooks, commands, routes, registerJobs, sandbox: x.api.sandbox };
}

export type GustoApp = ReturnType<typeof composeGusto>;
