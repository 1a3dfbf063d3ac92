/**
 * Billing into Sage as a bot process runs it, for the invoice kill test: the invoice run, the
 * deployment of issued invoices and the outbox drain, wired as compose-billing.ts and compose-apps.ts
 * wire them over the real PostgreSQL stores and the real Sage client and writer. Given a kill switch,
 * every store, transaction and Sage call dies with it; without one it is the restarted bot.
 * Each practice keeps its books in a Sage sandbox of its own, on a loopback server.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { MikroOrmAppLinkStore } from '../../adapters/db/app-link-store.js';
import { MikroOrmAuditLog } from '../../adapters/db/audit-log.js';
import { MikroOrmBillingScheduleStore } from '../../adapters/db/billing-schedule-store.js';
import { MikroOrmClientStore } from '../../adapters/db/client-store.js';
import { MikroOrmConnectionLock } from '../../adapters/db/connection-lock.js';
import { MikroOrmConnectionStore } from '../../adapters/db/connection-store.js';
import { MikroOrmInvoiceStore } from '../../adapters/db/invoice-store.js';
import { MikroOrmOutboxStore } from '../../adapters/db/outbox-store.js';
import { MikroOrmPracticeStore } from '../../adapters/db/practice-store.js';
import { createSecretBox } from '../../adapters/db/secret-box.js';
import { MikroOrmServiceStore } from '../../adapters/db/service-store.js';
import { mikroOrmUnitOfWork } from '../../adapters/db/unit-of-work.js';
import { createSageClient } from '../../adapters/sage/client.js';
import { sageInvoiceWriter } from '../../adapters/sage/invoice-writer.js';
import { createSageAuth } from '../../adapters/sage/oauth.js';
import { registerSage } from '../../adapters/sage/registration.js';
import { approveSageConsent } from '../../adapters/sandbox/sage.js';
import { defaultLedgerSettings, type LedgerSettings } from '../../domain/invoicing/ledger-settings.js';
import type { OutboxWriter } from '../../domain/outbox/ports.js';
import type { AppConnection } from '../../domain/practice/connection.js';
import { newPractice } from '../../domain/practice/practice.js';
import type { Clock, IdGenerator } from '../../domain/shared/clock.js';
import { asId, type PracticeId } from '../../domain/shared/ids.js';
import type { UnitOfWork } from '../../domain/shared/unit-of-work.js';
import type { RegisteredApp } from '../../src/apps/app.js';
import { createInvoiceDeployment } from '../../src/billing/deploy.js';
import { createInvoiceRun } from '../../src/billing/invoice-run.js';
import { connectedLedger, type Ledger } from '../../src/billing/ledger.js';
import { registrationContext } from '../../src/compose-apps.js';
import { startSageApi, type SageApiHost } from '../../src/compose-sandboxes.js';
import { createOutboxUseCases } from '../../src/outbox/use-cases.js';
import { dying, type Switch } from './kill-switch.js';

/** One practice and the Sage business its invoices go to, in its own sandbox. */
export type SageBook = {
  readonly practiceId: PracticeId;
  readonly host: SageApiHost;
  readonly sandbox: NonNullable<SageApiHost['sandbox']>;
  readonly businessId: string;
};

export type SageBillingWorld = {
  readonly em: () => EntityManager;
  readonly books: readonly SageBook[];
  /** Sage as the registry declares it: its id, name and outbox budget. */
  readonly sage: RegisteredApp;
  readonly encryptionKey: Buffer;
  readonly clock: Clock;
  /** Shared by every bot process of the world, as random ids would never repeat across restarts. */
  readonly ids: IdGenerator;
  readonly claimMs: number;
};

const quiet = { warn: () => {}, error: () => {} };
const redirectUri = 'http://127.0.0.1:9/oauth/sage/callback';

/** Signs in to the sandbox as a person connecting Sage would, and answers the UK business's connection, enabled. */
async function connectSage(host: SageApiHost, practiceId: PracticeId, now: Date): Promise<AppConnection> {
  const auth = createSageAuth({ clientId: host.clientId, clientSecret: host.clientSecret, redirectUri, authorizeUrl: host.authorizeUrl, tokenUrl: host.tokenUrl });
  const back = await approveSageConsent(auth.authorizeUrl('connect'));
  const code = new URL(back.headers.get('location') ?? '').searchParams.get('code') ?? '';
  const tokens = await auth.exchangeCode(code, now);
  if (!tokens.ok) throw new Error(`could not connect the Sage sandbox: ${tokens.error.detail}`);
  const api = createSageClient({ baseUrl: host.apiBase, token: async () => tokens.value.accessToken });
  const business = (await api.businesses()).find((b) => b.countryCode === 'GB')!;
  const account = (await api.salesLedgerAccounts(business.id)).find((a) => a.nominalCode === '4000')!;
  const ledger: LedgerSettings = {
    ...defaultLedgerSettings, enabled: true, salesAccount: { id: account.id, name: `4000 ${account.name}` },
    taxRates: { standard: { id: 'GB_STANDARD', name: 'Standard' } },
  };
  return {
    id: asId(`sage-${practiceId}`), practiceId, provider: 'sage', externalId: business.id, label: business.name, status: 'active',
    tokens: tokens.value, settings: { ledger }, connectedAt: now,
  };
}

/**
 * Practices, each with Sage connected to a sandbox of its own and enabled (sales account 4000, VAT
 * 20 % mapped). The sandboxes answer as many calls a minute as the test makes, and the client below
 * is not paced: the rate limit is not what this world is for.
 */
export async function sageBillingWorld(o: {
  em: () => EntityManager; practiceIds: readonly PracticeId[]; clock: Clock; ids: IdGenerator; claimMs: number;
}): Promise<SageBillingWorld & { close(): Promise<void> }> {
  const encryptionKey = Buffer.alloc(32, 7);
  const em = o.em();
  const connections = new MikroOrmConnectionStore(em, createSecretBox(encryptionKey));
  const books: SageBook[] = [];
  for (const practiceId of o.practiceIds) {
    const host = await startSageApi({});
    const sandbox = host.sandbox!;
    sandbox.faults.callsPerMinute(1_000_000);
    await new MikroOrmPracticeStore(em).create(newPractice(practiceId, `Practice ${practiceId}`, o.clock.now()), { platform: 'shell', workspaceId: practiceId });
    const connection = await connectSage(host, practiceId, o.clock.now());
    await connections.save(connection);
    books.push({ practiceId, host, sandbox, businessId: connection.externalId });
  }
  // Only Sage's declaration and budget are read from the registration: each bot builds its own writer below.
  const notHere = () => Promise.reject(new Error('each bot builds its own writer'));
  const sage = registerSage({ host: books[0]!.host, deployment: { prepare: notHere, recorded: notHere, oneCustomerAtATime: notHere, contactFree: notHere } },
    registrationContext({ publicUrl: 'http://127.0.0.1:9', em, encryptionKey }));
  return {
    em: o.em, books, sage, encryptionKey, clock: o.clock, ids: o.ids, claimMs: o.claimMs,
    close: async () => { for (const b of books) await b.host.close(); },
  };
}

/**
 * One bot process over the world: `run` is the invoice run, `drain` the outbox drain. With a switch,
 * each store call, transaction and Sage call is a point it may die at, and once dead every call throws.
 */
export function sageBillingBot(w: SageBillingWorld, k: Switch | null) {
  const em = w.em();
  const wrap = <T extends object>(target: T, name: string): T => (k ? dying(target, k, name) : target);
  const unitOfWork = <S>(storesOn: (tx: EntityManager) => S): UnitOfWork<S> => {
    const uow = mikroOrmUnitOfWork(em, storesOn);
    return k ? { run: (work) => k.around('transaction', () => uow.run(work)) } : uow;
  };
  const invoices = wrap(new MikroOrmInvoiceStore(em), 'invoices');
  const clients = wrap(new MikroOrmClientStore(em), 'clients');
  const links = wrap(new MikroOrmAppLinkStore(em), 'links');
  const connections = wrap(new MikroOrmConnectionStore(em, createSecretBox(w.encryptionKey)), 'connections');
  const ledger: Ledger = { app: w.sage, connections, lock: new MikroOrmConnectionLock(em), token: (c) => async () => c.tokens.accessToken };
  const deployment = createInvoiceDeployment({ ledger, invoices, clients, links });

  const run = createInvoiceRun({
    schedules: wrap(new MikroOrmBillingScheduleStore(em), 'schedules'), invoices,
    transaction: unitOfWork((tx) => ({
      invoices: wrap(new MikroOrmInvoiceStore(tx), 'tx.invoices'), schedules: wrap(new MikroOrmBillingScheduleStore(tx), 'tx.schedules'),
      outbox: wrap(new MikroOrmOutboxStore(tx), 'tx.outbox'), audit: wrap(new MikroOrmAuditLog(tx), 'tx.audit'),
    })),
    smartBilling: { quantityToBill: () => Promise.reject(new Error('no Smart Billing in this world')) },
    smartBillingEnabled: async () => false,
    settings: async (practiceId) => {
      const s = (await connectedLedger(ledger, practiceId))?.settings ?? defaultLedgerSettings;
      return { terms: s.terms, includeDescriptions: s.includeDescriptions };
    },
    deploymentsFor: (invoice) => deployment.deploymentsFor(invoice),
    practices: wrap(new MikroOrmPracticeStore(em), 'practices'), clients, services: new MikroOrmServiceStore(em),
    wakeOutbox: async () => {}, clock: w.clock, ids: w.ids,
  });

  // Sage's writer, on the practice's own sandbox, with the token of its active connection (as compose-apps.ts hands it over).
  const writerOf = new Map(w.books.map((b) => [b.practiceId as string, sageInvoiceWriter({
    api: (token) => wrap(createSageClient({ baseUrl: b.host.apiBase, token, limits: {}, baseDelayMs: 5 }), 'sage'), deployment,
  })]));
  const connected = async (practiceId: PracticeId) => {
    const connection = (await connections.list(practiceId, w.sage.declaration.id)).find((c) => c.status === 'active');
    if (!connection) throw Object.assign(new Error('Sage is not connected'), { kind: 'reconnect-needed' });
    return [async () => connection.tokens.accessToken, connection] as const;
  };
  const writer: OutboxWriter = {
    lookup: async (e) => writerOf.get(e.practiceId)!.lookup(e, ...(await connected(e.practiceId))),
    create: async (e) => writerOf.get(e.practiceId)!.create(e, ...(await connected(e.practiceId))),
  };
  const outbox = createOutboxUseCases({
    store: wrap(new MikroOrmOutboxStore(em), 'outbox'),
    transaction: unitOfWork((tx) => ({ outbox: wrap(new MikroOrmOutboxStore(tx), 'tx.outbox') })),
    writers: (app, kind) => (app === w.sage.declaration.id && kind === 'invoice' ? writer : undefined),
    budgets: (app) => (app === w.sage.declaration.id ? w.sage.adapters.budget : undefined),
    appName: (app) => app, wake: async () => {}, clock: w.clock, ids: w.ids, jitter: () => 0.5, log: quiet, claimMs: w.claimMs,
  });

  return { run: run.run, drain: outbox.drain };
}
