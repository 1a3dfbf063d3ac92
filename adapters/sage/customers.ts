/**
 * A Sage business's customers as the bot's app clients: every live one on a first read, then what
 * changed since the last run's mark. An incremental read is two list calls when nothing changed —
 * one for customers created or updated since the mark and one for those deleted after it — because
 * Sage answers deletions only to `deleted_since`, never beside live records.
 */
import type { AppClientChanges } from '../../src/apps/app.js';
import type { AppClientInput } from '../../domain/sync/app-client.js';
import { ProviderError } from '../provider-http.js';
import type { SageApi, SageContact } from './client.js';

/** Sage always stamps a record; `created_at` stands in should a record ever come without `updated_at`. */
const changedAt = (c: SageContact): Date => {
  const at = c.updatedAt ?? c.createdAt;
  if (!at) throw new ProviderError('sage', 'invalid-response', { method: 'GET', path: '/contacts', reason: `Sage sent customer ${c.id} without updated_at or created_at` });
  return at;
};

const optional = <K extends string>(key: K, value: string | null): Partial<Record<K, string>> =>
  (value === null ? {} : { [key]: value }) as Partial<Record<K, string>>;

export const toAppClient = (c: SageContact): AppClientInput => ({
  externalId: c.id,
  name: c.name,
  ...optional('email', c.email),
  ...optional('vatNumber', c.taxNumber),
  ...optional('companyNumber', c.companyNumber),
  ...optional('reference', c.reference),
  updatedAt: changedAt(c),
});

/**
 * `since` null: every live customer, nothing deleted. Otherwise customers created or updated at or
 * after `since` (Sage's `updated_or_created_since` is inclusive, so an edit at the exact mark is not
 * missed) and those deleted after it; one changed and then deleted in the window counts as deleted.
 */
export async function listSageCustomers(api: Pick<SageApi, 'contacts' | 'deletedContacts'>, businessId: string, since: Date | null): Promise<AppClientChanges> {
  if (since === null) return { changed: (await api.contacts(businessId)).map(toAppClient), deleted: [] };
  // Sage stamps whole seconds and `deleted_since` is exclusive: a deletion in the mark's own second
  // (stamped at or before the mark) would be missed, so deletions are asked from a second earlier.
  // Reading one twice is harmless; missing one would leave a linked client pointing at nothing.
  const deletedSince = new Date(Math.floor(since.getTime() / 1000) * 1000 - 1000);
  const [changed, deleted] = await Promise.all([api.contacts(businessId, { updatedSince: since }), api.deletedContacts(businessId, deletedSince)]);
  const gone = new Set(deleted.map((d) => d.id));
  return { changed: changed.filter((c) => !gone.has(c.id) && !c.deletedAt).map(toAppClient), deleted: [...gone] };
}
