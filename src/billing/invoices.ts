import { idempotencyKey } from '../../domain/outbox/entry.js';
import type { OutboxStore } from '../../domain/outbox/ports.js';
import { invoiceNumberText, type Invoice, type InvoiceId, type InvoiceStatus } from '../../domain/invoicing/invoice.js';
import type { InvoiceStore } from '../../domain/invoicing/ports.js';
import type { AuditedBy } from '../../domain/practice/audit.js';
import type { AuditLog, ClientStore } from '../../domain/practice/ports.js';
import type { Practice } from '../../domain/practice/practice.js';
import type { Clock } from '../../domain/shared/clock.js';
import type { PracticeId } from '../../domain/shared/ids.js';
import { card, errorCard, type Card } from '../cards.js';
import { resolveClient } from '../apps/settings.js';
import type { MatchDeps } from '../clients/matching.js';
import type { InvoiceWritePayload } from './deploy.js';
import { digestCard, invoiceCard, invoiceListCard, type LedgerState } from './invoice-cards.js';
import { connectedLedger, type Ledger } from './ledger.js';

export type InvoiceQueryDeps = MatchDeps & {
  readonly invoices: InvoiceStore;
  readonly outbox: OutboxStore;
  readonly clients: ClientStore;
  /** The Retry button's use case: the same outbox row, due now. */
  readonly retryWrite: (practiceId: PracticeId, outboxId: string) => Promise<Card>;
  /** The practice's ledger (Sage), when one is registered. */
  readonly ledger: Ledger | null;
  readonly audit: AuditLog;
  readonly clock: Clock;
};

const statuses: readonly InvoiceStatus[] = ['held', 'issued', 'skipped'];

/** "INV-0003", "3" or an invoice id, as people and buttons name invoices. */
const numberIn = (ref: string): number | null => {
  const m = /^(?:INV-?)?0*(\d+)$/i.exec(ref.trim());
  return m ? Number(m[1]) : null;
};

export function createInvoiceQueries(d: InvoiceQueryDeps) {
  const app = d.ledger?.app.declaration ?? null;

  const ledgerState = async (inv: Invoice): Promise<LedgerState | null> => {
    if (!app) return null;
    const row = await d.outbox.findByKey(inv.practiceId, idempotencyKey(app.id, 'invoice', inv.id));
    return { appName: app.name, appId: app.id, row };
  };

  const find = async (practiceId: PracticeId, ref: string): Promise<Invoice | null> => {
    const n = numberIn(ref);
    return (n !== null ? await d.invoices.findByNumber(practiceId, n) : null) ?? d.invoices.get(practiceId, ref.trim() as InvoiceId);
  };

  const notFound = (ref: string) => errorCard(`No invoice ${ref}`, 'Name it by number, as `invoice show INV-0003`; `invoices` lists the latest.', [{ label: 'Invoices', command: 'invoices' }]);

  const clientName = async (inv: Invoice) => (await d.clients.get(inv.practiceId, inv.clientId))?.name ?? 'a removed client';

  return {
    /** `invoices [CLIENT|held|issued|skipped|failed]`: the latest 20, newest first. */
    async list(practice: Practice, filter: string): Promise<Card> {
      const wanted = filter.trim().toLowerCase();
      let invoices: Invoice[];
      let title = 'Invoices';
      if (!wanted) invoices = await d.invoices.list(practice.id, { limit: 20 });
      else if ((statuses as readonly string[]).includes(wanted)) {
        invoices = await d.invoices.list(practice.id, { status: wanted as InvoiceStatus, limit: 20 });
        title = `Invoices ${wanted}`;
      } else if (wanted === 'failed') {
        const rows = app ? await d.outbox.failed(practice.id, 'invoice') : [];
        invoices = (await Promise.all(rows.map((r) => d.invoices.get(practice.id, (r.payload as unknown as InvoiceWritePayload).invoiceId as InvoiceId)))).filter((i): i is Invoice => i !== null);
        title = `Invoices not in ${app?.name ?? 'the ledger'}`;
      } else {
        const client = await resolveClient(d, practice, filter, 'invoices Acme Ltd');
        if ('title' in client) return client;
        invoices = await d.invoices.list(practice.id, { clientId: client.id, limit: 20 });
        title = `Invoices for ${client.name}`;
      }
      const items = await Promise.all(invoices.map(async (invoice) => ({ invoice, clientName: await clientName(invoice), ledger: await ledgerState(invoice) })));
      return invoiceListCard(title, items, wanted ? 'No invoices match.' : 'No invoices yet. Accepted proposals are billed on their schedules; `bill CLIENT SERVICE` bills one service now.');
    },

    /** `invoice show N`. */
    async show(practice: Practice, ref: string): Promise<Card> {
      const inv = await find(practice.id, ref);
      return inv ? invoiceCard(inv, await clientName(inv), await ledgerState(inv)) : notFound(ref);
    },

    /** `invoice retry N`: the invoice's own outbox row sent again, never a second invoice. */
    async retry(practice: Practice, ref: string): Promise<Card> {
      const inv = await find(practice.id, ref);
      if (!inv) return notFound(ref);
      const state = await ledgerState(inv);
      if (!state?.row) return errorCard(`${inv.number === null ? 'This invoice' : invoiceNumberText(inv.number)} was never sent to a ledger`, 'It is kept here only: there is nothing to retry.');
      return d.retryWrite(practice.id, state.row.id);
    },

    /** `client invoices CLIENT on|off`: whether this client's invoices go to the ledger. */
    async clientInvoices(practice: Practice, by: AuditedBy, name: string, value: string): Promise<Card> {
      const client = await resolveClient(d, practice, name, 'client invoices Acme Ltd off');
      if ('title' in client) return client;
      const on = /^(on|yes)$/i.test(value) ? true : /^(off|no)$/i.test(value) ? false : null;
      const ledgerName = app?.name ?? 'the ledger';
      if (on === null) {
        const now = client.createInvoices === undefined ? 'follows the app settings\' default' : client.createInvoices ? 'on' : 'off';
        return card(`Invoices in ${ledgerName} for ${client.name}: ${now}`, {
          tone: 'info',
          buttons: [{ label: 'On', command: `client invoices ${client.id} on` }, { label: 'Off', command: `client invoices ${client.id} off` }],
        });
      }
      const saved = await d.clients.save({ ...client, createInvoices: on, updatedAt: d.clock.now() });
      if (!saved.ok) return errorCard('Not changed', `Another client is called ${client.name}; rename one first.`);
      await d.audit.record({ practiceId: practice.id, at: d.clock.now(), ...by, action: 'client.invoices_switched', subject: client.name, detail: { createInvoices: on } });
      return card(`${client.name}: invoices ${on ? 'go to' : 'stay out of'} ${ledgerName}`, {
        tone: 'success',
        text: on ? `New invoices for ${client.name} are created in ${ledgerName} as they are issued.` : `New invoices for ${client.name} are kept here only; earlier ones are unchanged.`,
        buttons: [{ label: 'Invoices', command: `invoices ${client.id}` }],
      });
    },

    /** The daily digest's card for a practice, or null when every invoice reached the ledger. */
    async digest(practiceId: PracticeId): Promise<Card | null> {
      if (!app || !d.ledger || !(await connectedLedger(d.ledger, practiceId))) return null;
      const rows = await d.outbox.failed(practiceId, 'invoice');
      if (!rows.length) return null;
      return digestCard(app.name, app.id, rows.map((row) => {
        const p = row.payload as unknown as InvoiceWritePayload;
        return { reference: p.reference, client: p.client, row };
      }));
    },
  };
}

export type InvoiceQueries = ReturnType<typeof createInvoiceQueries>;
