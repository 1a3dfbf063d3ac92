/**
 * Sales invoices: POST with Sage's validation (sage-invoice-rules.ts), numbered SI-1, SI-2… per
 * business; the list with its filters; GET by id, which marks the invoice sent unless
 * mark_as_sent=false, as Sage does. Sage takes no idempotency key: the same reference posted twice
 * makes two invoices, so a client must look before it posts again.
 */
import type { FastifyInstance } from 'fastify';
import { answerList, businessGuard, type ApiRequest, type SageApiContext } from './sage-api.js';
import { sageId, sageTime, type SageInvoiceRecord } from './sage-data.js';
import { commit, recordNotFound, unprocessable } from './sage-errors.js';
import { lineIds, readInvoice, type InvoiceDraft } from './sage-invoice-rules.js';
import { isErrors, readSince, type Query } from './sage-lists.js';
import { invoicePayload } from './sage-payloads.js';

const invoiceRecord = (draft: InvoiceDraft, businessId: string, number: number, at: string): SageInvoiceRecord => {
  const id = sageId('invoice', businessId, number);
  const ids = lineIds(id, draft.lines.length);
  const lines = draft.lines.map((l, n) => ({ ...l, id: ids[n]! }));
  const net = lines.reduce((s, l) => s + l.net, 0), tax = lines.reduce((s, l) => s + l.tax, 0);
  return {
    id, number, contactId: draft.contact.id, contactName: draft.contact.name, contactReference: draft.contact.reference,
    date: draft.date, dueDate: draft.dueDate, reference: draft.reference, notes: draft.notes,
    lines, net, tax, total: net + tax, sent: false, createdAt: at, updatedAt: at,
  };
};

const matches = (inv: SageInvoiceRecord, q: Query, since: number | null): boolean => {
  const search = q.search?.toLowerCase();
  return (!search || [inv.reference, inv.contactName].some((v) => v?.toLowerCase().includes(search)))
    && (!q.contact_id || inv.contactId === q.contact_id)
    && (!q.status_id || q.status_id === 'UNPAID')
    && (!q.from_date || inv.date >= q.from_date.slice(0, 10)) && (!q.to_date || inv.date <= q.to_date.slice(0, 10))
    && (since === null || Date.parse(inv.updatedAt) >= since);
};

export function registerSageInvoices(app: FastifyInstance, ctx: SageApiContext): void {
  app.post('/v3.1/sales_invoices', async (req: ApiRequest, reply) => {
    const book = businessGuard(ctx, req, reply);
    if (!book) return reply;
    // The closed-period fault closes the books through today (or the business's own lock date, if later),
    // so any invoice the bot makes now meets Sage's refusal.
    const today = sageTime(ctx.clock()).slice(0, 10);
    const lockedThrough = ctx.faults.periodClosed() ? [book.business.lockdownDate, today].sort().at(-1)! : null;
    const draft = readInvoice(req.body, book, lockedThrough);
    if (isErrors(draft)) return unprocessable(reply, draft);
    const data = book.data;
    const created = invoiceRecord(draft, book.business.id, data.nextInvoiceNumber, sageTime(ctx.clock()));
    data.invoices.push(created);
    data.nextInvoiceNumber++;
    if (!commit(reply, ctx.save, () => { data.invoices.pop(); data.nextInvoiceNumber--; })) return reply;
    return reply.code(201).send(invoicePayload(created, book, ctx.publicBase(req)));
  });

  app.get('/v3.1/sales_invoices', async (req: ApiRequest, reply) => {
    const book = businessGuard(ctx, req, reply);
    if (!book) return reply;
    const since = readSince(req.query.updated_or_created_since);
    if (isErrors(since)) return unprocessable(reply, since);
    const base = ctx.publicBase(req);
    const rows = book.data.invoices.filter((inv) => matches(inv, req.query, since)).map((inv) => invoicePayload(inv, book, base));
    return answerList(reply, '/sales_invoices', req.query, rows);
  });

  app.get('/v3.1/sales_invoices/:key', async (req: ApiRequest, reply) => {
    const book = businessGuard(ctx, req, reply);
    if (!book) return reply;
    const inv = book.data.invoices.find((i) => i.id === req.params.key);
    if (!inv) return reply.code(404).send(recordNotFound());
    if (!inv.sent && req.query.mark_as_sent !== 'false') {
      const was = inv.updatedAt;
      inv.sent = true;
      inv.updatedAt = sageTime(ctx.clock());
      if (!commit(reply, ctx.save, () => { inv.sent = false; inv.updatedAt = was; })) return reply;
    }
    return invoicePayload(inv, book, ctx.publicBase(req));
  });
}
