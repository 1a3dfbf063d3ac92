import type { AuditEvent } from '../../domain/practice/audit.js';
import type { AuditLog, PracticeStore, UserStore } from '../../domain/practice/ports.js';
import type { Practice } from '../../domain/practice/practice.js';
import type { ChatIdentity, User } from '../../domain/practice/user.js';
import type { PracticeId } from '../../domain/shared/ids.js';

export class InMemoryPracticeStore implements PracticeStore {
  private readonly practices = new Map<string, Practice>();
  private readonly workspaces = new Map<string, PracticeId>();

  async get(id: PracticeId) { return this.practices.get(id) ?? null; }
  async findByWorkspace(platform: ChatIdentity['platform'], workspaceId: string) {
    const id = this.workspaces.get(`${platform}:${workspaceId}`);
    return id ? this.get(id) : null;
  }
  async create(practice: Practice, w: Pick<ChatIdentity, 'platform' | 'workspaceId'>) {
    if (this.workspaces.has(`${w.platform}:${w.workspaceId}`)) throw new Error('workspace already has a practice');
    this.practices.set(practice.id, practice);
    this.workspaces.set(`${w.platform}:${w.workspaceId}`, practice.id);
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
  async save(user: User) { this.users.set(user.id, user); }
}

export class InMemoryAuditLog implements AuditLog {
  readonly events: AuditEvent[] = [];
  async record(event: AuditEvent) { this.events.push(event); }
  async recent(practiceId: PracticeId, limit: number) {
    return this.events.filter((e) => e.practiceId === practiceId).reverse().slice(0, limit);
  }
}
