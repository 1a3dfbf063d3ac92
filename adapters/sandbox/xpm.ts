/**
 * The Xero Practice Manager sandbox: a local simulator of XPM's 3.1 API and the Xero identity
 * around it, faithful to its documented quirks (XML only, errors as HTTP 200 with Status ERROR,
 * JSON gateway errors, 429s with empty bodies, per-tenant limits), for firms trying the bot before
 * they have Xero partner access (XPM has no sandbox of its own). One user, one practice tenant
 * (and optionally an accounting organisation to filter out), a seeded practice of 40 or 15,000
 * clients, switches that change it between syncs, and a web page per client and job.
 * It mounts at /sandbox/xpm on the bot's own HTTP server and keeps its tokens, connections, jobs
 * and the clients that changed in a state file (the seed is deterministic, so the rest is redrawn).
 */
import type { FastifyRequest } from 'fastify';
import { loadXpmAuth, registerXpmAuth, saveXpmAuth, type SavedXpmAuth, type XpmConnection, type XpmTenant } from './xpm-auth.js';
import { registerXpmClients } from './xpm-clients.js';
import { registerXpmContacts } from './xpm-contacts.js';
import { apiBase, type XpmApiContext } from './xpm-context.js';
import { indexClients, type XpmClientRecord, type XpmGroupRecord, type XpmJobRecord, type XpmPractice, type XpmStaffRecord, type XpmTemplateRecord } from './xpm-data.js';
import { createXpmGateway, type XpmFaults } from './xpm-gateway.js';
import { registerXpmJobs } from './xpm-jobs.js';
import { createXpmLimiter } from './xpm-limits.js';
import { registerXpmLists } from './xpm-lists.js';
import { registerXpmPages } from './xpm-pages.js';
import { seedXpmPractice, xpmOrganisationTenant, xpmPracticeTenant, type XpmPracticeSize } from './xpm-seed.js';
import { createXpmSwitches, type XpmPracticeSwitches } from './xpm-switches.js';
import { acceptXmlBodies } from './xpm-xml.js';
import { createSimulator, sandboxPrefix, serveSimulators, type Simulator } from './simulator.js';
import { readState, writeState } from './state-file.js';

export type XpmSandboxOptions = {
  /** The app credentials the sandbox accepts (HTTP Basic on the token endpoint), as Xero checks a registered app's. */
  clientId: string; clientSecret: string;
  /** Where people's browsers reach the bot (PUBLIC_URL): WebUrls and page links point there. Without it, the request's own host. */
  publicUrl?: string;
  stateFile?: string;
  /** 'small' (40 clients, the demo's) unless told; 'large' is 15,000. A state file keeps the size it was made with. */
  size?: XpmPracticeSize;
  /** Also connect an accounting ORGANISATION tenant on consent, which a bot must filter out. */
  accountingTenant?: boolean;
  /** The sandbox's time: token lifetimes, rate-limit windows, modified times. */
  clock?: () => Date;
};

export type XpmSandbox = Omit<Simulator, 'faults'> & {
  readonly faults: XpmFaults;
  /** Changes to the practice between syncs, as a person working in XPM would make them. */
  readonly practice: XpmPracticeSwitches;
  readonly tenantId: string;
  /** Every client, archived and deleted ones included, in the order XPM lists them. */
  clients(): readonly XpmClientRecord[];
  staff(): readonly XpmStaffRecord[];
  groups(): readonly XpmGroupRecord[];
  templates(): readonly XpmTemplateRecord[];
  jobs(): readonly XpmJobRecord[];
  connections(): readonly XpmConnection[];
  /** Back to a freshly seeded practice (of this size, else the current one), no faults and fresh limit windows; tokens and connections stay. */
  reset(size?: XpmPracticeSize): void;
};

type SavedState = { auth: SavedXpmAuth; size: XpmPracticeSize; clients: XpmClientRecord[]; jobs: XpmJobRecord[]; nextJobNumber: number };

/** What the simulator counts as API calls: the practice API and the connections endpoint. */
const isApi = (path: string) => path.startsWith(`${apiBase}/`) || path.startsWith('/connections');

export function createXpmSandbox(o: XpmSandboxOptions): XpmSandbox {
  const clock = o.clock ?? (() => new Date());
  const prefix = sandboxPrefix('xpm');
  const saved = readState<SavedState>(o.stateFile);
  const auth = loadXpmAuth(saved?.auth);
  let size: XpmPracticeSize = saved?.size ?? o.size ?? 'small';
  let practice: XpmPractice = seedXpmPractice(size);
  /** Clients written since the seed: only these go in the state file. */
  const changed = new Set<string>();
  if (saved) {
    for (const c of saved.clients) {
      const seeded = practice.byUuid.get(c.uuid);
      if (seeded) Object.assign(seeded, c);
      else practice.clients.push(c);
      changed.add(c.uuid);
    }
    indexClients(practice);
    practice.jobs = saved.jobs;
    practice.nextJobNumber = saved.nextJobNumber;
  }
  const save = () => {
    if (!o.stateFile) return;
    const state: SavedState = {
      auth: saveXpmAuth(auth, clock().getTime()), size,
      clients: [...changed].flatMap((u) => practice.byUuid.get(u) ?? []), jobs: practice.jobs, nextJobNumber: practice.nextJobNumber,
    };
    writeState(o.stateFile, JSON.stringify(state));
  };
  const touch = (c: XpmClientRecord) => {
    c.modifiedAt = clock().getTime();
    changed.add(c.uuid);
  };
  const tenants = (): XpmTenant[] => [
    { tenantId: xpmPracticeTenant.tenantId, tenantType: 'PRACTICEMANAGER', tenantName: xpmPracticeTenant.name },
    ...(o.accountingTenant ? [{ tenantId: xpmOrganisationTenant.tenantId, tenantType: 'ORGANISATION' as const, tenantName: xpmOrganisationTenant.name }] : []),
  ];
  const publicBase = (req: FastifyRequest) => `${o.publicUrl ? o.publicUrl.replace(/\/+$/, '') : `${req.protocol}://${req.host}`}${prefix}`;
  const ctx: XpmApiContext = { practice: () => practice, clock, touch, save, publicBase };
  const gateway = createXpmGateway({ auth, limiter: createXpmLimiter(clock), clock, practiceTenantId: xpmPracticeTenant.tenantId, prefix, apiBase });

  const sim = createSimulator('xpm', (app) => {
    acceptXmlBodies(app);
    gateway.register(app);
    registerXpmAuth(app, auth, { clientId: o.clientId, clientSecret: o.clientSecret, clock, tenants, save });
    registerXpmClients(app, ctx);
    registerXpmContacts(app, ctx);
    registerXpmLists(app, ctx);
    registerXpmJobs(app, ctx);
    registerXpmPages(app, ctx);
  }, { isApi, notFound: (reply) => reply.code(404).type('text/plain').send('The resource you are looking for has been removed, had its name changed, or is temporarily unavailable.') });

  return {
    ...sim,
    faults: gateway.faults,
    practice: createXpmSwitches({ practice: () => practice, touch, save }),
    tenantId: xpmPracticeTenant.tenantId,
    clients: () => practice.clients,
    staff: () => practice.staff,
    groups: () => practice.groups,
    templates: () => practice.templates,
    jobs: () => practice.jobs,
    connections: () => auth.connections,
    reset: (next) => {
      size = next ?? size;
      practice = seedXpmPractice(size);
      changed.clear();
      gateway.faults.reset();
      save();
    },
  };
}

export type ServedXpmSandbox = XpmSandbox & {
  /** The sandbox's base on its own loopback server: http://127.0.0.1:PORT/sandbox/xpm. */
  readonly url: string;
  close(): Promise<void>;
};

/** A sandbox on a loopback server of its own, for tests and the bench (the bot mounts it on its server instead). */
export async function startXpmSandbox(o: XpmSandboxOptions & { port?: number }): Promise<ServedXpmSandbox> {
  const sandbox = createXpmSandbox(o);
  const server = await serveSimulators([sandbox], { port: o.port });
  return { ...sandbox, url: `${server.url}${sandbox.prefix}`, close: server.close };
}

/** What the user does on Xero's consent page: presses Allow access (or Cancel). Answers the redirect back to the app, not followed. */
export async function approveXpmConsent(authorizeUrl: string, o: { deny?: boolean } = {}): Promise<Response> {
  const url = new URL(authorizeUrl);
  const form = new URLSearchParams(url.searchParams);
  form.set('decision', o.deny ? 'deny' : 'allow');
  url.search = '';
  return fetch(url, { method: 'POST', body: form, redirect: 'manual' });
}
