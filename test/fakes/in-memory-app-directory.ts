import type { AppId } from '../../domain/apps/app-id.js';
import type { AppDirectory, DirectoryEntry, DirectoryKind, LinkRefusal, UserAppLink, UserAppLinkStore } from '../../domain/apps/directory.js';
import type { PracticeId, UserId } from '../../domain/shared/ids.js';
import { err, ok, type Result } from '../../domain/shared/result.js';

const key = (...parts: readonly string[]) => parts.join('\u0000');
/** The database's order: the name lower-cased, byte by byte, then the id. */
const byName = (a: { name: string; externalId?: string; userId?: string }, b: typeof a) => {
  const [x, y] = [a.name.toLowerCase(), b.name.toLowerCase()];
  const [i, j] = [a.externalId ?? a.userId ?? '', b.externalId ?? b.userId ?? ''];
  return x < y ? -1 : x > y ? 1 : i < j ? -1 : i > j ? 1 : 0;
};

export class InMemoryAppDirectory implements AppDirectory {
  private readonly lists = new Map<string, DirectoryEntry[]>();
  private readonly imports = new Map<string, Date>();

  async replace(practiceId: PracticeId, app: AppId, kind: DirectoryKind, entries: readonly DirectoryEntry[], at: Date): Promise<{ first: boolean }> {
    const first = !this.imports.has(key(practiceId, app, kind));
    this.lists.set(key(practiceId, app, kind), [...new Map(entries.map((e) => [e.externalId, { ...e }])).values()]);
    this.imports.set(key(practiceId, app, kind), at);
    return { first };
  }

  async list(practiceId: PracticeId, app: AppId, kind: DirectoryKind): Promise<DirectoryEntry[]> {
    return [...(this.lists.get(key(practiceId, app, kind)) ?? [])].sort(byName);
  }

  async importedAt(practiceId: PracticeId, app: AppId, kind: DirectoryKind): Promise<Date | null> {
    return this.imports.get(key(practiceId, app, kind)) ?? null;
  }
}

export class InMemoryUserAppLinkStore implements UserAppLinkStore {
  private readonly links = new Map<string, UserAppLink>();

  async link(l: UserAppLink): Promise<Result<UserAppLink, LinkRefusal>> {
    const holder = [...this.links.values()].find((x) => x.practiceId === l.practiceId && x.app === l.app && x.externalId === l.externalId);
    if (holder && holder.userId !== l.userId) return err({ kind: 'staff-taken', userId: holder.userId });
    this.links.set(key(l.practiceId, l.userId, l.app), { ...l });
    return ok(l);
  }

  async unlink(practiceId: PracticeId, userId: UserId, app: AppId): Promise<UserAppLink | null> {
    const k = key(practiceId, userId, app);
    const found = this.links.get(k) ?? null;
    this.links.delete(k);
    return found;
  }

  async list(practiceId: PracticeId, app: AppId): Promise<UserAppLink[]> {
    return [...this.links.values()].filter((l) => l.practiceId === practiceId && l.app === app).sort(byName);
  }
}
