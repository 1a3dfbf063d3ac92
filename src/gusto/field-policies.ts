import type { Client } from '../../domain/practice/client.js';
import type { ClientId, PracticeId } from '../../domain/shared/ids.js';
import { clientValues, withChanges } from '../../domain/sync/client-values.js';
import type { CompanySnapshot } from '../../domain/sync/company-snapshot.js';
import type { FieldPolicies } from '../../domain/sync/field-policy.js';
import type { FieldChange } from '../../domain/sync/link-state.js';
import type { FieldValues } from '../../domain/sync/values.js';

/** Gusto is the source of truth for every company detail it reports: each field is inbound. */
export const gustoFieldPolicies = {
  name: 'inbound', tradeName: 'inbound', businessStructure: 'inbound', streetAddress: 'inbound',
  postalAddress: 'inbound', phone: 'inbound', activeEmployees: 'inbound', contractors: 'inbound',
} as const satisfies FieldPolicies;
export const gustoFields = Object.keys(gustoFieldPolicies);

/** The company's values for the fields Gusto syncs. */
export const companyValues = (s: CompanySnapshot): FieldValues =>
  Object.fromEntries(gustoFields.map((f) => [f, (s as Readonly<Record<string, unknown>>)[f]]));

export const ourValues = (client: Client): FieldValues => clientValues(client, gustoFields);

/** Applies Gusto's values; the headcount evidence moves only when the count does, so an unchanged re-sync writes nothing. */
export const applyCompany = (client: Client, changes: readonly FieldChange[], s: CompanySnapshot, now: Date): Client => {
  const next = withChanges(client, changes, now);
  const headcountMoved = changes.some((c) => c.field === 'activeEmployees' || c.field === 'contractors');
  return headcountMoved ? { ...next, headcountAt: s.fetchedAt } : next;
};

/** A new client made from a company the first time it syncs. */
export const clientFromCompany = (id: ClientId, practiceId: PracticeId, s: CompanySnapshot, now: Date): Client => {
  const base: Client = { id, practiceId, status: 'client', name: s.name, createdAt: now, updatedAt: now };
  const values = companyValues(s);
  return applyCompany(base, gustoFields.map((field) => ({ field, from: undefined, to: values[field] })), s, now);
};
