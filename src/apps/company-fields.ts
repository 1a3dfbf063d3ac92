import type { Client } from '../../domain/practice/client.js';
import type { ClientId, PracticeId } from '../../domain/shared/ids.js';
import { clientValues, withChanges } from '../../domain/sync/client-values.js';
import type { CompanySnapshot } from '../../domain/sync/company-snapshot.js';
import type { FieldPolicies } from '../../domain/sync/field-policy.js';
import type { FieldChange } from '../../domain/sync/link-state.js';
import type { FieldValues } from '../../domain/sync/values.js';

/** The company's values for the fields its app syncs. */
export const companyValues = (s: CompanySnapshot, fields: FieldPolicies): FieldValues =>
  Object.fromEntries(Object.keys(fields).map((f) => [f, (s as Readonly<Record<string, unknown>>)[f]]));

export const ourValues = (client: Client, fields: FieldPolicies): FieldValues => clientValues(client, Object.keys(fields));

/** Applies the app's values; the headcount evidence moves only when the count does, so an unchanged re-sync writes nothing. */
export const applyCompany = (client: Client, changes: readonly FieldChange[], s: CompanySnapshot, now: Date): Client => {
  const next = withChanges(client, changes, now);
  const headcountMoved = changes.some((c) => c.field === 'activeEmployees' || c.field === 'contractors');
  return headcountMoved ? { ...next, headcountAt: s.fetchedAt } : next;
};

/** A new client made from a company the first time it syncs. */
export const clientFromCompany = (id: ClientId, practiceId: PracticeId, s: CompanySnapshot, fields: FieldPolicies, now: Date): Client => {
  const base: Client = { id, practiceId, status: 'client', name: s.name, createdAt: now, updatedAt: now };
  const values = companyValues(s, fields);
  return applyCompany(base, Object.keys(fields).map((field) => ({ field, from: undefined, to: values[field] })), s, now);
};
