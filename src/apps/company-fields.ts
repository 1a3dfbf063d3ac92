import type { Client } from '../../domain/practice/client.js';
import type { ClientId, PracticeId } from '../../domain/shared/ids.js';
import { clientValues, withChanges } from '../../domain/sync/client-values.js';
import type { FieldPolicies } from '../../domain/sync/field-policy.js';
import type { FieldChange } from '../../domain/sync/link-state.js';
import type { SyncedRecord } from '../../domain/sync/synced-record.js';
import type { FieldValues } from '../../domain/sync/values.js';

/** The record's values for the fields its app syncs. */
export const recordValues = (s: SyncedRecord, fields: FieldPolicies): FieldValues =>
  Object.fromEntries(Object.keys(fields).map((f) => [f, s[f]]));

export const ourValues = (client: Client, fields: FieldPolicies): FieldValues => clientValues(client, Object.keys(fields));

/** Applies the app's values; the headcount evidence moves only when the count does, so an unchanged re-sync writes nothing. */
export const applyRecord = (client: Client, changes: readonly FieldChange[], s: SyncedRecord, now: Date): Client => {
  const next = withChanges(client, changes, now);
  const headcountMoved = changes.some((c) => c.field === 'activeEmployees' || c.field === 'contractors');
  return headcountMoved ? { ...next, headcountAt: s.fetchedAt } : next;
};

/** A new client made from an app's record the first time it syncs: a client, or a lead for an app whose clients arrive as leads. */
export const clientFromRecord = (id: ClientId, practiceId: PracticeId, s: SyncedRecord, fields: FieldPolicies, now: Date, status: Client['status'] = 'client'): Client => {
  const base: Client = { id, practiceId, status, name: s.name, createdAt: now, updatedAt: now };
  const values = recordValues(s, fields);
  // An outbound-on-accept field goes from us to the app, never the other way.
  const copied = Object.keys(fields).filter((field) => fields[field] !== 'outbound-on-accept');
  return applyRecord(base, copied.map((field) => ({ field, from: undefined, to: values[field] })), s, now);
};
