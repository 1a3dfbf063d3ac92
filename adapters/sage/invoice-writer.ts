/**
 * Sage's writer for invoices, as the outbox calls it. Sage has no idempotency key, so our invoice
 * number goes out as the invoice's `reference` and is searched for before anything is created: an
 * invoice whose create reached Sage but whose id we never recorded (a crash in between) is found.
 * The contact is the one mapped to the client, else Sage's contact with exactly the client's name
 * (and mapped to no other client), else a new one, made with the first invoice (and found by name on a retry, never made twice: the
 * search and the create run for one send of a name at a time).
 */
import type { AppWriter } from '../../src/apps/app.js';
import type { OutboxEntry } from '../../domain/outbox/entry.js';
import type { LedgerCustomer, LedgerInvoice, LedgerPlacement } from '../../domain/invoicing/ledger-invoice.js';
import type { AccessToken } from '../../domain/apps/ports.js';
import type { AppConnection } from '../../domain/practice/connection.js';
import type { InvoiceWritePayload } from '../../src/billing/deploy.js';
import { ProviderError } from '../provider-http.js';
import type { SageApi, SageLedgerAccount } from './client.js';

export type InvoiceDeployment = {
  /** What to send, built at send time from our invoice and the current settings. */
  prepare(entry: OutboxEntry): Promise<LedgerInvoice>;
  /** Where Sage put it: recorded on our invoice, and the contact mapped to the client. */
  recorded(entry: OutboxEntry, placed: LedgerPlacement): Promise<void>;
  /** Whether a Sage contact may take this invoice's client: not when another client is mapped to it. */
  contactFree(entry: OutboxEntry, contactId: string): Promise<boolean>;
  /** Runs `work` for one send at a time per customer name, in every process: finding or making a contact. */
  oneCustomerAtATime<T>(connection: AppConnection, name: string, work: () => Promise<T>): Promise<T>;
};

const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

const refused = (reason: string) => new ProviderError('sage', 'rejected', { reason });

export function sageInvoiceWriter(o: { api: (token: AccessToken) => SageApi; deployment: InvoiceDeployment }): AppWriter {
  const contactFor = async (api: SageApi, connection: AppConnection, entry: OutboxEntry, customer: LedgerCustomer): Promise<string> => {
    if (customer.ledgerId) return customer.ledgerId;
    const business = connection.externalId;
    return o.deployment.oneCustomerAtATime(connection, customer.name, async () => {
      const named = (await api.contacts(business, { search: customer.name })).filter((c) => sameName(c.name, customer.name));
      // A contact of that name mapped to another client is theirs: this client gets one of its own.
      for (const c of named) if (await o.deployment.contactFree(entry, c.id)) return c.id;
      return (await api.createContact(business, { name: customer.name, ...(customer.email ? { email: customer.email } : {}) })).id;
    });
  };

  /** A service's own account is named by its nominal code (or id); the default is already an id. */
  const accountIds = async (api: SageApi, business: string, invoice: LedgerInvoice): Promise<Map<string, string>> => {
    const wanted = new Set(invoice.lines.map((l) => l.ledgerAccount));
    let accounts: SageLedgerAccount[] | null = null;
    const ids = new Map<string, string>();
    for (const account of wanted) {
      accounts ??= await api.salesLedgerAccounts(business);
      const found = accounts.find((a) => a.id === account || a.nominalCode === account);
      if (!found) throw refused(`the sales account "${account}" named on a service is not one of this Sage business's sales accounts`);
      ids.set(account, found.id);
    }
    return ids;
  };

  return {
    async lookup(entry, token, connection) {
      const { reference } = entry.payload as unknown as InvoiceWritePayload;
      const found = await o.api(token).findInvoiceByReference(connection.externalId, reference);
      if (!found) return null;
      await o.deployment.recorded(entry, { id: found.id, number: found.invoiceNumber, url: found.webUrl, customerId: found.contactId });
      return found.id;
    },
    async create(entry, token, connection) {
      const api = o.api(token);
      const business = connection.externalId;
      const invoice = await o.deployment.prepare(entry);
      // Accounts first: an invoice refused for a wrong account code must leave no new contact behind.
      const accounts = await accountIds(api, business, invoice);
      const contactId = await contactFor(api, connection, entry, invoice.customer);
      const made = await api.createInvoice(business, {
        contactId, date: invoice.date, dueDate: invoice.dueDate, reference: invoice.reference,
        lines: invoice.lines.map((l) => ({
          description: l.description, ledgerAccountId: accounts.get(l.ledgerAccount)!, quantity: l.quantity, unitPrice: l.unitPrice,
          netAmount: l.netAmount, taxRateId: l.taxRateId, taxAmount: l.taxAmount,
        })),
      });
      await o.deployment.recorded(entry, { id: made.id, number: made.invoiceNumber, url: made.webUrl, customerId: contactId });
      return made.id;
    },
  };
}
