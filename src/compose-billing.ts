/**
 * Wires billing: the invoice run (and reconciler) and its jobs, held-invoice approvals, instant bills,
 * the invoice commands, and — when a ledger app is registered — its settings and the deployment of
 * issued invoices through the outbox. Part of the composition root, called from compose.ts.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Agenda } from 'agenda';
import { MikroOrmAuditLog } from '../adapters/db/audit-log.js';
import { MikroOrmPracticeFlags } from '../adapters/db/app-stores.js';
import type { AppClientStore } from '../domain/sync/ports.js';
import { MikroOrmBillingScheduleStore } from '../adapters/db/billing-schedule-store.js';
import { MikroOrmConnectionLock } from '../adapters/db/connection-lock.js';
import { MikroOrmInvoiceStore } from '../adapters/db/invoice-store.js';
import { MikroOrmOutboxStore } from '../adapters/db/outbox-store.js';
import { MikroOrmServiceStore } from '../adapters/db/service-store.js';
import { mikroOrmUnitOfWork } from '../adapters/db/unit-of-work.js';
import type { SmartBillingQuantities } from '../domain/billing/smart-billing.js';
import { plainDescription } from '../domain/invoicing/description.js';
import { defaultLedgerSettings } from '../domain/invoicing/ledger-settings.js';
import type { AppLinkStore, AuditLog, ClientStore, ConnectionStore, PracticeStore } from '../domain/practice/ports.js';
import { calendarDateIn } from '../domain/shared/calendar.js';
import type { Clock, IdGenerator } from '../domain/shared/clock.js';
import { registerBillingJobs, wakeInvoiceRun } from '../jobs/billing.js';
import type { AppUseCases } from './apps/use-cases.js';
import { smartBillingFlag } from './apps/settings.js';
import { billingCommands } from './billing/commands.js';
import { createInvoiceDeployment } from './billing/deploy.js';
import { deploymentFailedCard } from './billing/failure-card.js';
import { createInvoiceQueries } from './billing/invoices.js';
import { billingEvents, createInvoiceRun } from './billing/invoice-run.js';
import { connectedLedger, type Ledger } from './billing/ledger.js';
import { createLedgerSettings } from './billing/ledger-settings.js';
import type { Card } from './cards.js';
import type { Notifier } from './notify.js';
import type { OutboxUseCases } from './outbox/use-cases.js';
import { findService } from './proposals/services.js';

export type BillingInfra = {
  readonly em: EntityManager;
  readonly stores: {
    readonly practices: PracticeStore; readonly clients: ClientStore; readonly connections: ConnectionStore;
    readonly links: AppLinkStore; readonly audit: AuditLog;
    /** The ledger's customers as last read: an invoice for a client whose contact was deleted there waits for a new mapping. */
    readonly appClients?: AppClientStore;
  };
  /** The registered app that issues invoices (Sage), with its token access; null when none is registered. */
  readonly ledgerApp: AppUseCases | null;
  readonly smartBilling: SmartBillingQuantities;
  readonly outbox: Pick<OutboxUseCases, 'retry'>;
  readonly wakeOutbox: () => Promise<void>;
  readonly notifier: Notifier;
  readonly agenda?: Agenda;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly inScope: <T>(fn: () => Promise<T>) => Promise<T>;
};

/** The local date the digest last went out, per practice: once a day, at the first hourly run after 09:00 local. */
const digestFlag = 'billing.digest.last-local-date';
const digestHour = 9;

export function composeBilling(x: BillingInfra) {
  const { em, stores } = x;
  const invoices = new MikroOrmInvoiceStore(em);
  const schedules = new MikroOrmBillingScheduleStore(em);
  const services = new MikroOrmServiceStore(em);
  const outboxStore = new MikroOrmOutboxStore(em);
  const flags = new MikroOrmPracticeFlags(em);
  const ledger: Ledger | null = x.ledgerApp ? {
    app: x.ledgerApp.app, connections: stores.connections, lock: new MikroOrmConnectionLock(em),
    token: (c) => x.ledgerApp!.tokens.tokenSource(c),
  } : null;
  const deployment = ledger ? createInvoiceDeployment({
    ledger, invoices, clients: stores.clients, links: stores.links, ...(stores.appClients ? { appClients: stores.appClients } : {}),
    posts: { transaction: mikroOrmUnitOfWork(em, (tx) => ({ invoices: new MikroOrmInvoiceStore(tx), outbox: new MikroOrmOutboxStore(tx) })), ids: x.ids, clock: x.clock },
  }) : null;

  const run = createInvoiceRun({
    schedules, invoices, smartBilling: x.smartBilling,
    transaction: mikroOrmUnitOfWork(em, (tx) => ({
      invoices: new MikroOrmInvoiceStore(tx), schedules: new MikroOrmBillingScheduleStore(tx), outbox: new MikroOrmOutboxStore(tx), audit: new MikroOrmAuditLog(tx),
    })),
    smartBillingEnabled: async (practiceId) => (await flags.get(practiceId, smartBillingFlag)) === 'on',
    settings: async (practiceId) => {
      const s = (ledger && (await connectedLedger(ledger, practiceId))?.settings) || defaultLedgerSettings;
      return { terms: s.terms, includeDescriptions: s.includeDescriptions };
    },
    deploymentsFor: async (invoice) => deployment?.deploymentsFor(invoice) ?? [],
    practices: stores.practices, clients: stores.clients, services, wakeOutbox: x.wakeOutbox, clock: x.clock, ids: x.ids,
  });
  const queries = createInvoiceQueries({
    invoices, outbox: outboxStore, clients: stores.clients, links: stores.links, connections: stores.connections,
    retryWrite: (practiceId, id) => x.outbox.retry(practiceId, id), ledger, audit: stores.audit, clock: x.clock,
  });
  const settings = ledger ? createLedgerSettings({
    ledger, services, audit: stores.audit, clock: x.clock,
    longDescriptions: async (practice) => (await services.list(practice.id)).filter((s) => !s.included && plainDescription(s.description).cut).map((s) => s.name),
  }) : null;

  const commands = billingCommands({
    run, queries, clients: stores.clients, clock: x.clock,
    findService: async (practice, name) => {
      const found = await findService({ services }, { practice }, name);
      return found.ok ? found.value : null;
    },
    ledger: ledger && settings ? { id: ledger.app.declaration.id, name: ledger.app.declaration.name, settings } : null,
  });

  /** Every practice, each in its own local day; one practice's failure does not stop the others. */
  const eachPractice = async (work: (practiceId: Parameters<typeof run.run>[0], today: string, localHour: number) => Promise<unknown>) => {
    for (const practice of await stores.practices.list()) {
      const now = x.clock.now();
      const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: practice.timeZone, hour: 'numeric', hourCycle: 'h23' }).format(now));
      await work(practice.id, calendarDateIn(now, practice.timeZone), hour);
    }
  };
  const postDigest = async (practiceId: Parameters<typeof run.run>[0], today: string, hour: number) => {
    if (hour < digestHour || (await flags.get(practiceId, digestFlag)) === today) return;
    const card: Card | null = await queries.digest(practiceId);
    if (card) await x.notifier.notify(practiceId, 'invoice.deployment_failed', card);
    await flags.set(practiceId, digestFlag, today);
  };

  return {
    run, queries, settings, deployment, commands,
    events: [...billingEvents],
    /** The invoice card a given-up ledger write posts (invoice.deployment_failed). */
    failureCards: { invoice: deploymentFailedCard },
    wake: async () => { if (x.agenda) await wakeInvoiceRun(x.agenda); },
    registerJobs: (agenda: Agenda) => registerBillingJobs(agenda, {
      inScope: x.inScope,
      runAll: () => eachPractice((practiceId, today) => run.run(practiceId, today)),
      digestAll: () => eachPractice(postDigest),
    }),
  };
}

export type BillingApp = ReturnType<typeof composeBilling>;
