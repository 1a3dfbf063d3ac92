import { asId } from '../../../domain/shared/ids.js';
import { describe, expect, it } from 'vitest';
import type { Invoice } from '../../../domain/invoicing/invoice.js';
import type { LedgerSettings } from '../../../domain/invoicing/ledger-settings.js';
import { newOutboxEntry, type OutboxEntry } from '../../../domain/outbox/entry.js';
import type { Client } from '../../../domain/practice/client.js';
import { createInvoiceDeployment } from '../../../src/billing/deploy.js';
import { invoice, invoiceLine } from '../../builders/invoices.js';
import { finishedSettings, ledgerWorld } from '../../builders/ledger-world.js';
import { InMemoryInvoiceStore } from '../../fakes/in-memory-invoices.js';
import { InMemoryAppClientStore } from '../../fakes/in-memory-app-clients.js';

const reduced = { code: 'reduced', name: 'VAT 5%', basisPoints: 500 };
const issued = (over: Partial<Invoice> = {}) => invoice({ status: 'issued', number: 3, issuedAt: new Date('2026-03-02T10:00:00Z'), ...over });

const world = async (o: { connected?: boolean; settings?: LedgerSettings; client?: Partial<Client> } = {}) => {
  const w = await ledgerWorld(o);
  const invoices = new InMemoryInvoiceStore();
  const appClients = new InMemoryAppClientStore(w.links);
  const deployment = createInvoiceDeployment({ ledger: w.ledger, invoices, clients: w.clients, links: w.links, appClients });
  /** The outbox row deploymentsFor asks for, as the issuing transaction records it. */
  const entryFor = async (inv: Invoice): Promise<OutboxEntry> => {
    await invoices.insert(inv);
    const [request] = await deployment.deploymentsFor(inv);
    return newOutboxEntry(request!, 'ob-1', w.clock.now());
  };
  return { ...w, invoices, appClients, deployment, entryFor };
};

describe('which invoices are deployed to Sage', () => {
  it('asks for one Sage write for an issued invoice of a client following the default of on, naming it for the writer and the failure card', async () => {
    const w = await world();

    const writes = await w.deployment.deploymentsFor(issued());

    expect(writes).toEqual([{ practiceId: w.practice.id, app: 'sage', kind: 'invoice', sourceId: 'i1', payload: { invoiceId: 'i1', reference: 'INV-0003', client: 'Acme Ltd' } }]);
  });

  it('asks for none while Sage is connected but not enabled, or not connected at all', async () => {
    const notEnabled = await world({ settings: finishedSettings({ enabled: false }) });
    const notConnected = await world({ connected: false });

    expect(await notEnabled.deployment.deploymentsFor(issued())).toEqual([]);
    expect(await notConnected.deployment.deploymentsFor(issued())).toEqual([]);
  });

  it('asks for none for an invoice still held for approval', async () => {
    const w = await world();

    expect(await w.deployment.deploymentsFor(invoice({ status: 'held', number: null }))).toEqual([]);
  });

  it("follows the client's own switch over the settings' default, either way", async () => {
    const keptHere = await world({ client: { createInvoices: false } });
    const switchedOn = await world({ settings: finishedSettings({ createInvoices: false }), client: { createInvoices: true } });
    const followsOff = await world({ settings: finishedSettings({ createInvoices: false }) });

    expect(await keptHere.deployment.deploymentsFor(issued())).toEqual([]);
    expect(await switchedOn.deployment.deploymentsFor(issued())).toHaveLength(1);
    expect(await followsOff.deployment.deploymentsFor(issued())).toEqual([]);
  });
});

describe('what is sent to Sage', () => {
  it("builds the invoice with Sage's tax rate ids and the default sales account, keeping a service's own account", async () => {
    const w = await world();
    const entry = await w.entryFor(issued({ lines: [invoiceLine(), invoiceLine({ scheduleId: null, period: 'once', name: 'Audit', description: '', ledgerAccount: '4010' })] }));

    const sent = await w.deployment.prepare(entry);

    expect(sent).toEqual({
      reference: 'INV-0003', date: '2026-03-01', dueDate: '2026-03-31',
      customer: { name: 'Acme Ltd', email: 'accounts@acme.example', ledgerId: null },
      lines: [
        { description: 'Bookkeeping\nMonthly bookkeeping.', ledgerAccount: 'acc-4000', quantity: 1, unitPrice: 25000, netAmount: 25000, taxRateId: 'GB_STANDARD', taxAmount: 5000 },
        { description: 'Audit', ledgerAccount: '4010', quantity: 1, unitPrice: 25000, netAmount: 25000, taxRateId: 'GB_STANDARD', taxAmount: 5000 },
      ],
    });
  });

  it("sends the client's existing Sage contact, not a contact it has in another app", async () => {
    const w = await world();
    await w.links.save({ practiceId: w.practice.id, provider: 'gusto', externalId: 'gusto-co-1', clientId: w.client.id, syncLevel: 'all' });
    await w.links.save({ practiceId: w.practice.id, provider: 'sage', externalId: 'sage-contact-9', clientId: w.client.id, syncLevel: 'all' });
    const entry = await w.entryFor(issued());

    const sent = await w.deployment.prepare(entry);

    expect(sent.customer).toEqual({ name: 'Acme Ltd', email: 'accounts@acme.example', ledgerId: 'sage-contact-9' });
  });

  it('refuses, for a person to fix, an invoice with a tax rate not mapped in the settings, naming the rate and the line', async () => {
    const w = await world();
    const entry = await w.entryFor(issued({ lines: [invoiceLine({ name: 'Payroll', taxRate: reduced })] }));

    const sending = w.deployment.prepare(entry);

    await expect(sending).rejects.toMatchObject({ kind: 'rejected', message: 'not sent, because VAT 5% (on Payroll) is not mapped to a ledger tax rate' });
  });

  it('sends a mapping fixed after the refusal when the same row is tried again', async () => {
    const w = await world();
    const entry = await w.entryFor(issued({ lines: [invoiceLine({ name: 'Payroll', taxRate: reduced })] }));
    await expect(w.deployment.prepare(entry)).rejects.toMatchObject({ kind: 'rejected' });
    const fixed = finishedSettings({ taxRates: { standard: { id: 'GB_STANDARD', name: 'Standard' }, reduced: { id: 'GB_LOWER', name: 'Lower Rate' } } });
    await w.connections.save({ ...w.connection, settings: { ledger: fixed } });

    const sent = await w.deployment.prepare(entry);

    expect(sent.lines.map((l) => l.taxRateId)).toEqual(['GB_LOWER']);
  });

  it('holds an invoice for a client whose mapped contact Sage has deleted, saying how to map another', async () => {
    const w = await world();
    const at = w.clock.now();
    await w.appClients.put(w.practice.id, 'sage', [{ externalId: 'gone-1', name: 'Acme Co Ltd', updatedAt: at }], at);
    await w.appClients.markDeleted(w.practice.id, 'sage', ['gone-1'], at);
    await w.links.save({ practiceId: w.practice.id, provider: 'sage', externalId: 'gone-1', clientId: w.client.id, syncLevel: 'all' });
    const entry = await w.entryFor(issued());

    await expect(w.deployment.prepare(entry)).rejects.toMatchObject({
      kind: 'rejected', message: `${w.client.name}'s Sage contact Acme Co Ltd was deleted in Sage. Map the client to another with \`client map ${w.client.id} sage\`, then press Retry`,
    });
  });

  it('asks for a reconnect when Sage was disconnected after the invoice was queued', async () => {
    const w = await world();
    const entry = await w.entryFor(issued());
    await w.connections.save({ ...w.connection, status: 'needs-reconnect' });

    await expect(w.deployment.prepare(entry)).rejects.toMatchObject({ kind: 'reconnect-needed', message: 'Sage is not connected' });
  });
});

describe('where Sage put it', () => {
  const placed = { id: 'sage-inv-1', number: 'SI-12', url: 'https://sage.example/invoices/sage-inv-1', customerId: 'sage-contact-9' };

  it("keeps Sage's id, number and link on the invoice and maps the client to the Sage contact", async () => {
    const w = await world();
    const entry = await w.entryFor(issued());

    await w.deployment.recorded(entry, placed);

    expect((await w.invoices.get(w.practice.id, issued().id))!.ledger).toEqual({ app: 'sage', id: 'sage-inv-1', number: 'SI-12', url: 'https://sage.example/invoices/sage-inv-1' });
    expect(await w.links.list(w.practice.id, 'sage')).toEqual([{ practiceId: w.practice.id, provider: 'sage', externalId: 'sage-contact-9', clientId: w.client.id, syncLevel: 'all', baseline: { name: w.client.name } }]);
  });

  it('maps the contact once: a later invoice to it leaves the mapping a person set as it is', async () => {
    const w = await world();
    await w.links.save({ practiceId: w.practice.id, provider: 'sage', externalId: 'sage-contact-9', clientId: w.client.id, syncLevel: 'names' });
    const entry = await w.entryFor(issued());

    await w.deployment.recorded(entry, placed);
    await w.deployment.recorded(entry, placed);

    expect(await w.links.list(w.practice.id, 'sage')).toEqual([{ practiceId: w.practice.id, provider: 'sage', externalId: 'sage-contact-9', clientId: w.client.id, syncLevel: 'names' }]);
  });

  it('lets a contact found by name take the client only when no other client is mapped to it', async () => {
    const w = await world();
    await w.links.save({ practiceId: w.practice.id, provider: 'sage', externalId: 'theirs', clientId: asId('another-client'), syncLevel: 'all' });
    await w.links.save({ practiceId: w.practice.id, provider: 'sage', externalId: 'ours', clientId: w.client.id, syncLevel: 'all' });
    const entry = await w.entryFor(issued());

    const free = await Promise.all(['theirs', 'ours', 'nobodys'].map((id) => w.deployment.contactFree(entry, id)));

    expect(free).toEqual([false, true, true]);
  });
});
