/**
 * Where the bot reaches each app: its configured host, or (no credentials) its sandbox, the local
 * simulator of the vendor's API. Part of the composition root: only here is the choice made.
 */
import type { FastifyInstance } from 'fastify';
import { createGustoSandbox, startGustoSandbox, type ServedGustoSandbox } from '../adapters/sandbox/gusto.js';
import { createSageSandbox, startSageSandbox, type SageSandbox } from '../adapters/sandbox/sage.js';
import { sageHosts } from '../adapters/sage/oauth.js';
import { runLedgerSwitch } from '../adapters/sandbox/sage-ledger-switches.js';
import { createXpmSandbox, startXpmSandbox, type XpmSandbox } from '../adapters/sandbox/xpm.js';
import { xpmHosts } from '../adapters/xpm/oauth.js';
import { card, errorCard } from './cards.js';
import type { Command } from './commands/command.js';

export const gustoHosts = { production: 'https://api.gusto.com', demo: 'https://api.gusto-demo.com' } as const;

export type GustoApi = {
  /** Where the bot calls Gusto: the configured host, or the sandbox on the bot's own listener. */
  readonly baseUrl: string;
  /** Where people's browsers open Gusto's consent page: the host, or the sandbox under PUBLIC_URL. */
  readonly authorizeBaseUrl: string;
  readonly sandbox: ServedGustoSandbox | null;
  /** What the bot's HTTP server must mount: the sandbox, unless it has a server of its own. */
  readonly routes: readonly ((app: FastifyInstance) => Promise<void>)[];
  /** The app credentials the bot presents: the configured ones, or the sandbox's own. */
  readonly clientId: string;
  readonly clientSecret: string;
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
  clientId?: string; clientSecret?: string; env: 'production' | 'demo'; apiBase?: string; sandboxCompanies?: number; sandboxStateFile?: string;
  server?: { readonly publicUrl: string; readonly localUrl: string };
}): Promise<GustoApi> {
  if (c.clientId) {
    const host = c.apiBase ?? gustoHosts[c.env];
    return { baseUrl: host, authorizeBaseUrl: host, sandbox: null, routes: [], clientId: c.clientId, clientSecret: c.clientSecret ?? '', close: async () => {} };
  }
  const options = { count: c.sandboxCompanies ?? 25, ...sandboxCredentials, ...(c.sandboxStateFile ? { stateFile: c.sandboxStateFile } : {}) };
  if (!c.server) {
    const sandbox = await startGustoSandbox(options);
    return { baseUrl: sandbox.url, authorizeBaseUrl: sandbox.url, sandbox, routes: [], ...sandboxCredentials, close: () => sandbox.close() };
  }
  // Gusto reaches us at PUBLIC_URL; the sandbox lives in this process, so it delivers to our own
  // listener instead (a proxy or Docker may not route PUBLIC_URL back to us).
  const { publicUrl, localUrl } = c.server;
  const toListener = (url: string) => (url.startsWith(`${publicUrl}/`) ? `${localUrl}${url.slice(publicUrl.length)}` : url);
  const sandbox = createGustoSandbox({ ...options, deliver: (url, init) => fetch(toListener(url), init) });
  const local = `${localUrl}${sandbox.prefix}`;
  return {
    baseUrl: local, authorizeBaseUrl: `${publicUrl}${sandbox.prefix}`,
    sandbox: { ...sandbox, url: local, close: async () => {} }, routes: [(app) => sandbox.mount(app)], ...sandboxCredentials, close: async () => {},
  };
}

export type SageApiHost = {
  /** Where the bot calls Sage's API (…/v3.1) and its token endpoint. */
  readonly apiBase: string;
  readonly tokenUrl: string;
  /** Where people's browsers open Sage's sign-in: Sage's, or the sandbox's under PUBLIC_URL. */
  readonly authorizeUrl: string;
  readonly sandbox: SageSandbox | null;
  readonly routes: readonly ((app: FastifyInstance) => Promise<void>)[];
  /** Verbs for the sandbox only (switching its faults); none against the real Sage. */
  readonly commands: readonly Command[];
  readonly clientId: string;
  readonly clientSecret: string;
  close(): Promise<void>;
};

/**
 * Sage's API: its real hosts with configured credentials, or (none) the sandbox, mounted on the
 * bot's server at /sandbox/sage so its sign-in page and invoice links work at PUBLIC_URL; without a
 * server (tests, the bench) on a loopback server of its own.
 */
export async function startSageApi(c: {
  clientId?: string; clientSecret?: string; sandboxStateFile?: string;
  server?: { readonly publicUrl: string; readonly localUrl: string };
}): Promise<SageApiHost> {
  if (c.clientId) {
    return {
      apiBase: sageHosts.api, tokenUrl: sageHosts.token, authorizeUrl: sageHosts.authorize, sandbox: null, routes: [], commands: [],
      clientId: c.clientId, clientSecret: c.clientSecret ?? '', close: async () => {},
    };
  }
  const options = { ...sandboxCredentials, ...(c.sandboxStateFile ? { stateFile: c.sandboxStateFile } : {}) };
  if (!c.server) {
    const sandbox = await startSageSandbox(options);
    return { ...sageSandboxHost(sandbox.url, sandbox.url), sandbox, routes: [], commands: [sandboxCommand(sandbox)], close: () => sandbox.close() };
  }
  const sandbox = createSageSandbox({ ...options, publicUrl: c.server.publicUrl });
  return {
    ...sageSandboxHost(`${c.server.localUrl}${sandbox.prefix}`, `${c.server.publicUrl}${sandbox.prefix}`),
    sandbox, routes: [(app) => sandbox.mount(app)], commands: [sandboxCommand(sandbox)], close: async () => {},
  };
}

export type XpmApiHost = {
  /** Where the bot calls the practice API (…/practicemanager/3.1). */
  readonly apiBase: string;
  /** Where the bot asks Xero which tenants a grant reaches (GET /connections). */
  readonly connectionsBase: string;
  readonly tokenUrl: string;
  /** Where people's browsers open Xero's consent page: Xero's, or the sandbox's under PUBLIC_URL. */
  readonly authorizeUrl: string;
  readonly sandbox: XpmSandbox | null;
  readonly routes: readonly ((app: FastifyInstance) => Promise<void>)[];
  readonly commands: readonly Command[];
  readonly clientId: string;
  readonly clientSecret: string;
  close(): Promise<void>;
};

/**
 * Xero Practice Manager's API: Xero's hosts with configured credentials, or (none) the XPM sandbox,
 * the small practice unless told, mounted on the bot's server at /sandbox/xpm so its consent page
 * and client pages work at PUBLIC_URL; without a server (tests, the bench) on a loopback server of its own.
 */
export async function startXpmApi(c: {
  clientId?: string; clientSecret?: string; sandboxStateFile?: string; size?: 'small' | 'large';
  server?: { readonly publicUrl: string; readonly localUrl: string };
}): Promise<XpmApiHost> {
  if (c.clientId) {
    return {
      apiBase: xpmHosts.api, connectionsBase: xpmHosts.connections, tokenUrl: xpmHosts.token, authorizeUrl: xpmHosts.authorize,
      sandbox: null, routes: [], commands: [], clientId: c.clientId, clientSecret: c.clientSecret ?? '', close: async () => {},
    };
  }
  const options = { ...sandboxCredentials, size: c.size ?? 'small', ...(c.sandboxStateFile ? { stateFile: c.sandboxStateFile } : {}) } as const;
  if (!c.server) {
    const sandbox = await startXpmSandbox(options);
    return { ...xpmSandboxHost(sandbox.url, sandbox.url), sandbox, routes: [], commands: [xpmSandboxCommand(sandbox)], close: () => sandbox.close() };
  }
  const sandbox = createXpmSandbox({ ...options, publicUrl: c.server.publicUrl });
  return {
    ...xpmSandboxHost(`${c.server.localUrl}${sandbox.prefix}`, `${c.server.publicUrl}${sandbox.prefix}`),
    sandbox, routes: [(app) => sandbox.mount(app)], commands: [xpmSandboxCommand(sandbox)], close: async () => {},
  };
}

/** The client fields `xpm sandbox edit` changes, as a person would in XPM. */
const xpmEditable = ['name', 'email', 'phone', 'fax', 'website'] as const;

/**
 * `xpm sandbox edit NAME FIELD=VALUE…` or `archive NAME`: changes the sandbox practice between
 * syncs, as someone working in XPM would, so a firm sees a change arrive (or a conflict) on
 * `sync xpm`; `rate-limit|outage on|off` rehearses XPM refusing. Only on an install whose XPM is the sandbox.
 */
const xpmSandboxCommand = ({ practice, faults }: Pick<XpmSandbox, 'practice' | 'faults'>): Command => ({
  verb: 'xpm sandbox', usage: 'xpm sandbox edit NAME FIELD=VALUE… | archive NAME | rate-limit|outage on|off', group: 'Apps', adminOnly: true,
  summary: 'Change a client of the XPM sandbox, or switch a fault, to rehearse what a sync brings',
  async run({ args }) {
    const [action, ...rest] = args.positional;
    const synced = { buttons: [{ label: 'Sync XPM', command: 'sync xpm', style: 'primary' as const }, { label: 'Apps', command: 'apps' }] };
    if (action === 'rate-limit' || action === 'outage') {
      const on = rest[0] === 'on' ? true : rest[0] === 'off' ? false : null;
      if (on === null) return [errorCard('On or off?', `Use \`xpm sandbox ${action} on\` or \`off\`.`)];
      // Enough refusals to outlast the retries while on; none once off.
      if (action === 'rate-limit') faults.rateLimit(on ? 1_000 : 0, on ? 1 : undefined);
      else faults.serverError(on ? 1_000 : 0);
      return [card(`XPM sandbox: ${action} ${on ? 'on' : 'off'}`, { tone: on ? 'warning' : 'success', text: on ? 'The sandbox now answers as XPM does in that case.' : 'The sandbox answers normally again.', ...synced })];
    }
    const name = rest.join(' ').trim();
    const client = name ? practice.clientNamed(name) : undefined;
    if (action !== 'edit' && action !== 'archive') return [errorCard('Which change?', 'Use `xpm sandbox edit NAME FIELD=VALUE…` (name, email, phone, fax, website), `archive NAME`, or `rate-limit|outage on|off`.')];
    if (!client) return [errorCard(`No XPM sandbox client called "${name}"`, 'Give the client\'s exact name as XPM has it.')];
    if (action === 'archive') {
      practice.archive(client.uuid);
      return [card(`Archived ${client.name} in the XPM sandbox`, { tone: 'success', text: 'The next `sync xpm` reports it as archived in XPM, once; it stays here as it was.', ...synced })];
    }
    const unknown = Object.keys(args.named).filter((f) => !(xpmEditable as readonly string[]).includes(f));
    const changes = Object.fromEntries(Object.entries(args.named).map(([f, v]) => [f, v.trim() ? v : null]));
    if (unknown.length || !Object.keys(changes).length) return [errorCard('Which field?', `Give FIELD=VALUE with one of: ${xpmEditable.join(', ')}.`)];
    practice.edit(client.uuid, changes);
    return [card(`Changed ${client.name} in the XPM sandbox`, { tone: 'success', text: `${Object.keys(changes).join(', ')} changed in XPM; \`sync xpm\` brings it here.`, ...synced })];
  },
});

/** Where the bot reaches an XPM sandbox at `local` (served apart, e.g. in another process), and people its consent page at `published`. */
export const xpmSandboxHost = (local: string, published: string) => ({
  apiBase: `${local}/practicemanager/3.1`, connectionsBase: local, tokenUrl: `${local}/identity/connect/token`,
  authorizeUrl: `${published}/identity/connect/authorize`, ...sandboxCredentials,
});

const sageSandboxHost = (local: string, published: string) => ({
  apiBase: `${local}/v3.1`, tokenUrl: `${local}/token`, authorizeUrl: `${published}/oauth2/auth/central`, ...sandboxCredentials,
});

const faultNames = ['closed-period', 'subscription-lapsed', 'rate-limit', 'outage'] as const;

/**
 * `sage sandbox FAULT on|off`: switches one of the sandbox's faults, so a firm can see what the bot
 * does when Sage refuses an invoice (a closed period), lapses, throttles or is down — before it meets
 * the real thing. `sage sandbox add-customers N | rename OLD to NEW | delete NAME` changes its UK
 * ledger between syncs (sage-ledger-switches.ts). Only on an install whose Sage is the sandbox.
 */
const sandboxCommand = ({ faults, ledger }: Pick<SageSandbox, 'faults' | 'ledger'>): Command => ({
  verb: 'sage sandbox', usage: `sage sandbox ${faultNames.join('|')} on|off, or add-customers N | rename OLD to NEW | delete NAME`, group: 'Apps', adminOnly: true,
  summary: 'Switch a fault of the Sage sandbox on or off, or change its customers, to rehearse what happens when Sage refuses, fails or changes',
  async run({ args }) {
    const change = runLedgerSwitch(ledger, args.positional);
    if (change) {
      return [change.done
        ? card(change.title, { tone: 'success', text: change.text, buttons: [{ label: 'Sync Sage', command: 'sync sage', style: 'primary' }, { label: 'Apps', command: 'apps' }] })
        : errorCard(change.title, change.text)];
    }
    const [fault, value] = args.positional.map((w) => w.toLowerCase());
    const on = value === 'on' ? true : value === 'off' ? false : null;
    if (!faultNames.includes(fault as (typeof faultNames)[number]) || on === null) {
      return [errorCard('Which fault?', `Use \`sage sandbox FAULT on|off\` with one of: ${faultNames.join(', ')}; or change the ledger with \`sage sandbox add-customers N\`, \`rename OLD to NEW\` or \`delete NAME\`.`)];
    }
    if (fault === 'closed-period') faults.closedPeriod(on);
    if (fault === 'subscription-lapsed') faults.subscriptionLapsed(on);
    // Enough refusals to outlast the outbox's retries while on; none once off.
    if (fault === 'rate-limit') faults.rateLimit(on ? 1_000 : 0);
    if (fault === 'outage') faults.serverError(on ? 1_000 : 0);
    return [card(`Sage sandbox: ${fault} ${on ? 'on' : 'off'}`, {
      tone: on ? 'warning' : 'success',
      text: on ? 'The sandbox now answers as Sage does in that case. Switch it off again to let Sage accept what waits.' : 'The sandbox answers normally again. Press Retry on anything that failed meanwhile.',
      buttons: [{ label: 'Invoices', command: 'invoices' }],
    })];
  },
});
