/**
 * XPM's request bodies, as the XML codec writes them (it escapes &, < and the rest). Write dates are
 * yyyyMMdd, the website is `WebSite`, related records go by their UUIDs.
 *
 * Whether XPM clears an element an update leaves out is not documented, so an update is
 * read-modify-write: everything the fresh client (client.api/get) holds that an update can take is
 * sent back as it was, and only the fields we own are changed. What is read in another shape than it
 * is written is translated; what an update cannot take is left out.
 */
import type { Address, ContactDetails } from '../../domain/practice/client.js';
import { defined, type XpmClientChanges, type XpmClientInput, type XpmJobInput, type XpmJobLeads } from './mapping.js';
import type { XpmClientRecord } from './schemas.js';

/** Our Address as XPM's elements, `Postal`-prefixed for the postal one; null or undefined empties every part. */
export const addressElements = (prefix: '' | 'Postal', a: Address | null | undefined): Record<string, string> => ({
  [`${prefix}Address`]: a ? [a.line1, a.line2].filter((l) => l?.trim()).join('\n') : '',
  [`${prefix}City`]: a?.city ?? '',
  [`${prefix}Region`]: a?.region ?? '',
  [`${prefix}PostCode`]: a?.postcode ?? '',
  [`${prefix}Country`]: a?.country ?? '',
});

/** `<Job>` for job.api/assign: `<add-partner uuid="…"/>` and `<add-manager uuid="…"/>` beside the job number. */
export const assignJobBody = (jobId: string, leads: XpmJobLeads) => ({
  Job: defined({
    ID: jobId,
    'add-partner': leads.partnerUuid ? { '@_uuid': leads.partnerUuid } : undefined,
    'add-manager': leads.managerUuid ? { '@_uuid': leads.managerUuid } : undefined,
  }),
});

/** YYYY-MM-DD as XPM's write format, yyyyMMdd. */
export const xpmWriteDate = (isoDay: string): string => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(isoDay)) throw new RangeError(`not a YYYY-MM-DD date: ${isoDay}`);
  return isoDay.replaceAll('-', '');
};

const contactElement = (c: ContactDetails, primary: boolean) => defined({
  Name: c.name, IsPrimary: primary ? 'Yes' : 'No', Salutation: c.salutation, Phone: c.phone, Mobile: c.mobile, Email: c.email,
});

/** `<Client>` for client.api/add, in the documented element order. */
export const addClientBody = (input: XpmClientInput) => ({
  Client: defined({
    Name: input.name,
    Email: input.email,
    ...(input.streetAddress ? addressElements('', input.streetAddress) : {}),
    ...(input.postalAddress ? addressElements('Postal', input.postalAddress) : {}),
    Phone: input.phone,
    Fax: input.fax,
    WebSite: input.website,
    AccountManagerUUID: input.partnerUuid,
    JobManagerUUID: input.managerUuid,
    Contacts: input.contacts?.length ? { Contact: input.contacts.map((c, i) => contactElement(c, i === 0)) } : undefined,
  }),
});

/** `<Job>` for job.api/add: partner and manager are assigned afterwards (job.api/assign). */
export const addJobBody = (input: XpmJobInput) => ({
  Job: defined({
    Name: input.name,
    Description: input.description ?? '',
    ClientUUID: input.clientUuid,
    StartDate: xpmWriteDate(input.startDate),
    DueDate: xpmWriteDate(input.dueDate),
    ClientNumber: input.marker,
    TemplateUUID: input.templateUuid,
  }),
});

/** Read-only, or written elsewhere (contacts, notes, groups, relationships have their own endpoints). */
const notWritable = new Set([
  'WebUrl', 'IsArchived', 'IsDeleted', 'IsProspect', 'Type', 'Contacts', 'Notes', 'Groups', 'Relationships',
  // Read masked but for its last three digits: sending it back would overwrite the real number.
  'TaxNumber',
]);

/** Elements read as a `{ UUID, Name }` reference and written as the UUID alone. */
const references: Record<string, string> = { AccountManager: 'AccountManagerUUID', JobManager: 'JobManagerUUID', BillingClient: 'BillingClientUUID' };

/** Read as "Monthly", "2 Monthly", "6 Monthly"; written as 1, 2, 6. */
const gstPeriods: Record<string, string> = { monthly: '1', '1 monthly': '1', '2 monthly': '2', '6 monthly': '6' };

const carried = (key: string, value: unknown): [string, string] | null => {
  if (notWritable.has(key) || key.startsWith('@_')) return null;
  if (key in references) {
    const uuid = typeof value === 'object' && value !== null ? (value as { UUID?: unknown }).UUID : undefined;
    return typeof uuid === 'string' && uuid ? [references[key]!, uuid] : null;
  }
  // An empty element says nothing worth sending back: left out, it stays as empty as it was.
  if (typeof value !== 'string' || !value.trim()) return null;
  if (key === 'Website') return ['WebSite', value];
  if (key === 'GSTPeriod') return [key, gstPeriods[value.trim().toLowerCase()] ?? value];
  // Read as yyyy-MM-ddTHH:mm:ss, written as yyyyMMdd like XPM's other write dates.
  if (key === 'DateOfBirth') return [key, value.slice(0, 10).replaceAll('-', '')];
  return [key, value];
};

/** Our changes as update elements; null or an emptied value is an empty element. */
const ours = (c: XpmClientChanges): Record<string, string> => ({
  ...(c.name !== undefined ? { Name: c.name } : {}),
  ...(c.email !== undefined ? { Email: c.email ?? '' } : {}),
  ...(c.phone !== undefined ? { Phone: c.phone ?? '' } : {}),
  ...(c.fax !== undefined ? { Fax: c.fax ?? '' } : {}),
  ...(c.streetAddress !== undefined ? addressElements('', c.streetAddress) : {}),
  ...(c.postalAddress !== undefined ? addressElements('Postal', c.postalAddress) : {}),
  ...(c.partnerUuid !== undefined ? { AccountManagerUUID: c.partnerUuid ?? '' } : {}),
  ...(c.managerUuid !== undefined ? { JobManagerUUID: c.managerUuid ?? '' } : {}),
});

export const updateClientBody = (fresh: XpmClientRecord, changes: XpmClientChanges) => {
  const client: Record<string, string> = {};
  for (const [key, value] of Object.entries(fresh)) {
    const element = carried(key, value);
    if (element) client[element[0]] = element[1];
  }
  // UUID first, as XPM's update example has it; our fields replace the carried ones in place.
  return { Client: { UUID: fresh.UUID, ...client, ...ours(changes) } };
};
