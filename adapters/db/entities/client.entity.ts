import { defineEntity, type InferEntity } from '@mikro-orm/core';
import type { Address, ContactDetails, StaffMember } from '../../../domain/practice/client.js';

export const ClientRow = defineEntity({
  name: 'ClientRow',
  tableName: 'client',
  /** One client per name in a practice: a second `client add`, lead or Gusto company with the name meets the first. */
  uniques: [{ properties: ['practiceId', 'nameKey'] }],
  properties: (p) => ({
    id: p.text().primary(),
    practiceId: p.text(),
    status: p.text(),
    name: p.text(),
    /** The name as normaliseName reads it, so exact-name matching is an index look-up. */
    nameKey: p.text(),
    tradeName: p.text().nullable(),
    email: p.text().nullable(),
    phone: p.text().nullable(),
    fax: p.text().nullable(),
    website: p.text().nullable(),
    streetAddress: p.json<Address>().nullable(),
    postalAddress: p.json<Address>().nullable(),
    contacts: p.json<ContactDetails[]>().nullable(),
    partner: p.json<StaffMember>().nullable(),
    manager: p.json<StaffMember>().nullable(),
    groups: p.json<string[]>().nullable(),
    taxRegistered: p.boolean().nullable(),
    vatNumber: p.text().nullable(),
    companyNumber: p.text().nullable(),
    businessStructure: p.text().nullable(),
    activeEmployees: p.integer().nullable(),
    contractors: p.integer().nullable(),
    headcountAt: p.datetime().columnType('timestamptz').nullable(),
    createInvoices: p.boolean().nullable(),
    createdAt: p.datetime().columnType('timestamptz'),
    updatedAt: p.datetime().columnType('timestamptz'),
  }),
});
export type ClientRow = InferEntity<typeof ClientRow>;

export const ContactRow = defineEntity({
  name: 'ContactRow',
  tableName: 'contact',
  indexes: [{ properties: ['practiceId', 'clientId'] }],
  properties: (p) => ({
    id: p.text().primary(),
    practiceId: p.text(),
    clientId: p.text(),
    name: p.text(),
    salutation: p.text().nullable(),
    email: p.text().nullable(),
    phone: p.text().nullable(),
    mobile: p.text().nullable(),
  }),
});
export type ContactRow = InferEntity<typeof ContactRow>;
