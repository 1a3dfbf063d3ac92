import { describe, expect, it } from 'vitest';
import type { Invoice } from '../../../domain/invoicing/invoice.js';
import { newOutboxEntry } from '../../../domain/outbox/entry.js';
import type { Card } from '../../../src/cards.js';
import { createInvoiceDeployment } from '../../../src/billing/deploy.js';
import { invoice } from '../../builders/invoices.js';
import { ledgerWorld } from '../../builders/ledger-world.js';
import { sequentialIds } from '../../fakes/clock.js';
import { InMemoryInvoiceStore } from '../../fakes/in-memory-invoices.js';
import { InMemoryOutboxStore } from '../../fakes/in-memory-outbox.js';
import { inMemoryUnitOfWork } from '../../fakes/in-memory-unit-of-work.js';

const issued = (over: Partial<Invoice> = {}) => invoice({ status: 'issued', number: 3, issuedAt: new Date('2026-03-02T10:00:00Z'), ...over });
const placed = { id: 'sage-inv-1', number: 'SI-12', url: 'https://sage.example/invoices/sage-inv-1', customerId: 'sage-contact-9' };

const world = async () => {
  const w = await ledgerWorld();
  const invoices = new InMemoryInvoiceStore();
  const outbox = new InMemoryOutboxStore();
  const deployment = createInvoiceDeployment({
    ledger: w.ledger, invoices, clients: w.clients, links: w.links,
    posts: { transaction: inMemoryUnitOfWork({ invoices, outbox }), ids: sequentialIds('post'), clock: w.clock },
  });
  const recordedFor = async (inv: Invoice) => {
    await invoices.insert(inv);
    const [request] = await deployment.deploymentsFor(inv);
    await deployment.recorded(newOutboxEntry(request!, 'ob-1', w.clock.now()), placed);
  };
  const posts = () => [...outbox.rows.values()].filter((r) => r.app === 'chat');
  return { ...w, invoices, outbox, recordedFor, posts };
};

describe('the post when an invoice of a proposal reaches Sage', () => {
  it("queues one invoice.deployed card in the proposal's thread, linking to the invoice in Sage", async () => {
    const w = await world();

    await w.recordedFor(issued());

    const [post] = w.posts();
    expect(post).toMatchObject({ kind: 'notification', sourceId: issued().id, payload: { event: 'invoice.deployed' } });
    const shown = (post!.payload as { card: Card }).card;
    expect(shown).toMatchObject({
      title: `INV-0003 for ${w.client.name} is in Sage as SI-12`, thread: 'proposal:p1', visibility: 'channel',
      links: [{ label: 'Open SI-12 in Sage', url: 'https://sage.example/invoices/sage-inv-1' }],
    });
    expect(shown.text).toContain('The invoice for P-7 reached Sage');
    expect(shown.buttons).toContainEqual({ label: 'Show invoice', command: 'invoice show INV-0003', style: 'primary' });
    expect((await w.invoices.get(w.practice.id, issued().id))!.ledger).toMatchObject({ number: 'SI-12' });
  });

  it('posts once when the placement is recorded again (a writer that found it after a crash)', async () => {
    const w = await world();
    await w.recordedFor(issued());
    const [request] = await createInvoiceDeployment({ ledger: w.ledger, invoices: w.invoices, clients: w.clients, links: w.links }).deploymentsFor(issued());

    await createInvoiceDeployment({
      ledger: w.ledger, invoices: w.invoices, clients: w.clients, links: w.links,
      posts: { transaction: inMemoryUnitOfWork({ invoices: w.invoices, outbox: w.outbox }), ids: sequentialIds('again'), clock: w.clock },
    }).recorded(newOutboxEntry(request!, 'ob-1', w.clock.now()), placed);

    expect(w.posts()).toHaveLength(1);
  });

  it('posts nothing for an invoice no proposal made, and still keeps where Sage put it', async () => {
    const w = await world();

    await w.recordedFor(issued({ proposal: null }));

    expect(w.posts()).toEqual([]);
    expect((await w.invoices.get(w.practice.id, issued().id))!.ledger).toMatchObject({ id: 'sage-inv-1' });
  });
});
