import type { BillingScheduleStore } from '../../domain/billing/ports.js';
import type { SmartBillingQuantities } from '../../domain/billing/smart-billing.js';
import type { Invoice } from '../../domain/invoicing/invoice.js';
import type { InvoiceStore } from '../../domain/invoicing/ports.js';
import type { InvoiceTerms } from '../../domain/invoicing/terms.js';
import type { WriteRequest } from '../../domain/outbox/entry.js';
import type { OutboxStore } from '../../domain/outbox/ports.js';
import type { AuditLog, ClientStore, PracticeStore } from '../../domain/practice/ports.js';
import type { ServiceStore } from '../../domain/proposals/ports.js';
import type { Clock, IdGenerator } from '../../domain/shared/clock.js';
import type { PracticeId } from '../../domain/shared/ids.js';
import type { UnitOfWork } from '../../domain/shared/unit-of-work.js';

/** What raising, approving or skipping an invoice writes, all in one transaction. */
export type InvoiceStores = {
  readonly invoices: InvoiceStore;
  readonly schedules: BillingScheduleStore;
  readonly outbox: OutboxStore;
  readonly audit: AuditLog;
};

/** The practice's invoice settings: payment terms, and whether service descriptions go on invoice lines. */
export type InvoiceSettings = { readonly terms: InvoiceTerms; readonly includeDescriptions: boolean };

export type InvoiceRunDeps = {
  readonly schedules: BillingScheduleStore;
  readonly invoices: InvoiceStore;
  readonly transaction: UnitOfWork<InvoiceStores>;
  readonly smartBilling: SmartBillingQuantities;
  /** The Labs switch, read when invoices are made: while it is off every line bills its own quantity. */
  readonly smartBillingEnabled: (practiceId: PracticeId) => Promise<boolean>;
  readonly settings: (practiceId: PracticeId) => Promise<InvoiceSettings>;
  /**
   * The outbox writes that deploy an issued invoice (the ledger's, when the client's ledger is on).
   * Called inside the transaction that numbers the invoice, so it sees the number: it should only read.
   */
  readonly deploymentsFor: (invoice: Invoice) => Promise<readonly WriteRequest[]>;
  readonly practices: Pick<PracticeStore, 'get'>;
  /** Client names for cards, and the client an instant bill is for. */
  readonly clients: Pick<ClientStore, 'get'>;
  /** The library services an instant bill is made from. */
  readonly services: Pick<ServiceStore, 'get'>;
  /** Asks the outbox drain to run soon; the periodic drain sends the rows if this is lost. */
  readonly wakeOutbox: () => Promise<void>;
  readonly clock: Clock;
  readonly ids: IdGenerator;
};
