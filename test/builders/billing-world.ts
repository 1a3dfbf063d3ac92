import type { SmartBillingQuantities } from '../../domain/billing/smart-billing.js';
import type { UnitOfWork } from '../../domain/shared/unit-of-work.js';
import { billingCommands } from '../../src/billing/commands.js';
import type { InvoiceStores } from '../../src/billing/deps.js';
import { createInvoiceDeployment } from '../../src/billing/deploy.js';
import { createInvoiceQueries } from '../../src/billing/invoices.js';
import { createInvoiceRun } from '../../src/billing/invoice-run.js';
import { connectedLedger } from '../../src/billing/ledger.js';
import { createLedgerSettings } from '../../src/billing/ledger-settings.js';
import { card } from '../../src/cards.js';
import { findService } from '../../src/proposals/services.js';
import { defaultLedgerSettings } from '../../domain/invoicing/ledger-settings.js';
import { sequentialIds } from '../fakes/clock.js';
import { InMemoryInvoiceStore } from '../fakes/in-memory-invoices.js';
import { InMemoryOutboxStore } from '../fakes/in-memory-outbox.js';
import { InMemoryBillingScheduleStore, InMemoryServiceStore } from '../fakes/in-memory-proposals.js';
import { ledgerWorld } from './ledger-world.js';

type IssuingStores = Omit<InvoiceStores, 'invoices'> & { readonly invoices: InMemoryInvoiceStore };

/**
 * The transaction invoices are issued in, on in-memory stores: the invoice store's own, so a
 * rolled-back invoice gives its number back; the other stores are written as they go.
 */
export const inMemoryIssuing = (stores: IssuingStores): UnitOfWork<InvoiceStores> => ({
  run: (work) => stores.invoices.transaction().run((invoices) => work({ ...stores, invoices })),
});

/**
 * The billing area as src/compose-billing.ts wires it, on in-memory stores over ledgerWorld's Sage:
 * the invoice run, deployment to Sage, the invoice queries, the Sage settings and the billing verbs.
 * Smart Billing answers with `counts` (hold for approval when none is set).
 */
export async function billingWorld(o: Parameters<typeof ledgerWorld>[0] = {}) {
  const w = await ledgerWorld(o);
  const stores = { invoices: new InMemoryInvoiceStore(), schedules: new InMemoryBillingScheduleStore(), outbox: new InMemoryOutboxStore(), audit: w.audit };
  const services = new InMemoryServiceStore();
  const retried: string[] = [];
  const smartBilling: SmartBillingQuantities = { quantityToBill: async () => ({ kind: 'hold', reason: 'gusto-unreachable' }) };
  const deployment = createInvoiceDeployment({ ledger: w.ledger, invoices: stores.invoices, clients: w.clients, links: w.links });
  const run = createInvoiceRun({
    ...stores, transaction: inMemoryIssuing(stores), smartBilling, smartBillingEnabled: async () => true,
    settings: async (practiceId) => {
      const s = (await connectedLedger(w.ledger, practiceId))?.settings ?? defaultLedgerSettings;
      return { terms: s.terms, includeDescriptions: s.includeDescriptions };
    },
    deploymentsFor: (invoice) => deployment.deploymentsFor(invoice),
    practices: { get: async (id) => (id === w.practice.id ? w.practice : null) }, clients: w.clients, services,
    wakeOutbox: async () => {}, clock: w.clock, ids: sequentialIds('inv'),
  });
  const queries = createInvoiceQueries({
    ...stores, clients: w.clients, links: w.links, connections: w.connections, ledger: w.ledger, clock: w.clock,
    retryWrite: async (_practiceId, outboxId) => { retried.push(outboxId); return card('Sending it again'); },
  });
  const settings = createLedgerSettings({ ledger: w.ledger, services, audit: w.audit, clock: w.clock });
  const commands = billingCommands({
    run, queries, clients: w.clients, clock: w.clock,
    findService: async (practice, name) => {
      const found = await findService({ services }, { practice }, name);
      return found.ok ? found.value : null;
    },
    ledger: { id: 'sage', name: 'Sage', settings },
  });
  return { ...w, ...stores, services, run, queries, commands, retried };
}

export type BillingWorld = Awaited<ReturnType<typeof billingWorld>>;
