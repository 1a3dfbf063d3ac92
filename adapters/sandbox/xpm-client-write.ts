/**
 * Reading a `<Client>` body for client.api add and update, with XPM's rules: Name required, the
 * website written as `WebSite`, Yes/No flags, managers that must be the practice's staff, a business
 * structure that must be one the practice has configured, contacts on add only (if several are
 * primary, the last wins).
 *
 * Update replaces every writable field: an element left out is cleared. The reference's sync
 * strategy (3.8) says an update "requires the full element set you want to keep", and whether XPM
 * clears omitted elements is unconfirmed, so the sandbox takes the stricter reading: a bot that does
 * not read-modify-write from a fresh get loses data here, not first in a customer's practice.
 * Contacts and groups are not touched by update (XPM sets them elsewhere).
 */
import type { XpmClientFields, XpmContactRecord, XpmPractice } from './xpm-data.js';
import { businessStructures } from './xpm-seed.js';
import { listOf, textOf } from './xpm-xml.js';

const textFields: [keyof XpmClientFields, string][] = [
  ['email', 'Email'], ['address', 'Address'], ['city', 'City'], ['region', 'Region'], ['postCode', 'PostCode'], ['country', 'Country'],
  ['postalAddress', 'PostalAddress'], ['postalCity', 'PostalCity'], ['postalRegion', 'PostalRegion'], ['postalPostCode', 'PostalPostCode'], ['postalCountry', 'PostalCountry'],
  ['phone', 'Phone'], ['fax', 'Fax'], ['website', 'WebSite'],
];

const flag = (node: Record<string, unknown>, key: string): boolean | null | 'bad' => {
  const v = textOf(node, key);
  return v === null ? null : v === 'Yes' ? true : v === 'No' ? false : 'bad';
};

export function readClientFields(node: Record<string, unknown>, p: XpmPractice): XpmClientFields | string {
  const name = textOf(node, 'Name');
  if (!name) return 'Name is required.';
  const fields = { name } as XpmClientFields;
  for (const [field, element] of textFields) (fields as Record<string, unknown>)[field] = textOf(node, element);
  const gst = flag(node, 'GSTRegistered');
  if (gst === 'bad') return 'GSTRegistered must be Yes or No.';
  fields.gstRegistered = gst;
  const structure = textOf(node, 'BusinessStructure');
  if (structure && !businessStructures.includes(structure)) return `Business structure "${structure}" is not set up in this practice.`;
  fields.businessStructure = structure;
  for (const [field, element, label] of [['accountManagerUuid', 'AccountManagerUUID', 'Account manager'], ['jobManagerUuid', 'JobManagerUUID', 'Job manager']] as const) {
    const uuid = textOf(node, element);
    if (uuid && !p.staff.some((s) => s.uuid === uuid)) return `${label} ${uuid} is not a staff member of this practice.`;
    fields[field] = uuid;
  }
  return fields;
}

/** The contacts of an add, numbered from `nextUuid`; a contact needs a name. */
export function readNewContacts(node: Record<string, unknown>, nextUuid: () => string): XpmContactRecord[] | string {
  const contacts: XpmContactRecord[] = [];
  for (const c of listOf(node, 'Contacts', 'Contact')) {
    const name = textOf(c, 'Name');
    if (!name) return 'Every contact needs a Name.';
    const primary = flag(c, 'IsPrimary');
    if (primary === 'bad') return 'IsPrimary must be Yes or No.';
    if (primary) for (const earlier of contacts) earlier.isPrimary = false;
    contacts.push({
      uuid: nextUuid(), name, salutation: textOf(c, 'Salutation'), addressee: textOf(c, 'Addressee'), mobile: textOf(c, 'Mobile'),
      email: textOf(c, 'Email'), phone: textOf(c, 'Phone'), position: textOf(c, 'Position'), isPrimary: primary === true,
    });
  }
  return contacts;
}
