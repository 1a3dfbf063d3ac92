/**
 * Gusto's registration: its declaration and its adapters, bound together. The composition root
 * (src/compose.ts) hands it to the registry; everything else reaches Gusto through the registry.
 */
import { createGustoPayrollAuth, createGustoPayrollSystem } from './payroll-system.js';
import { receiveGustoWebhook } from './webhook.js';
import { createGustoWebhookSetup, type GustoWebhookSetup } from './webhook-setup.js';
import { createGustoWebhookSubscriptions } from './webhook-subscriptions.js';
import type { AppDeclaration, RegisteredApp } from '../../src/apps/app.js';
import type { RegistrationContext } from '../../src/compose-apps.js';
import type { GustoApi } from '../../src/compose-sandboxes.js';

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

export type GustoSettings = {
  readonly api: GustoApi;
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
  const { clientId, clientSecret } = g.api;
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
