/**
 * The Gusto sandbox: a local simulator of the App Integrations API (token_info, companies,
 * locations, employees, contractors, OAuth with a consent page and system access tokens, webhook
 * subscriptions with their handshake and signed events) with seeded companies and mutation helpers
 * for tests. It mounts at /sandbox/gusto on the bot's own HTTP server.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { companyPayload, type SimCompany } from './gusto-data.js';
import { companyForBearer, expireAccessTokens, loadAuthState, newAuthState, registerGustoAuth, revokeGrants, saveAuthState, type GustoAuthState, type SavedAuth } from './gusto-auth.js';
import { createGustoWebhookSide, type Deliver, type GustoWebhookInput, type SimSubscription } from './gusto-subscriptions.js';
import { eachEmployee, onboardedActive, pinEmployees, seedGustoCompanies } from './seed.js';
import { createSimulator, serveSimulators, type Simulator } from './simulator.js';
import { readState, writeState } from './state-file.js';

type Query = Record<string, string | undefined>;

/**
 * Gusto sends pagination headers only when page/per were asked for; without `page` it returns all rows.
 * Rows are walked once, keeping only the asked-for page, so a count of thousands holds one page.
 */
const paginate = <T>(reply: FastifyReply, rows: Iterable<T>, q: Query): T[] => {
  if (q.page === undefined) return [...rows];
  const page = Math.max(1, Number(q.page) || 1);
  const per = Math.min(100, Math.max(1, Number(q.per) || 25));
  const kept: T[] = [];
  let total = 0;
  for (const row of rows) {
    if (total >= (page - 1) * per && total < page * per) kept.push(row);
    total++;
  }
  const totalPages = Math.max(1, Math.ceil(total / per));
  reply.headers({ 'x-page': String(page), 'x-per-page': String(per), 'x-total-count': String(total), 'x-total-pages': String(totalPages) });
  return kept;
};

function* where<T>(rows: Iterable<T>, keep: (row: T) => boolean): Generator<T> {
  for (const row of rows) if (keep(row)) yield row;
}

const flag = (v: string | undefined) => (v === undefined ? undefined : v === 'true');

function registerApi(app: FastifyInstance, companies: Map<string, SimCompany>, auth: GustoAuthState): void {
  /** Strict access: a token reads only its own company; anything else is 403. */
  const guard = (req: FastifyRequest<{ Params: { id?: string } }>, reply: FastifyReply): SimCompany | null => {
    const owner = companyForBearer(auth, req.headers.authorization, Date.now());
    if (!owner) { void reply.code(401).send({ message: 'The access token is invalid or has expired' }); return null; }
    const id = req.params.id ?? owner;
    const company = companies.get(id);
    if (id !== owner || !company) { void reply.code(id !== owner ? 403 : 404).send({ message: 'Not permitted' }); return null; }
    return company;
  };

  app.get('/v1/token_info', async (req, reply) => {
    const c = guard(req as FastifyRequest<{ Params: { id?: string } }>, reply);
    return c && { scope: 'companies:read employees:read contractors:read', resource: { type: 'Company', uuid: c.uuid }, resource_owner: { type: 'CompanyAdmin', uuid: c.uuid.replace(/^0/, 'a') } };
  });
  app.get<{ Params: { id: string } }>('/v1/companies/:id', async (req, reply) => {
    const c = guard(req, reply);
    return c && companyPayload(c);
  });
  app.get<{ Params: { id: string }; Querystring: Query }>('/v1/companies/:id/locations', async (req, reply) => {
    const c = guard(req, reply);
    return c && paginate(reply, c.locations, req.query);
  });
  app.get<{ Params: { id: string }; Querystring: Query }>('/v1/companies/:id/employees', async (req, reply) => {
    const c = guard(req, reply);
    if (!c) return;
    const terminated = flag(req.query.terminated), onboarded = flag(req.query.onboarded), ready = flag(req.query.onboarded_active);
    const today = new Date().toISOString().slice(0, 10);
    const rows = where(eachEmployee(c), ({ facts: e }) => (terminated === undefined || e.terminated === terminated) && (onboarded === undefined || e.onboarded === onboarded)
      && (ready === undefined || onboardedActive(e, today) === ready));
    return paginate(reply, rows, req.query).map((row) => row.make());
  });
  app.get<{ Params: { id: string }; Querystring: Query }>('/v1/companies/:id/contractors', async (req, reply) => {
    const c = guard(req, reply);
    return c && paginate(reply, c.contractors, req.query);
  });
}

export { signGustoPayload, type GustoWebhookInput } from './gusto-subscriptions.js';

export type GustoSandbox = Simulator & {
  readonly auth: GustoAuthState;
  companies(): SimCompany[];
  company(uuid: string): SimCompany;
  /** Changes a company in place (its employees become a plain list first): the "edit it in Gusto" step of a test. */
  mutate(uuid: string, change: (c: SimCompany) => void): void;
  revokeGrants(companyUuid?: string): void;
  expireAccessTokens(): void;
  /** Webhook subscriptions as apps created them (with the token Gusto sent each, for tests). */
  subscriptions(): readonly SimSubscription[];
  /** Delivers an event to every verified subscription for it, signed with that subscription's token; answers their statuses. */
  emit(event: GustoWebhookInput): Promise<number[]>;
  /** Resolves once every handshake and event delivery in flight has been answered. */
  settled(): Promise<void>;
  /** Posts an event signed with any token (X-Gusto-Signature: hex HMAC-SHA256 of the raw body). */
  sendWebhook(url: string, event: GustoWebhookInput, verificationToken: string): Promise<Response>;
  /** Posts an unsigned handshake, as Gusto does after a subscription is created (or as a forger would). */
  sendVerificationToken(url: string, verificationToken: string, subscriptionUuid?: string): Promise<Response>;
};

export type GustoSandboxOptions = {
  companies?: SimCompany[]; seed?: number; count?: number; clientId?: string; clientSecret?: string;
  /**
   * Keeps the sandbox's grants and tokens between runs, as the real Gusto would: a bot restarted on
   * the same data folder finds its sandbox connections still working.
   */
  stateFile?: string;
  /** How handshakes and events reach subscribers (fetch by default). */
  deliver?: Deliver;
};

type SavedState = SavedAuth & { subscriptions?: SimSubscription[] };

/** Gusto's Not-Found-Error-Object. */
const notFound = (reply: FastifyReply) => reply.code(404).send({ errors: [{ error_key: 'request', category: 'not_found', message: 'The requested resource was not found.' }] });

export function createGustoSandbox(o: GustoSandboxOptions = {}): GustoSandbox {
  const list = o.companies ?? seedGustoCompanies({ companies: o.count ?? 25, ...(o.seed ? { seed: o.seed } : {}) });
  const byId = new Map(list.map((c) => [c.uuid, c]));
  const stateFile = o.stateFile;
  const saved = readState<SavedState>(stateFile);
  const auth = saved ? loadAuthState(saved) : newAuthState();
  const subscriptions: SimSubscription[] = saved?.subscriptions ?? [];
  const save = () => { if (stateFile) writeState(stateFile, JSON.stringify({ ...saveAuthState(auth), subscriptions } satisfies SavedState)); };
  auth.onChange = save;
  const webhooks = createGustoWebhookSide(auth, subscriptions, { deliver: o.deliver ?? fetch, save });
  const sim = createSimulator('gusto', (app) => {
    registerGustoAuth(app, auth, { companies: () => [...byId.values()], clientId: o.clientId, clientSecret: o.clientSecret });
    registerApi(app, byId, auth);
    webhooks.register(app);
  }, { isApi: (path) => path.startsWith('/v1/') || path === '/oauth/token', notFound, beforeClose: webhooks.stop });

  const company = (uuid: string): SimCompany => {
    const c = byId.get(uuid);
    if (!c) throw new Error(`no sandbox company ${uuid}`);
    return c;
  };
  return {
    ...sim,
    auth,
    companies: () => [...byId.values()],
    company,
    mutate: (uuid, change) => {
      const c = company(uuid);
      pinEmployees(c);
      change(c);
    },
    revokeGrants: (companyUuid) => revokeGrants(auth, companyUuid),
    expireAccessTokens: () => expireAccessTokens(auth),
    subscriptions: () => subscriptions,
    emit: webhooks.emit,
    settled: webhooks.settled,
    sendWebhook: webhooks.sendWebhook,
    sendVerificationToken: webhooks.sendVerificationToken,
  };
}

export type ServedGustoSandbox = GustoSandbox & {
  /** The sandbox's API base on its own loopback server: http://127.0.0.1:PORT/sandbox/gusto. */
  readonly url: string;
  close(): Promise<void>;
};

/** A sandbox on a loopback server of its own, for tests and the bench (the bot mounts it on its server instead). */
export async function startGustoSandbox(o: GustoSandboxOptions & { port?: number } = {}): Promise<ServedGustoSandbox> {
  const sandbox = createGustoSandbox(o);
  const server = await serveSimulators([sandbox], { port: o.port });
  return { ...sandbox, url: `${server.url}${sandbox.prefix}`, close: server.close };
}

/**
 * What an admin does on the consent page: chooses a company (by default the one the page offers
 * first) and presses Authorize, or Deny. Answers Gusto's redirect back to the app, followed when asked.
 */
export async function approveGustoConsent(authorizeUrl: string, o: { company?: string; deny?: boolean; follow?: boolean } = {}): Promise<Response> {
  const url = new URL(authorizeUrl);
  const form = new URLSearchParams(url.searchParams);
  if (o.company) form.set('company', o.company);
  form.set('decision', o.deny ? 'deny' : 'allow');
  url.search = '';
  return fetch(url, { method: 'POST', body: form, redirect: o.follow ? 'follow' : 'manual' });
}
