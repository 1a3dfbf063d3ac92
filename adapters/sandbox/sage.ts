/**
 * The Sage Business Cloud Accounting (UK) sandbox: a local simulator of Sage's v3.1 API, faithful to
 * its documented errors, limits and quirks, for firms trying the bot before they have Sage partner
 * access. One user with a UK (lead) and an Irish business; OAuth with a consent page; businesses,
 * ledger accounts, tax rates, contacts and sales invoices; injectable faults; switches that change the
 * UK ledger's customers between syncs (sage-ledger-switches.ts); a web page per invoice.
 * It mounts at /sandbox/sage on the bot's own HTTP server and keeps its tokens and records in a
 * state file, so a restarted bot finds its sandbox connection and invoices still there.
 */
import type { FastifyRequest } from 'fastify';
import { registerSageReadApi, type SageApiContext } from './sage-api.js';
import { loadSageAuth, registerSageAuth, saveSageAuth, type SavedSageAuth } from './sage-auth.js';
import { registerSageContacts } from './sage-contacts.js';
import type { SageBook, SageBusinessData, SageBusinessRecord, SageContactRecord, SageInvoiceRecord } from './sage-data.js';
import { sageError } from './sage-errors.js';
import { createSageFaults, type SageFaults } from './sage-faults.js';
import { createSageLedgerSwitches, type SageLedgerSwitches } from './sage-ledger-switches.js';
import { registerSageInvoicePage } from './sage-invoice-page.js';
import { registerSageInvoices } from './sage-invoices.js';
import { seedSageBooks } from './sage-seed.js';
import { createSimulator, sandboxPrefix, serveSimulators, type Simulator } from './simulator.js';
import { readState, writeState } from './state-file.js';

export type SageSandboxOptions = {
  /** The app credentials the sandbox accepts, as Sage checks a registered app's. */
  clientId: string; clientSecret: string;
  /** Where people's browsers reach the bot (PUBLIC_URL): invoice links point there. Without it, the request's own host. */
  publicUrl?: string;
  stateFile?: string;
  /** The sandbox's time: token and code lifetimes, the rate-limit window, timestamps. */
  clock?: () => Date;
};

export type SageSandbox = Omit<Simulator, 'faults'> & {
  readonly faults: SageFaults;
  /** Changes to the UK (lead) business's customers between syncs: add, rename, delete. */
  readonly ledger: SageLedgerSwitches;
  businesses(): SageBusinessRecord[];
  /** Every contact the business has had, deleted ones (with `deletedAt`) included. */
  contacts(businessId: string): SageContactRecord[];
  invoices(businessId: string): SageInvoiceRecord[];
  /** Back to the seeded businesses, no faults and fresh rate-limit windows; issued tokens stay valid. */
  reset(): void;
};

type SavedState = { auth: SavedSageAuth; books: Record<string, SageBusinessData> };

const isApi = (path: string) => path.startsWith('/v3.1/');

export function createSageSandbox(o: SageSandboxOptions): SageSandbox {
  const clock = o.clock ?? (() => new Date());
  const prefix = sandboxPrefix('sage');
  const saved = readState<SavedState>(o.stateFile);
  const auth = loadSageAuth(saved?.auth);
  let books: SageBook[] = seedSageBooks();
  for (const book of books) if (saved?.books[book.business.id]) book.data = saved.books[book.business.id]!;
  const save = () => {
    if (!o.stateFile) return;
    const state: SavedState = { auth: saveSageAuth(auth, clock().getTime()), books: Object.fromEntries(books.map((b) => [b.business.id, b.data])) };
    writeState(o.stateFile, JSON.stringify(state));
  };
  const faults = createSageFaults(clock);
  const publicBase = (req: FastifyRequest) => `${o.publicUrl ? o.publicUrl.replace(/\/+$/, '') : `${req.protocol}://${req.host}`}${prefix}`;
  const ctx: SageApiContext = { books: () => books, auth, faults, clock, publicBase, save };

  const sim = createSimulator('sage', (app) => {
    app.addHook('onRequest', async (req, reply) => {
      if (isApi(req.url.slice(prefix.length)) && !(await faults.gateway(reply))) return reply;
    });
    registerSageAuth(app, auth, { clientId: o.clientId, clientSecret: o.clientSecret, clock, businessNames: () => books.map((b) => b.business.name), save });
    registerSageReadApi(app, ctx);
    registerSageContacts(app, ctx);
    registerSageInvoices(app, ctx);
    registerSageInvoicePage(app, () => books);
    faults.register(app);
  }, { isApi, notFound: (reply) => reply.code(404).send([sageError('NotFound', 'The path/endpoint does not exist.')]) });

  const book = (id: string) => {
    const found = books.find((b) => b.business.id === id);
    if (!found) throw new Error(`no sandbox business ${id}`);
    return found;
  };
  return {
    ...sim,
    faults: faults.faults,
    ledger: createSageLedgerSwitches({ book: () => books[0]!, clock, save }),
    businesses: () => books.map((b) => b.business),
    contacts: (id) => book(id).data.contacts,
    invoices: (id) => book(id).data.invoices,
    reset: () => {
      books = seedSageBooks();
      faults.faults.reset();
      save();
    },
  };
}

export type ServedSageSandbox = SageSandbox & {
  /** The sandbox's base on its own loopback server: http://127.0.0.1:PORT/sandbox/sage. */
  readonly url: string;
  close(): Promise<void>;
};

/** A sandbox on a loopback server of its own, for tests and the bench (the bot mounts it on its server instead). */
export async function startSageSandbox(o: SageSandboxOptions & { port?: number }): Promise<ServedSageSandbox> {
  const sandbox = createSageSandbox(o);
  const server = await serveSimulators([sandbox], { port: o.port });
  return { ...sandbox, url: `${server.url}${sandbox.prefix}`, close: server.close };
}

/** What the user does on the consent page: presses Approve (or Deny). Answers Sage's redirect back to the app, not followed. */
export async function approveSageConsent(authorizeUrl: string, o: { deny?: boolean } = {}): Promise<Response> {
  const url = new URL(authorizeUrl);
  const form = new URLSearchParams(url.searchParams);
  form.set('decision', o.deny ? 'deny' : 'allow');
  url.search = '';
  return fetch(url, { method: 'POST', body: form, redirect: 'manual' });
}
