import type { AppId } from '../../domain/apps/app-id.js';
import { normaliseName } from '../../domain/practice/client.js';
import type { AppLinkStore } from '../../domain/practice/ports.js';
import type { PracticeId } from '../../domain/shared/ids.js';
import type { AppClient, AppClientInput, AppClientView, RejectedMatch } from '../../domain/sync/app-client.js';
import type { AppClientStore } from '../../domain/sync/ports.js';
import { matchKey } from '../../domain/sync/matching.js';

/** The database's order: the name as normaliseName reads it (its name_key), then the app's id. */
const byName = (a: AppClient, b: AppClient) => normaliseName(a.name).localeCompare(normaliseName(b.name)) || a.externalId.localeCompare(b.externalId);

/** The apps' clients in memory; what is linked is read from the link store, as the database joins it. */
export class InMemoryAppClientStore implements AppClientStore {
  private readonly records = new Map<string, AppClient>();
  private readonly rejected = new Map<string, RejectedMatch & { practiceId: PracticeId; provider: AppId }>();
  constructor(private readonly links: AppLinkStore) {}

  private key = (practiceId: PracticeId, provider: AppId, externalId: string) => `${practiceId}\u0000${provider}\u0000${externalId}`;

  async put(practiceId: PracticeId, provider: AppId, records: readonly AppClientInput[], seenAt: Date) {
    let added = 0;
    for (const r of records) {
      const k = this.key(practiceId, provider, r.externalId);
      const before = this.records.get(k);
      if (!before) added++;
      // The app's fields are replaced as read (a cleared email is cleared); ours are kept, and a deletion undone.
      this.records.set(k, { practiceId, provider, ...r, firstSeenAt: before?.firstSeenAt ?? seenAt, ...(before?.hiddenAt ? { hiddenAt: before.hiddenAt } : {}) });
    }
    return { added };
  }

  async markDeleted(practiceId: PracticeId, provider: AppId, externalIds: readonly string[], at: Date) {
    for (const id of externalIds) {
      const k = this.key(practiceId, provider, id);
      const r = this.records.get(k);
      if (r && !r.deletedAt) this.records.set(k, { ...r, deletedAt: at });
    }
  }

  async get(practiceId: PracticeId, provider: AppId, externalId: string) {
    return this.records.get(this.key(practiceId, provider, externalId)) ?? null;
  }

  async list(practiceId: PracticeId, provider: AppId, q: { view: AppClientView; search?: string; limit: number; offset: number }) {
    const linked = new Set((await this.links.list(practiceId, provider)).map((l) => l.externalId));
    const search = q.search?.trim().toLowerCase();
    const items = [...this.records.values()]
      .filter((r) => r.practiceId === practiceId && r.provider === provider && !linked.has(r.externalId))
      .filter((r) => (q.view === 'hidden' ? !!r.hiddenAt : !r.hiddenAt && !r.deletedAt))
      .filter((r) => !search || [r.name, r.email, r.reference].some((v) => v?.toLowerCase().includes(search)) || (!!matchKey(search) && matchKey(r.name).includes(matchKey(search))))
      .sort(byName);
    return { items: items.slice(q.offset, q.offset + q.limit), total: items.length };
  }

  async setHidden(practiceId: PracticeId, provider: AppId, externalId: string, hiddenAt: Date | null) {
    const k = this.key(practiceId, provider, externalId);
    const r = this.records.get(k);
    if (!r) return false;
    const { hiddenAt: _was, ...rest } = r;
    this.records.set(k, hiddenAt ? { ...rest, hiddenAt } : rest);
    return true;
  }

  async rejectMatch(practiceId: PracticeId, provider: AppId, m: RejectedMatch) {
    this.rejected.set(`${this.key(practiceId, provider, m.externalId)}\u0000${m.clientId}`, { ...m, practiceId, provider });
  }

  async rejectedMatches(practiceId: PracticeId, provider: AppId, externalIds?: readonly string[]) {
    const wanted = externalIds && new Set(externalIds);
    return [...this.rejected.values()]
      .filter((m) => m.practiceId === practiceId && m.provider === provider && (!wanted || wanted.has(m.externalId)))
      .map(({ externalId, clientId }) => ({ externalId, clientId }));
  }
}
