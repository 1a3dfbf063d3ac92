import type { Client } from '../practice/client.js';
import type { SyncLevel } from '../practice/connection.js';
import type { ClientId, PracticeId } from '../shared/ids.js';
import type { CompanySnapshot } from './company-snapshot.js';

/** Client fields the payroll app owns. Gusto is the source of truth for every one of them. */
export const syncedFields = [
  'name', 'tradeName', 'businessStructure', 'streetAddress', 'postalAddress', 'phone', 'activeEmployees', 'contractors',
] as const;
export type SyncedField = (typeof syncedFields)[number];

/** The fields the "names only" level lets through. */
const nameFields: readonly SyncedField[] = ['name', 'tradeName'];

/** One overwritten value: `from` is what the client held before (possibly a local edit), kept for the audit log. */
export type FieldChange = { readonly field: SyncedField; readonly from: unknown; readonly to: unknown };

export type ApplyOutcome =
  | { readonly kind: 'updated'; readonly client: Client; readonly changes: readonly FieldChange[]; readonly ignored: readonly SyncedField[] }
  | { readonly kind: 'unchanged'; readonly client: Client }
  /** Gusto has changes, but the client's sync level keeps them out. */
  | { readonly kind: 'skipped'; readonly client: Client; readonly level: SyncLevel; readonly ignored: readonly SyncedField[] };

const valueOf = (s: CompanySnapshot, f: SyncedField): unknown => s[f];

/** Structural equality for the plain values clients hold (strings, numbers, addresses); undefined keys don't count. */
const same = (a: unknown, b: unknown): boolean => canonical(a) === canonical(b);
const canonical = (v: unknown): string =>
  v === null || v === undefined ? '' : typeof v === 'object'
    ? JSON.stringify(Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined && x !== '').sort(([k1], [k2]) => (k1 < k2 ? -1 : 1)))
    : JSON.stringify(v);

/** Which synced fields differ between the client and the company as Gusto reports it now. */
export const diffSnapshot = (client: Client, s: CompanySnapshot): FieldChange[] =>
  syncedFields
    .filter((f) => !same(client[f], valueOf(s, f)))
    .map((f) => ({ field: f, from: client[f], to: valueOf(s, f) }));

const withFields = (client: Client, changes: readonly FieldChange[], s: CompanySnapshot, now: Date): Client => {
  const next: Record<string, unknown> = { ...client, updatedAt: now };
  for (const c of changes) {
    if (c.to === undefined) delete next[c.field];
    else next[c.field] = c.to;
  }
  // The headcount evidence moves only when the count does, so an unchanged re-sync writes nothing.
  if (changes.some((c) => c.field === 'activeEmployees' || c.field === 'contractors')) next.headcountAt = s.fetchedAt;
  return next as Client;
};

/**
 * Applies a company snapshot to its linked client under the client's sync level:
 * all → every synced field follows Gusto; names → only name changes; none → nothing.
 */
export const applySnapshot = (client: Client, s: CompanySnapshot, level: SyncLevel, now: Date): ApplyOutcome => {
  const all = diffSnapshot(client, s);
  if (all.length === 0) return { kind: 'unchanged', client };
  const allowed = level === 'all' ? all : level === 'names' ? all.filter((c) => nameFields.includes(c.field)) : [];
  const ignored = all.filter((c) => !allowed.includes(c)).map((c) => c.field);
  if (allowed.length === 0) return { kind: 'skipped', client, level, ignored };
  return { kind: 'updated', client: withFields(client, allowed, s, now), changes: allowed, ignored };
};

/** A new client made from a company the first time it syncs. */
export const clientFromSnapshot = (id: ClientId, practiceId: PracticeId, s: CompanySnapshot, now: Date): Client => {
  const base: Client = { id, practiceId, status: 'client', name: s.name, createdAt: now, updatedAt: now };
  return withFields(base, diffSnapshot(base, s), s, now);
};

/** Readable field names for cards and the audit log. */
export const fieldLabel: Record<SyncedField, string> = {
  name: 'name', tradeName: 'trade name', businessStructure: 'business structure', streetAddress: 'street address',
  postalAddress: 'postal address', phone: 'phone', activeEmployees: 'active employees', contractors: 'contractors',
};
