/**
 * Gusto's registration: its declaration and its adapters. The only place outside adapters/gusto that
 * knows Gusto; everything else reaches it through the registry.
 */
import type { FastifyInstance } from 'fastify';
import { createGustoPayrollAuth, createGustoPayrollSystem } from '../../../adapters/gusto/payroll-system.js';
import { receiveGustoWebhook } from '../../../adapters/gusto/webhook.js';
import { createGustoWebhookSetup, type GustoWebhookSetup } from '../../../adapters/gusto/webhook-setup.js';
import { createGustoWebhookSubscriptions } from '../../../adapters/gusto/webhook-subscriptions.js';
import { createGustoSandbox, startGustoSandbox, type ServedGustoSandbox } from '../../../adapters/sandbox/gusto.js';
import type { AppDeclaration, RegisteredApp } from '../app.js';
import type { RegistrationContext } from '../compose.js';

/** Gusto, declared once: every shared command, route, job and card reads this. */
export const gustoDeclaration = (sandbox: boolean): AppDeclaration => ({
  id: 'gusto',
  name: 'Gusto',
  auth: 'oauth2',
  sandbox,
  dailySync: { hour: 6, minute: 0 },
  capabilities: ['read-clients', 'count-employees'],
  // Gusto is the source of truth for everything it syncs.
  fields: {
    name: 'inbound', tradeName: 'inbound', businessStructure: 'inbound', streetAddress: 'inbound', postalAddress: 'inbound',
    phone: 'inbound', activeEmployees: 'inbound', contractors: 'inbound',
  },
  account: { one: 'company', many: 'companies' },
  connectsPer: 'client',
  brings: 'company details and active employee counts',
  events: ['sync.finished', 'sync.failed', 'connection.needs_reconnect'],
});

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


export type GustoSettings = {
  readonly api: GustoApi;
  readonly clientId?: string;
  readonly clientSecret?: string;
  /** Set by hand: the subscription is managed by hand (no set-up, handshakes ignored). */
  readonly webhookSecret?: string;
  /** Rows per page of Gusto's lists (Gusto's default 25; ours 100): smaller only to see paging at work. */
  readonly pageSize?: number;
  /** Something worth a log line that fails nothing (a Gusto field we could not read and left out). */
  readonly onWarning?: (message: string, detail: Record<string, unknown>) => void;
};

/** Gusto cannot deliver webhooks to a loopback address (the sandbox, inside the bot, can). */
const isLoopback = (url: string) => /^(localhost|127\.[\d.]+|\[::1\])$/.test(new URL(url).hostname);

/** Gusto's adapters, bound to this install; `webhookSetup` is there for the install's own checks (tests, the bench). */
export function registerGusto(g: GustoSettings, x: RegistrationContext): RegisteredApp & { readonly webhookSetup: GustoWebhookSetup } {
  const sandbox = g.api.sandbox !== null;
  const declaration = gustoDeclaration(sandbox);
  const clientId = g.clientId ?? sandboxCredentials.clientId;
  const clientSecret = g.clientSecret ?? sandboxCredentials.clientSecret;
  const payroll = createGustoPayrollSystem({
    baseUrl: g.api.baseUrl,
    ...(g.pageSize ? { perPage: g.pageSize } : {}),
    onOddFields: (company, fields) => g.onWarning?.('Gusto sent values we could not read; synced without them', { company, fields }),
  });
  const setup = createGustoWebhookSetup({
    flags: x.flags, secrets: x.secrets,
    subscriptions: g.webhookSecret ? null : createGustoWebhookSubscriptions({ baseUrl: g.api.baseUrl, clientId, clientSecret }),
    webhookUrl: sandbox || !isLoopback(x.publicUrl) ? x.webhookUrl(declaration.id) : null,
  });
  return {
    declaration,
    webhookSetup: setup,
    adapters: {
      auth: createGustoPayrollAuth({ baseUrl: g.api.baseUrl, authorizeBaseUrl: g.api.authorizeBaseUrl, clientId, clientSecret, redirectUri: x.redirectUri(declaration.id) }),
      identify: (token) => payroll.identify(token),
      async syncAccount(c, ctx) {
        const snap = await payroll.snapshot(c.externalId, ctx.today, ctx.token);
        if (!snap.ok) return { kind: 'failed', company: c.label, reason: snap.error.detail, reconnect: snap.error.kind === 'needs-reconnect' };
        await ctx.relabel(snap.value.tradeName ?? snap.value.name);
        return ctx.bringIn(snap.value);
      },
      async countEmployees(c, today, token) {
        const snap = await payroll.snapshot(c.externalId, today, token);
        return snap.ok ? { ok: true, value: { count: snap.value.activeEmployees, at: snap.value.fetchedAt } } : snap;
      },
      receiveWebhook: receiveGustoWebhook({
        secret: async () => g.webhookSecret ?? (await setup.verificationToken()),
        onHandshake: (token, subscriptionId) => setup.handshake(token, subscriptionId),
      }),
      onStart: async () => {
        const done = await setup.ensureSubscription();
        if (!done.ok) throw new Error(`Gusto webhook subscription not set up: ${done.error.detail}`);
      },
      routes: g.api.routes,
    },
  };
}
