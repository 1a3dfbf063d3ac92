import { describe, expect, it } from 'vitest';
import { invoiceNumberText, type Invoice, type InvoiceId } from '../../../domain/invoicing/invoice.js';
import { newOutboxEntry, type OutboxEntry } from '../../../domain/outbox/entry.js';
import { asId, type PracticeId } from '../../../domain/shared/ids.js';
import { card, type Card } from '../../../src/cards.js';
import { createInvoiceQueries } from '../../../src/billing/invoices.js';
import { invoice, invoiceLine } from '../../builders/invoices.js';
import { ledgerWorld } from '../../builders/ledger-world.js';
import { InMemoryInvoiceStore } from '../../fakes/in-memory-invoices.js';
import { InMemoryOutboxStore } from '../../fakes/in-memory-outbox.js';

const ann = { actor: 'Ann', chat: 'slack' } as const;
const sageUrl = 'https://sage.example/invoices/sage-inv-1';
const at = (day: number) => new Date(`2026-03-${String(day).padStart(2, '0')}T06:00:00Z`);
/** Each bills its own month of bookkeeping, so no two hold the same charge. */
const billed = (id: string, day: number, over: Partial<Invoice>) =>
  invoice({ id: id as InvoiceId, createdAt: at(day), lines: [invoiceLine({ period: `2026-0${day}-01` })], ...over });
const issued = (id: string, number: number, day: number, over: Partial<Invoice> = {}) => billed(id, day, { number, status: 'issued', issuedAt: at(day), ...over });

/**
 * Acme Ltd's INV-0001 in Sage as SI-12, INV-0002 refused by Sage and INV-0004 being sent; Beta Ltd's
 * INV-0003 kept here only and a held invoice. Created a day apart, in that order. Without `refused`,
 * INV-0002 was never sent.
 */
const world = async (o: { ledger?: boolean; connected?: boolean; refused?: boolean } = {}) => {
  const w = await ledgerWorld({ connected: o.connected ?? true });
  await w.clients.save({ ...w.client, id: asId('c2'), name: 'Beta Ltd' });
  const invoices = new InMemoryInvoiceStore();
  const outbox = new InMemoryOutboxStore();
  const row = async (inv: Invoice, over: Partial<OutboxEntry>) => outbox.enqueue({
    ...newOutboxEntry({ practiceId: inv.practiceId, app: 'sage', kind: 'invoice', sourceId: inv.id, payload: { invoiceId: inv.id, reference: invoiceNumberText(inv.number!), client: 'Acme Ltd' } }, `ob-${inv.id}`, inv.createdAt),
    ...over,
  });
  const all = {
    inSage: issued('i1', 1, 1, { ledger: { app: 'sage', id: 'sage-inv-1', number: 'SI-12', url: sageUrl } }),
    refused: issued('i2', 2, 2),
    keptHere: issued('i3', 3, 3, { clientId: asId('c2') }),
    held: billed('i4', 4, { clientId: asId('c2') }),
    sending: issued('i5', 4, 5),
  };
  for (const inv of Object.values(all)) if (!(await invoices.insert(inv))) throw new Error(`${inv.id} bills a charge already billed`);
  await row(all.inSage, { status: 'done', attempts: 1, externalId: 'sage-inv-1' });
  if (o.refused !== false) await row(all.refused, { status: 'failed', attempts: 1, lastError: 'Sage refused the invoice: Date must be after the Year End Lockdown date (31/03/2026)' });
  await row(all.sending, { status: 'pending', attempts: 2, lastError: 'sage app-down (HTTP 503)' });
  const retried: { practiceId: PracticeId; outboxId: string }[] = [];
  const queries = createInvoiceQueries({
    invoices, outbox, clients: w.clients, links: w.links, connections: w.connections, audit: w.audit, clock: w.clock,
    ledger: o.ledger === false ? null : w.ledger,
    retryWrite: async (practiceId, outboxId): Promise<Card> => { retried.push({ practiceId, outboxId }); return card('Sending it again', { tone: 'success' }); },
  });
  return { ...w, queries, all, retried };
};

const titles = (c: Card) => c.rows?.map((r) => r.title);

describe('listing invoices', () => {
  it('lists every invoice newest first, each with its total and where it is', async () => {
    const w = await world();

    const list = await w.queries.list(w.practice, '');

    expect(list.title).toBe('Invoices');
    expect(titles(list)).toEqual(['INV-0004 · Acme Ltd', 'held invoice i4 · Beta Ltd', 'INV-0003 · Beta Ltd', 'INV-0002 · Acme Ltd', 'INV-0001 · Acme Ltd']);
    expect(list.rows?.at(-1)?.text).toBe(`<${sageUrl}|INV-0001> · £300.00 · dated 2026-03-01 · In Sage as SI-12`);
  });

  it('lists the invoices of one status', async () => {
    const w = await world();

    const held = await w.queries.list(w.practice, 'held');

    expect(held.title).toBe('Invoices held');
    expect(titles(held)).toEqual(['held invoice i4 · Beta Ltd']);
  });

  it('lists the invoices Sage refused, with Retry on each', async () => {
    const w = await world();

    const failed = await w.queries.list(w.practice, 'failed');

    expect(failed.title).toBe('Invoices not in Sage');
    expect(titles(failed)).toEqual(['INV-0002 · Acme Ltd']);
    expect(failed.rows?.[0]?.buttons).toContainEqual({ label: 'Retry', command: 'invoice retry INV-0002', style: 'primary' });
  });

  it("lists one client's invoices by its name, and says when no client has the name", async () => {
    const w = await world();

    const beta = await w.queries.list(w.practice, 'Beta Ltd');
    const unknown = await w.queries.list(w.practice, 'Gamma Ltd');

    expect(beta.title).toBe('Invoices for Beta Ltd');
    expect(titles(beta)).toEqual(['held invoice i4 · Beta Ltd', 'INV-0003 · Beta Ltd']);
    expect(unknown).toMatchObject({ title: 'No client called "Gamma Ltd"', tone: 'error' });
  });
});

describe('one invoice', () => {
  it('finds an invoice by INV-0003, by 3 or by its id', async () => {
    const w = await world();

    const shown = await Promise.all(['INV-0003', '3', 'inv-3', 'i3'].map((ref) => w.queries.show(w.practice, ref)));

    expect(shown.map((c) => c.title)).toEqual(Array(4).fill('INV-0003 · Beta Ltd'));
  });

  it('says a held invoice waits for approval, with Approve and Skip', async () => {
    const w = await world();

    const held = await w.queries.show(w.practice, 'i4');

    expect(held.text).toBe('held invoice i4: Waiting for approval (see its card in the billing channel).');
    expect(held.buttons?.map((b) => b.command)).toEqual(['invoice approve i4', 'invoice skip i4', 'invoices']);
  });

  it('says an invoice never owed to Sage is kept here only, and why that may be', async () => {
    const w = await world();

    const kept = await w.queries.show(w.practice, 'INV-0003');

    expect(kept.text).toBe('INV-0003: Kept here only (Sage is not enabled, or Create invoices is off for this client).');
  });

  it('says an invoice is being sent, and on which try', async () => {
    const w = await world();

    const sending = await w.queries.show(w.practice, 'INV-0004');

    expect(sending.text).toBe('INV-0004: Being sent to Sage (try 2).');
  });

  it("links an invoice in Sage to Sage's own number", async () => {
    const w = await world();

    const inSage = await w.queries.show(w.practice, 'INV-0001');

    expect(inSage.text).toBe(`<${sageUrl}|INV-0001>: In Sage as SI-12.`);
    expect(inSage.links).toEqual([{ label: 'SI-12 in Sage', url: sageUrl }]);
  });

  it("says what Sage said of a failed invoice, with Retry and the Sage settings", async () => {
    const w = await world();

    const failed = await w.queries.show(w.practice, 'INV-0002');

    expect(failed.tone).toBe('error');
    expect(failed.text).toBe('INV-0002: Not in Sage: Sage refused the invoice: Date must be after the Year End Lockdown date (31/03/2026).');
    expect(failed.buttons).toEqual([
      { label: 'Retry', command: 'invoice retry INV-0002', style: 'primary' }, { label: 'Open settings', command: 'sage settings' }, { label: 'Invoices', command: 'invoices' },
    ]);
  });

  it('says there is no such invoice', async () => {
    const w = await world();

    const missing = await w.queries.show(w.practice, 'INV-0099');

    expect(missing).toMatchObject({ title: 'No invoice INV-0099', tone: 'error' });
  });
});

describe('sending an invoice to Sage again', () => {
  it("sends the invoice's own outbox row again, never a new one", async () => {
    const w = await world();

    const reply = await w.queries.retry(w.practice, 'INV-0002');

    expect(reply.title).toBe('Sending it again');
    expect(w.retried).toEqual([{ practiceId: w.practice.id, outboxId: 'ob-i2' }]);
  });

  it('refuses an invoice that was never sent to Sage, or any invoice while no ledger is registered', async () => {
    const w = await world();
    const noLedger = await world({ ledger: false });

    const never = await w.queries.retry(w.practice, 'INV-0003');
    const unregistered = await noLedger.queries.retry(noLedger.practice, 'INV-0002');

    expect(never).toMatchObject({ title: 'INV-0003 was never sent to a ledger', tone: 'error', text: 'It is kept here only: there is nothing to retry.' });
    expect(unregistered).toMatchObject({ title: 'INV-0002 was never sent to a ledger' });
    expect([...w.retried, ...noLedger.retried]).toEqual([]);
  });
});

describe("a client's invoices in Sage", () => {
  it('says whether the client follows the default, with On and Off buttons, when asked', async () => {
    const w = await world();

    const asked = await w.queries.clientInvoices(w.practice, ann, 'Acme Ltd', '');

    expect(asked.title).toBe("Invoices in Sage for Acme Ltd: follows the app settings' default");
    expect(asked.buttons).toEqual([{ label: 'On', command: 'client invoices c1 on' }, { label: 'Off', command: 'client invoices c1 off' }]);
    expect(w.audit.events).toEqual([]);
  });

  it("switches one client's invoices off and on again, writing each switch to the audit log", async () => {
    const w = await world();

    const off = await w.queries.clientInvoices(w.practice, ann, 'Acme Ltd', 'off');
    const afterOff = (await w.clients.get(w.practice.id, w.client.id))?.createInvoices;
    const on = await w.queries.clientInvoices(w.practice, ann, 'acme ltd', 'on');

    expect(off).toMatchObject({ title: 'Acme Ltd: invoices stay out of Sage', text: 'New invoices for Acme Ltd are kept here only; earlier ones are unchanged.' });
    expect(afterOff).toBe(false);
    expect(on.title).toBe('Acme Ltd: invoices go to Sage');
    expect((await w.clients.get(w.practice.id, w.client.id))?.createInvoices).toBe(true);
    expect(w.audit.events.map((e) => [e.action, e.actor, e.subject, e.detail])).toEqual([
      ['client.invoices_switched', 'Ann', 'Acme Ltd', { createInvoices: false }], ['client.invoices_switched', 'Ann', 'Acme Ltd', { createInvoices: true }],
    ]);
  });

  it("then shows the client's own switch when asked", async () => {
    const w = await world();
    await w.queries.clientInvoices(w.practice, ann, 'Acme Ltd', 'off');

    const asked = await w.queries.clientInvoices(w.practice, ann, 'Acme Ltd', '');

    expect(asked.title).toBe('Invoices in Sage for Acme Ltd: off');
  });
});

describe('the daily digest of invoices not in Sage', () => {
  it('lists each failed invoice with what Sage said, Retry on its row and a way to the invoice', async () => {
    const w = await world();

    const digest = await w.queries.digest(w.practice.id);

    expect(digest).toMatchObject({ title: '1 invoice is still not in Sage', tone: 'error', visibility: 'channel', buttons: [{ label: 'Open settings', command: 'sage settings' }] });
    expect(digest?.rows).toEqual([{
      title: 'INV-0002 · Acme Ltd', text: 'Sage refused the invoice: Date must be after the Year End Lockdown date (31/03/2026)',
      buttons: [{ label: 'Retry', command: 'retry-write ob-i2', style: 'primary' }, { label: 'View invoice', command: 'invoice show INV-0002' }],
    }]);
  });

  it('is not posted when no invoice failed to reach Sage', async () => {
    const w = await world({ refused: false });

    expect(await w.queries.digest(w.practice.id)).toBeNull();
  });

  it('is not posted while no ledger is registered, or Sage is not connected', async () => {
    const unregistered = await world({ ledger: false });
    const disconnected = await world({ connected: false });

    expect(await unregistered.queries.digest(unregistered.practice.id)).toBeNull();
    expect(await disconnected.queries.digest(disconnected.practice.id)).toBeNull();
  });
});
