/**
 * The `<Client>` sent to client.api/update. Whether XPM clears an element an update leaves out is not
 * documented, so an update is read-modify-write: everything the fresh client (client.api/get) holds
 * that an update can take is sent back as it was, and only the fields we own are changed. What is
 * read in another shape than it is written is translated; what an update cannot take is left out.
 */
import { addressElements, type XpmClientChanges } from './mapping.js';
import type { XpmClientRecord } from './schemas.js';

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
