import type { AuditEvent } from '../../domain/practice/audit.js';
import type { AuditLog, PracticeStore, UserStore } from '../../domain/practice/ports.js';
import type { Practice } from '../../domain/practice/practice.js';
import type { ChatIdentity, Role, User } from '../../domain/practice/user.js';
import type { PracticeId, UserId } from '../../domain/shared/ids.js';

export class InMemoryPracticeStore implements PracticeStore {
  private readonly practices = new Map<string, Practice>();
  private readonly workspaces = new Map<string, PracticeId>();

  async get(id: PracticeId) { return this.practices.get(id) ?? null; }
  async findByWorkspace(platform: ChatIdentity['platform'], workspaceId: string) {
    const id = this.workspaces.get(`${platform}:${workspaceId}`);
    return id ? this.get(id) : null;
  }
  async create(practice: Practice, w: Pick<ChatIdentity, 'platform' | 'workspaceId'>) {
    const existing = await this.findByWorkspace(w.platform, w.workspaceId);
    if (existing) return existing;
    this.practices.set(practice.id, practice);
    this.workspaces.set(`${w.platform}:${w.workspaceId}`, practice.id);
    return practice;
  }
  async save(practice: Practice) { this.practices.set(practice.id, practice); }
  async list() { return [...this.practices.values()].sort((a, b) => +a.createdAt - +b.createdAt); }
}

export class InMemoryUserStore implements UserStore {
  private readonly users = new Map<string, User>();

  async findByIdentity(practiceId: PracticeId, identity: ChatIdentity) {
    return [...this.users.values()].find((u) => u.practiceId === practiceId && u.identities.some((i) =>
      i.platform === identity.platform && i.workspaceId === identity.workspaceId && i.userId === identity.userId)) ?? null;
  }
  async list(practiceId: PracticeId) {
    return [...this.users.values()].filter((u) => u.practiceId === practiceId).sort((a, b) => +a.createdAt - +b.createdAt);
  }
  async add(user: User) {
    for (const identity of user.identities) {
      const existing = await this.findByIdentity(user.practiceId, identity);
      if (existing) return existing;
    }
    this.users.set(user.id, user);
    return user;
  }
  async save(user: User) { this.users.set(user.id, user); }
  async changeRole(practiceId: PracticeId, userId: UserId, role: Role, allowed: (people: readonly User[]) => boolean) {
    const user = this.users.get(userId);
    if (!user || user.practiceId !== practiceId || !allowed(await this.list(practiceId))) return false;
    this.users.set(userId, { ...user, role });
    return true;
  }
}

export class InMemoryAuditLog implements AuditLog {
  readonly events: AuditEvent[] = [];
  async record(event: AuditEvent) { this.events.push(event); }
  async recent(practiceId: PracticeId, limit: number) {
    return this.events.filter((e) => e.practiceId === practiceId).reverse().slice(0, limit);
  }
}
