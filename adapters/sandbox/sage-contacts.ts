/**
 * Contacts: the list with Sage's filters (search by name or reference, email of the main contact
 * person, contact type, `updated_or_created_since` inclusive, `deleted_since` exclusive), one by id,
 * POST to create, PUT to change and DELETE to delete (softly: Sage keeps a deleted contact for
 * `deleted_since`, and refuses to delete one with transactions). The rules are sage-contact-rules.ts.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { businessGuard, answerList, type ApiRequest, type SageApiContext } from './sage-api.js';
import { object } from './sage-body.js';
import { contactProblems, newContact, updatedContact } from './sage-contact-rules.js';
import { isDeletable, isLive, sageTime, type SageBook, type SageContactRecord } from './sage-data.js';
import { commit, recordNotFound, required, sageError, unprocessable } from './sage-errors.js';
import { isErrors, readSince } from './sage-lists.js';
import { contactPayload } from './sage-payloads.js';

type Window = { since: number | null; deletedSince: number | null };

/** What a list shows: live contacts, or (asked `deleted_since`) only those deleted after it. */
const matches = (c: SageContactRecord, q: ApiRequest['query'], w: Window): boolean => {
  const search = q.search?.toLowerCase();
  const deleted = w.deletedSince === null ? isLive(c) : !!c.deletedAt && Date.parse(c.deletedAt) > w.deletedSince;
  return deleted
    && (!search || [c.name, c.reference, c.mainContactPerson?.name].some((v) => v?.toLowerCase().includes(search)))
    && (!q.email || c.mainContactPerson?.email?.toLowerCase() === q.email.toLowerCase())
    && (!q.contact_type_id || c.contactTypeIds.includes(q.contact_type_id))
    && (w.since === null || Date.parse(c.updatedAt) >= w.since);
};

/**
 * Sage documents a contact's `deletable` but not the words it refuses a delete with; these are the
 * sandbox's own, on the 422 Sage answers for a change it will not make.
 */
const hasTransactions = () => [sageError('RecordInvalid', 'This contact has transactions and cannot be deleted.', 'base')];

export function registerSageContacts(app: FastifyInstance, ctx: SageApiContext): void {
  const payload = (c: SageContactRecord, book: SageBook) => contactPayload(c, book.business, isDeletable(book, c));
  /** A live contact by the key in the path, or a 404 sent. */
  const live = (book: SageBook, req: ApiRequest, reply: FastifyReply) => {
    const found = book.data.contacts.find((c) => c.id === req.params.key && isLive(c));
    if (!found) void reply.code(404).send(recordNotFound());
    return found ?? null;
  };

  app.get('/v3.1/contacts', async (req: ApiRequest, reply) => {
    const book = businessGuard(ctx, req, reply);
    if (!book) return reply;
    const since = readSince(req.query.updated_or_created_since);
    const deletedSince = readSince(req.query.deleted_since, 'deleted_since');
    if (isErrors(since) || isErrors(deletedSince)) return unprocessable(reply, [since, deletedSince].filter(isErrors).flat());
    const rows = book.data.contacts.filter((c) => matches(c, req.query, { since, deletedSince })).map((c) => payload(c, book));
    return answerList(reply, '/contacts', req.query, rows);
  });

  app.get('/v3.1/contacts/:key', async (req: ApiRequest, reply) => {
    const book = businessGuard(ctx, req, reply);
    if (!book) return reply;
    const found = live(book, req, reply);
    return found ? payload(found, book) : reply;
  });

  app.post('/v3.1/contacts', async (req: ApiRequest, reply) => {
    const book = businessGuard(ctx, req, reply);
    if (!book) return reply;
    const body = object(object(req.body)?.contact);
    if (!body) return unprocessable(reply, [required('contact')]);
    const errors = contactProblems(body, book);
    if (errors.length) return unprocessable(reply, errors);
    const created = newContact(body, book, sageTime(ctx.clock()));
    book.data.contacts.push(created);
    if (!commit(reply, ctx.save, () => book.data.contacts.pop())) return reply;
    return reply.code(201).send(payload(created, book));
  });

  app.put('/v3.1/contacts/:key', async (req: ApiRequest, reply) => {
    const book = businessGuard(ctx, req, reply);
    if (!book) return reply;
    const was = live(book, req, reply);
    if (!was) return reply;
    const body = object(object(req.body)?.contact);
    if (!body) return unprocessable(reply, [required('contact')]);
    const errors = contactProblems(body, book, was);
    if (errors.length) return unprocessable(reply, errors);
    const at = book.data.contacts.indexOf(was);
    const changed = updatedContact(was, body, sageTime(ctx.clock()));
    book.data.contacts[at] = changed;
    if (!commit(reply, ctx.save, () => { book.data.contacts[at] = was; })) return reply;
    return payload(changed, book);
  });

  app.delete('/v3.1/contacts/:key', async (req: ApiRequest, reply) => {
    const book = businessGuard(ctx, req, reply);
    if (!book) return reply;
    const found = live(book, req, reply);
    if (!found) return reply;
    if (!isDeletable(book, found)) return unprocessable(reply, hasTransactions());
    found.deletedAt = sageTime(ctx.clock());
    if (!commit(reply, ctx.save, () => { found.deletedAt = null; })) return reply;
    return reply.code(204).send();
  });
}
