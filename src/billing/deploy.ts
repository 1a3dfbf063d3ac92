import { invoiceNumberText, type Invoice, type InvoiceId } from '../../domain/invoicing/invoice.js';
import { ledgerInvoiceOf, type LedgerInvoice, type LedgerPlacement } from '../../domain/invoicing/ledger-invoice.js';
import type { InvoiceStore } from '../../domain/invoicing/ports.js';
import { newOutboxEntry, type OutboxEntry, type WriteRequest } from '../../domain/outbox/entry.js';
import type { OutboxStore } from '../../domain/outbox/ports.js';
import type { Client } from '../../domain/practice/client.js';
import type { AppConnection } from '../../domain/practice/connection.js';
import type { ConnectionId } from '../../domain/shared/ids.js';
import type { AppLinkStore, ClientStore } from '../../domain/practice/ports.js';
import type { AppClientStore } from '../../domain/sync/ports.js';
import type { Clock, IdGenerator } from '../../domain/shared/clock.js';
import type { UnitOfWork } from '../../domain/shared/unit-of-work.js';
import { notificationWrite } from '../outbox/writes.js';
import { invoiceDeployedCard } from './deployed-card.js';
import { connectedLedger, type Ledger } from './ledger.js';

/** The outbox row's payload for an invoice: what the writer searches the ledger by, and what a failure card names. */
export type InvoiceWritePayload = { readonly invoiceId: string; readonly reference: string; readonly client: string };

export type DeploymentDeps = {
  readonly ledger: Ledger;
  readonly invoices: InvoiceStore;
  readonly clients: ClientStore;
  readonly links: AppLinkStore;
  /** The ledger's customers as last read, to tell a mapped contact the ledger has since deleted. */
  readonly appClients?: AppClientStore;
  /**
   * Keeps where the ledger put an invoice and queues its `invoice.deployed` post in one transaction.
   * Unset, the placement is kept and nothing is posted.
   */
  readonly posts?: {
    readonly transaction: UnitOfWork<{ readonly invoices: InvoiceStore; readonly outbox: OutboxStore }>;
    readonly ids: IdGenerator;
    readonly clock: Clock;
  };
};

/** A failure a person must fix before Retry can help: the outbox gives the row up at once and posts the card. */
const refusal = (message: string) => Object.assign(new Error(message), { kind: 'rejected' });

/** Whether a client's invoices go to the ledger: its own switch, else the settings' default for clients. */
export const clientInvoicesOn = (client: Pick<Client, 'createInvoices'>, defaultOn: boolean): boolean => client.createInvoices ?? defaultOn;

/**
 * Invoices into the ledger (Sage): which issued invoices are written there, what is sent when the
 * outbox sends one, and what is kept of where the ledger put it.
 */
export function createInvoiceDeployment(d: DeploymentDeps) {
  const app = d.ledger.app.declaration;
  // Sends in this process queue here for a customer's lease, instead of polling the database for it.
  const waiting = new Map<string, Promise<unknown>>();
  return {
    /**
     * The ledger write an issued invoice owes, recorded in the transaction that issues it: none while
     * the app is not enabled, or for a client whose invoices stay here.
     */
    async deploymentsFor(invoice: Invoice): Promise<WriteRequest[]> {
      if (invoice.status !== 'issued' || invoice.number === null) return [];
      const ledger = await connectedLedger(d.ledger, invoice.practiceId);
      const client = await d.clients.get(invoice.practiceId, invoice.clientId);
      if (!ledger?.settings.enabled || !client || !clientInvoicesOn(client, ledger.settings.createInvoices)) return [];
      const payload: InvoiceWritePayload = { invoiceId: invoice.id, reference: invoiceNumberText(invoice.number), client: client.name };
      return [{ practiceId: invoice.practiceId, app: app.id, kind: 'invoice', sourceId: invoice.id, payload }];
    },

    /** What the writer sends, built now from the invoice and today's settings, so a mapping fixed after a failure applies on Retry. */
    async prepare(entry: OutboxEntry): Promise<LedgerInvoice> {
      const { invoiceId } = entry.payload as unknown as InvoiceWritePayload;
      const invoice = await d.invoices.get(entry.practiceId, invoiceId as InvoiceId);
      if (!invoice) throw refusal(`invoice ${invoiceId} no longer exists here`);
      const ledger = await connectedLedger(d.ledger, entry.practiceId);
      if (!ledger) throw Object.assign(new Error(`${app.name} is not connected`), { kind: 'reconnect-needed' });
      const client = await d.clients.get(entry.practiceId, invoice.clientId);
      if (!client) throw refusal(`the client of ${invoiceNumberText(invoice.number ?? 0)} no longer exists here`);
      const link = (await d.links.forClient(entry.practiceId, client.id)).find((l) => l.provider === app.id);
      const mapped = link && (await d.appClients?.get(entry.practiceId, app.id, link.externalId));
      if (mapped?.deletedAt) {
        throw refusal(`${client.name}'s ${app.name} contact ${mapped.name} was deleted in ${app.name}. Map the client to another with \`client map ${client.id} ${app.id}\`, then press Retry`);
      }
      const built = ledgerInvoiceOf(invoice, { name: client.name, email: client.email ?? null, ledgerId: link?.externalId ?? null }, ledger.settings);
      if (!built.ok) throw refusal(`not sent, because ${built.error.join('; ')}`);
      return built.value;
    },

    /**
     * Runs `work` — finding or making the ledger's contact for a customer it has no id of yet — for
     * one send at a time per customer name, across processes: two invoices of a new client sent at
     * once (its fee and first month, by the drain's two lanes) would each find no contact and make
     * one. The lease is keyed beside the connection's own, so a token refresh inside `work` never waits on it.
     */
    oneCustomerAtATime<T>(connection: AppConnection, name: string, work: () => Promise<T>): Promise<T> {
      const key = `${connection.id}:customer:${name.trim().toLowerCase()}` as ConnectionId;
      const turn = (waiting.get(key) ?? Promise.resolve()).then(() => d.ledger.lock.withLock(connection.practiceId, key, work));
      const settled = turn.catch(() => undefined);
      waiting.set(key, settled);
      void settled.then(() => { if (waiting.get(key) === settled) waiting.delete(key); });
      return turn;
    },

    /** Whether a ledger contact found by name may take the invoice's client: free, or already this client's. */
    async contactFree(entry: OutboxEntry, contactId: string): Promise<boolean> {
      const { invoiceId } = entry.payload as unknown as InvoiceWritePayload;
      const invoice = await d.invoices.get(entry.practiceId, invoiceId as InvoiceId);
      const holder = await d.links.find(entry.practiceId, app.id, contactId);
      return !holder || holder.clientId === invoice?.clientId;
    },

    /** Where the ledger put it: kept on the invoice (its number then links there), and the ledger's contact mapped to the client. */
    async recorded(entry: OutboxEntry, placed: LedgerPlacement): Promise<void> {
      const { invoiceId } = entry.payload as unknown as InvoiceWritePayload;
      const invoice = await d.invoices.get(entry.practiceId, invoiceId as InvoiceId);
      if (!invoice) return;
      const { client } = entry.payload as unknown as InvoiceWritePayload;
      const placedInvoice: Invoice = { ...invoice, ledger: { app: app.id, id: placed.id, number: placed.number, url: placed.url } };
      const posted = d.posts && invoiceDeployedCard(placedInvoice, app.name, client);
      if (d.posts && posted) {
        // Posted by this same drain run; the key (invoice, event) keeps one post when a crash repeats this.
        const { ids, clock } = d.posts;
        await d.posts.transaction.run(async (tx) => {
          await tx.invoices.update(placedInvoice);
          await tx.outbox.enqueue(newOutboxEntry(notificationWrite(invoice.practiceId, 'invoice.deployed', posted, invoice.id), ids.next(), clock.now()));
        });
      } else {
        await d.invoices.update(placedInvoice);
      }
      // A client mapped meanwhile keeps its mapping, and a contact another client holds stays theirs: link refuses both.
      // The contact was found or made by the client's name: that is what a name sync later compares against.
      await d.links.link({ practiceId: entry.practiceId, provider: app.id, externalId: placed.customerId, clientId: invoice.clientId, syncLevel: 'all', baseline: { name: client } });
    },
  };
}

export type InvoiceDeployment = ReturnType<typeof createInvoiceDeployment>;
