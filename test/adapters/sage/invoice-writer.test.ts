/**
 * Sage's invoice writer as the outbox drives it, against the Sage sandbox over loopback: look up by
 * our invoice number, else make the contact (once) and the invoice, and record where Sage put it.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sageInvoiceWriter, type InvoiceDeployment } from '../../../adapters/sage/invoice-writer.js';
import type { AppWriter } from '../../../src/apps/app.js';
import type { InvoiceWritePayload } from '../../../src/billing/deploy.js';
import type { LedgerInvoice } from '../../../domain/invoicing/ledger-invoice.js';
import { newOutboxEntry } from '../../../domain/outbox/entry.js';
import type { AppConnection } from '../../../domain/practice/connection.js';
import { asId } from '../../../domain/shared/ids.js';
import { startSageLoopback, type SageLoopback } from './loopback.js';
import { recordingDeployment } from './recording-deployment.js';

const practiceId = asId<'Practice'>('practice-1');

/** The billing side holding the one invoice it would send, and keeping every placement. */
const deploymentOf = (invoice: LedgerInvoice) => recordingDeployment(() => invoice);

const invoice = (reference: string, o: { customer?: string; account?: string } = {}): LedgerInvoice => ({
  reference, date: '2026-06-15', dueDate: '2026-07-15',
  customer: { name: o.customer ?? 'Gorse Hill Farm', email: 'jo@gorsehill.example', ledgerId: null },
  lines: [{ description: 'Annual accounts', ledgerAccount: o.account ?? '4010', quantity: 1, unitPrice: 90000, netAmount: 90000, taxRateId: 'GB_STANDARD', taxAmount: 18000 }],
});

const entryFor = (reference: string) => {
  const payload: InvoiceWritePayload = { invoiceId: `invoice-${reference}`, reference, client: 'Gorse Hill Farm' };
  return newOutboxEntry({ practiceId, app: 'sage', kind: 'invoice', sourceId: `invoice-${reference}`, payload }, `ob-${reference}`, new Date('2026-06-15T10:00:00Z'));
};

let l: SageLoopback;
let connection: AppConnection;
let contactBodies: unknown[];

beforeAll(async () => { l = await startSageLoopback(); });
afterAll(() => l.close());
beforeEach(async () => {
  l.sandbox.reset();
  contactBodies = [];
  const tokens = await l.connect();
  connection = {
    id: asId('conn-1'), practiceId, provider: 'sage', externalId: l.uk.id, label: l.uk.name, status: 'active', tokens, settings: {}, connectedAt: l.clock.now(),
  };
});

/** The writer on a client that notes every contact it posts. */
const writerFor = (deployment: InvoiceDeployment): AppWriter => {
  const noting: typeof fetch = async (input, init) => {
    if (init?.method === 'POST' && String(input).endsWith('/contacts')) contactBodies.push(JSON.parse(String(init.body)));
    return fetch(input, init);
  };
  return sageInvoiceWriter({ api: () => l.client(connection.tokens.accessToken, { fetch: noting }), deployment });
};
const token = async () => connection.tokens.accessToken;
const named = (name: string) => l.sandbox.contacts(l.uk.id).filter((c) => c.name === name);

describe('Sage invoice writer against the Sage sandbox', () => {
  it('finds nothing at first, then makes the contact and the invoice, and records where Sage put it', async () => {
    const billing = deploymentOf(invoice('INV-0001'));
    const writer = writerFor(billing.deployment);
    const entry = entryFor('INV-0001');

    const before = await writer.lookup(entry, token, connection);
    const made = await writer.create(entry, token, connection);

    const [contact] = named('Gorse Hill Farm');
    const [sent] = l.sandbox.invoices(l.uk.id);
    expect(before).toBeNull();
    expect(billing.placements).toEqual([{ id: made, number: 'SI-1', url: `${l.sandbox.url}/app/invoices/${made}`, customerId: contact!.id }]);
    expect([sent!.id, sent!.reference, sent!.contactId, sent!.total]).toEqual([made, 'INV-0001', contact!.id, 108000]);
    expect(contactBodies).toEqual([{ contact: { name: 'Gorse Hill Farm', contact_type_ids: ['CUSTOMER'], main_contact_person: { email: 'jo@gorsehill.example', is_main_contact: true } } }]);
  });

  it('bills the service\'s sales account found by its nominal code', async () => {
    const writer = writerFor(deploymentOf(invoice('INV-0001', { account: '4900' })).deployment);

    await writer.create(entryFor('INV-0001'), token, connection);

    const otherIncome = (await l.client(connection.tokens.accessToken).salesLedgerAccounts(l.uk.id)).find((a) => a.nominalCode === '4900')!;
    expect(l.sandbox.invoices(l.uk.id)[0]!.lines.map((x) => x.ledgerAccountId)).toEqual([otherIncome.id]);
  });

  it('reuses the contact with exactly the customer\'s name the second time, and never makes two', async () => {
    await writerFor(deploymentOf(invoice('INV-0001')).deployment).create(entryFor('INV-0001'), token, connection);

    await writerFor(deploymentOf(invoice('INV-0002')).deployment).create(entryFor('INV-0002'), token, connection);

    const [contact, ...more] = named('Gorse Hill Farm');
    expect(more).toEqual([]);
    expect(l.sandbox.invoices(l.uk.id).map((i) => [i.reference, i.contactId])).toEqual([['INV-0001', contact!.id], ['INV-0002', contact!.id]]);
  });

  it('leaves a contact of the very name that another client is mapped to, and makes this client its own', async () => {
    await writerFor(deploymentOf(invoice('INV-0001')).deployment).create(entryFor('INV-0001'), token, connection);
    const [theirs] = named('Gorse Hill Farm');
    const second = deploymentOf(invoice('INV-0002'));
    second.takenContacts.add(theirs!.id);

    await writerFor(second.deployment).create(entryFor('INV-0002'), token, connection);

    const [, ours] = named('Gorse Hill Farm');
    expect(ours).toBeDefined();
    expect(l.sandbox.invoices(l.uk.id).map((i) => [i.reference, i.contactId])).toEqual([['INV-0001', theirs!.id], ['INV-0002', ours!.id]]);
  });

  it('takes only an exact name for the same customer: a name Sage\'s search merely contains gets a contact of its own', async () => {
    const writer = writerFor(deploymentOf(invoice('INV-0001', { customer: 'Ashworth Dental' })).deployment);

    await writer.create(entryFor('INV-0001'), token, connection);

    const [made] = named('Ashworth Dental');
    expect(made).toBeDefined();
    expect(l.sandbox.invoices(l.uk.id)[0]!.contactId).toBe(made!.id);
    expect(named('Ashworth Dental Practice')).toHaveLength(1);
  });

  it('killed after Sage made the invoice but before we kept it: the retry\'s look-up finds it, and Sage holds one', async () => {
    const billing = deploymentOf(invoice('INV-0001'));
    const writer = writerFor(billing.deployment);
    const entry = entryFor('INV-0001');
    billing.killAfterNextCreate();
    await expect(writer.create(entry, token, connection)).rejects.toThrow('killed');

    const found = await writer.lookup(entry, token, connection);

    const [sent, ...more] = l.sandbox.invoices(l.uk.id);
    expect(more).toEqual([]);
    expect(found).toBe(sent!.id);
    expect(billing.placements).toEqual([{ id: sent!.id, number: 'SI-1', url: `${l.sandbox.url}/app/invoices/${sent!.id}`, customerId: sent!.contactId }]);
  });

  it('refuses a service naming a sales account code the business does not have, in plain words, and leaves Sage untouched', async () => {
    const writer = writerFor(deploymentOf(invoice('INV-0001', { account: '4999' })).deployment);
    const contactsBefore = l.sandbox.contacts(l.uk.id).length;

    const failure = await writer.create(entryFor('INV-0001'), token, connection).catch((e: unknown) => e);

    expect(failure).toMatchObject({ kind: 'rejected', reason: 'the sales account "4999" named on a service is not one of this Sage business\'s sales accounts' });
    expect(l.sandbox.invoices(l.uk.id)).toEqual([]);
    expect(l.sandbox.contacts(l.uk.id)).toHaveLength(contactsBefore);
  });
});
