/**
 * Sage's rules for a contact written through the API: a new one (POST) needs a name and contact
 * types; an update (PUT) changes only the fields it names; a reference is unique within the business,
 * whatever its case; an email must look like one. Only the fields Sage documents are read from a body.
 */
import { object, text, type Body } from './sage-body.js';
import { sageId, type SageAddress, type SageBook, type SageContactRecord, type SagePerson } from './sage-data.js';
import { invalid, required, sageError, type SageError } from './sage-errors.js';

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

/**
 * Sage's checks on a contact's body; an empty list means it may be saved. `updating`: the contact a
 * PUT changes, whose absent fields stay as they are (and whose own reference is no clash).
 */
export const contactProblems = (c: Body, book: SageBook, updating: SageContactRecord | null = null): SageError[] => {
  const errors: SageError[] = [];
  if ((!updating || 'name' in c) && !text(c.name)) errors.push(required('name'));
  const types = c.contact_type_ids;
  if (!updating || types !== undefined) {
    if (!Array.isArray(types) || types.length === 0) errors.push(required('contact_type_ids'));
    else if (!types.every((t) => contactTypes.includes(String(t)))) errors.push(sageError('RecordNotFound', "Couldn't find record.", 'contact_type_ids'));
  }
  const reference = text(c.reference);
  if (book.data.contacts.some((x) => x !== updating && sameReference(x.reference, reference))) errors.push(invalid('reference', 'has already been taken'));
  const email = personOf(c.main_contact_person)?.email;
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) errors.push(invalid('main_contact_person.email', 'is invalid'));
  const days = c.credit_days;
  if (days !== undefined && days !== null && !(Number.isInteger(days) && (days as number) >= 0 && (days as number) <= 365)) errors.push(invalid('credit_days', 'must be between 0 and 365'));
  return errors;
};

export const newContact = (c: Body, book: SageBook, at: string): SageContactRecord => ({
  id: sageId('contact', book.business.id, 'created', book.data.contacts.length, at),
  name: text(c.name)!, reference: text(c.reference), contactTypeIds: (c.contact_type_ids as unknown[]).map(String),
  taxNumber: text(c.tax_number), notes: text(c.notes), sourceGuid: text(c.source_guid),
  creditDays: typeof c.credit_days === 'number' ? c.credit_days : null,
  registeredNumber: text(c.registered_number), auxReference: text(c.aux_reference), creditTermsAndConditions: text(c.credit_terms_and_conditions),
  mainAddress: addressOf(c.main_address), mainContactPerson: personOf(c.main_contact_person), createdAt: at, updatedAt: at,
});

const textFields = {
  reference: 'reference', taxNumber: 'tax_number', notes: 'notes', sourceGuid: 'source_guid', registeredNumber: 'registered_number',
  auxReference: 'aux_reference', creditTermsAndConditions: 'credit_terms_and_conditions',
} as const satisfies Partial<Record<keyof SageContactRecord, string>>;

/**
 * The contact as a checked PUT body leaves it: named fields replaced (a blank one cleared), the main
 * contact person's named fields merged into the one it has, and `updated_at` moved to `at`.
 */
export const updatedContact = (was: SageContactRecord, c: Body, at: string): SageContactRecord => {
  const next: SageContactRecord = { ...was, updatedAt: at };
  if ('name' in c) next.name = text(c.name)!;
  if (Array.isArray(c.contact_type_ids)) next.contactTypeIds = c.contact_type_ids.map(String);
  for (const [field, key] of Object.entries(textFields) as [keyof typeof textFields, string][]) if (key in c) next[field] = text(c[key]);
  if ('credit_days' in c) next.creditDays = typeof c.credit_days === 'number' ? c.credit_days : null;
  if ('main_address' in c) next.mainAddress = addressOf(c.main_address);
  const person = object(c.main_contact_person);
  if (person) {
    const given = Object.fromEntries(Object.entries(personOf(person)!).filter(([k]) => k in person)) as Partial<SagePerson>;
    const base: SagePerson = was.mainContactPerson ?? { name: null, job_title: null, telephone: null, mobile: null, email: null, fax: null };
    next.mainContactPerson = { ...base, ...given };
  }
  return next;
};
