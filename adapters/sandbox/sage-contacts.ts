/**
 * Contacts: the list with Sage's filters (search by name or reference, email of the main contact
 * person, contact type, updated_or_created_since inclusive), one by id, and POST /contacts with
 * Sage's rules: `{ contact: { … } }`, name and contact_type_ids required, reference unique within the
 * business. Only the fields Sage documents are read from the body.
 */
import type { FastifyInstance } from 'fastify';
import { businessGuard, answerList, type ApiRequest, type SageApiContext } from './sage-api.js';
import { object, text, type Body } from './sage-body.js';
import { sageId, sageTime, type SageAddress, type SageBook, type SageContactRecord, type SagePerson } from './sage-data.js';
import { commit, invalid, recordNotFound, required, sageError, unprocessable, type SageError } from './sage-errors.js';
import { isErrors, readSince } from './sage-lists.js';
import { contactPayload } from './sage-payloads.js';

const contactTypes = ['CUSTOMER', 'VENDOR'];

const addressOf = (v: unknown): SageAddress | null => {
  const a = object(v);
  return a && {
    address_line_1: text(a.address_line_1), address_line_2: text(a.address_line_2), city: text(a.city),
    postal_code: text(a.postal_code), region: text(a.region), country_id: text(a.country_id),
  };
};

const personOf = (v: unknown): SagePerson | null => {
  const p = object(v);
  return p && { name: text(p.name), job_title: text(p.job_title), telephone: text(p.telephone), mobile: text(p.mobile), email: text(p.email), fax: text(p.fax) };
};

const sameReference = (a: string | null, b: string | null) => a !== null && b !== null && a.toLowerCase() === b.toLowerCase();

/** Sage's checks on a new contact; an empty list means it may be created. */
const problems = (c: Body, book: SageBook): SageError[] => {
  const errors: SageError[] = [];
  if (!text(c.name)) errors.push(required('name'));
  const types = c.contact_type_ids;
  if (!Array.isArray(types) || types.length === 0) errors.push(required('contact_type_ids'));
  else if (!types.every((t) => contactTypes.includes(String(t)))) errors.push(sageError('RecordNotFound', "Couldn't find record.", 'contact_type_ids'));
  const reference = text(c.reference);
  if (book.data.contacts.some((x) => sameReference(x.reference, reference))) errors.push(invalid('reference', 'has already been taken'));
  const email = personOf(c.main_contact_person)?.email;
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) errors.push(invalid('main_contact_person.email', 'is invalid'));
  const days = c.credit_days;
  if (days !== undefined && days !== null && !(Number.isInteger(days) && (days as number) >= 0 && (days as number) <= 365)) errors.push(invalid('credit_days', 'must be between 0 and 365'));
  return errors;
};

const newContact = (c: Body, book: SageBook, at: string): SageContactRecord => ({
  id: sageId('contact', book.business.id, 'created', book.data.contacts.length, at),
  name: text(c.name)!, reference: text(c.reference), contactTypeIds: (c.contact_type_ids as unknown[]).map(String),
  taxNumber: text(c.tax_number), notes: text(c.notes), sourceGuid: text(c.source_guid),
  creditDays: typeof c.credit_days === 'number' ? c.credit_days : null,
  registeredNumber: text(c.registered_number), auxReference: text(c.aux_reference), creditTermsAndConditions: text(c.credit_terms_and_conditions),
  mainAddress: addressOf(c.main_address), mainContactPerson: personOf(c.main_contact_person), createdAt: at, updatedAt: at,
});

const matches = (c: SageContactRecord, q: ApiRequest['query'], since: number | null): boolean => {
  const search = q.search?.toLowerCase();
  return (!search || [c.name, c.reference, c.mainContactPerson?.name].some((v) => v?.toLowerCase().includes(search)))
    && (!q.email || c.mainContactPerson?.email?.toLowerCase() === q.email.toLowerCase())
    && (!q.contact_type_id || c.contactTypeIds.includes(q.contact_type_id))
    && (since === null || Date.parse(c.updatedAt) >= since);
};

export function registerSageContacts(app: FastifyInstance, ctx: SageApiContext): void {
  app.get('/v3.1/contacts', async (req: ApiRequest, reply) => {
    const book = businessGuard(ctx, req, reply);
    if (!book) return reply;
    const since = readSince(req.query.updated_or_created_since);
    if (isErrors(since)) return unprocessable(reply, since);
    const rows = book.data.contacts.filter((c) => matches(c, req.query, since)).map((c) => contactPayload(c, book.business));
    return answerList(reply, '/contacts', req.query, rows);
  });

  app.get('/v3.1/contacts/:key', async (req: ApiRequest, reply) => {
    const book = businessGuard(ctx, req, reply);
    if (!book) return reply;
    const found = book.data.contacts.find((c) => c.id === req.params.key);
    return found ? contactPayload(found, book.business) : reply.code(404).send(recordNotFound());
  });

  app.post('/v3.1/contacts', async (req: ApiRequest, reply) => {
    const book = businessGuard(ctx, req, reply);
    if (!book) return reply;
    const body = object(object(req.body)?.contact);
    if (!body) return unprocessable(reply, [required('contact')]);
    const errors = problems(body, book);
    if (errors.length) return unprocessable(reply, errors);
    const created = newContact(body, book, sageTime(ctx.clock()));
    book.data.contacts.push(created);
    if (!commit(reply, ctx.save, () => book.data.contacts.pop())) return reply;
    return reply.code(201).send(contactPayload(created, book.business));
  });
}
