import type { Client } from '../practice/client.js';
import type { FieldChange } from './link-state.js';
import { isEmptyValue, type FieldValues } from './values.js';

/** The client fields an app may sync, and how a card names each. */
export const syncFieldLabels = {
  name: 'name', tradeName: 'trade name', email: 'email', phone: 'phone', fax: 'fax', website: 'website',
  streetAddress: 'street address', postalAddress: 'postal address', contacts: 'contacts', partner: 'partner',
  manager: 'manager', groups: 'groups', taxRegistered: 'tax registration', businessStructure: 'business structure',
  activeEmployees: 'active employees', contractors: 'contractors',
} as const satisfies Partial<Record<keyof Client, string>>;
export type SyncableField = keyof typeof syncFieldLabels;

export const isSyncableField = (field: string): field is SyncableField => Object.hasOwn(syncFieldLabels, field);

/** How a card or the audit log names a field; an unknown one is shown as it is spelled. */
export const fieldLabel = (field: string): string => (isSyncableField(field) ? syncFieldLabels[field] : field);

/** Our client's values for the fields an app syncs, in the shape the sync engine compares. */
export const clientValues = (client: Client, fields: readonly string[]): FieldValues =>
  Object.fromEntries(fields.map((f) => [f, (client as Readonly<Record<string, unknown>>)[f]]));

/** The client with the engine's changes applied; an emptied value leaves the field absent. */
export const withChanges = (client: Client, changes: readonly FieldChange[], now: Date): Client => {
  const next: Record<string, unknown> = { ...client, updatedAt: now };
  for (const c of changes) {
    if (!isSyncableField(c.field)) throw new Error(`"${c.field}" is not a client field an app may sync`);
    if (isEmptyValue(c.to)) delete next[c.field];
    else next[c.field] = c.to;
  }
  return next as Client;
};
