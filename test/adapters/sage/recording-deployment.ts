/**
 * The billing side of an invoice deployment in miniature: it builds the one invoice each outbox row
 * stands for, and keeps every placement it is told of. `killAfterNextCreate` makes the next placement
 * be lost, as when the process dies between Sage's answer and our write; `takenContacts` are contacts
 * mapped to another client.
 */
import type { InvoiceDeployment } from '../../../adapters/sage/invoice-writer.js';
import type { LedgerInvoice, LedgerPlacement } from '../../../domain/invoicing/ledger-invoice.js';
import type { OutboxEntry } from '../../../domain/outbox/entry.js';

export function recordingDeployment(invoiceFor: (entry: OutboxEntry) => LedgerInvoice) {
  const placements: LedgerPlacement[] = [];
  /** Sage contacts mapped to another client: the writer must not use them for this one. */
  const takenContacts = new Set<string>();
  let dieAfterCreate = false;
  const deployment: InvoiceDeployment = {
    prepare: async (entry) => invoiceFor(entry),
    recorded: async (_entry, placed) => {
      if (dieAfterCreate) {
        dieAfterCreate = false;
        throw new Error('the process was killed before it kept the placement');
      }
      placements.push(placed);
    },
    // These tests send one invoice at a time: nothing to serialise.
    oneCustomerAtATime: (_connection, _name, work) => work(),
    contactFree: async (_entry, contactId) => !takenContacts.has(contactId),
  };
  return { deployment, placements, takenContacts, killAfterNextCreate: () => { dieAfterCreate = true; } };
}
