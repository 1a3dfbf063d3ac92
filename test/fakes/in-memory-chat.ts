import type { DeliveryLedger, NotificationOutbox, NotificationRoute, NotificationRouteStore, OutboxEntry } from '../../src/chat-setup/ports.js';
import type { NotificationEvent } from '../../src/notify.js';
import type { PracticeId } from '../../domain/shared/ids.js';

export class InMemoryDeliveryLedger implements DeliveryLedger {
  private readonly seen = new Map<string, number>();
  async claim(workspaceId: string, key: string, now: Date, ttlMs: number) {
    const id = `${workspaceId}:${key}`;
    const until = this.seen.get(id);
    if (until !== undefined && until > now.getTime()) return false;
    this.seen.set(id, now.getTime() + ttlMs);
    return true;
  }
  async purge(now: Date) {
    let n = 0;
    for (const [id, until] of this.seen) if (until <= now.getTime() && this.seen.delete(id)) n++;
    return n;
  }
}

export class InMemoryNotificationRouteStore implements NotificationRouteStore {
  readonly routes: NotificationRoute[] = [];
  async list(practiceId: PracticeId) { return this.routes.filter((r) => r.practiceId === practiceId); }
  async forEvent(practiceId: PracticeId, event: NotificationEvent) {
    return this.routes.filter((r) => r.practiceId === practiceId && r.event === event);
  }
  async save(route: NotificationRoute) {
    await this.remove(route.practiceId, route.event, route.platform);
    this.routes.push(route);
  }
  async remove(practiceId: PracticeId, event: NotificationEvent, platform: NotificationRoute['platform']) {
    const i = this.routes.findIndex((r) => r.practiceId === practiceId && r.event === event && r.platform === platform);
    if (i >= 0) this.routes.splice(i, 1);
  }
}

export class InMemoryNotificationOutbox implements NotificationOutbox {
  readonly entries = new Map<string, OutboxEntry>();
  async add(entry: OutboxEntry) { this.entries.set(entry.id, entry); }
  async save(entry: OutboxEntry) { this.entries.set(entry.id, entry); }
  async remove(practiceId: PracticeId, id: string) {
    if (this.entries.get(id)?.practiceId === practiceId) this.entries.delete(id);
  }
  async due(practiceId: PracticeId, now: Date, limit: number) {
    return [...this.entries.values()]
      .filter((e) => e.practiceId === practiceId && e.status === 'pending' && e.nextAttemptAt <= now)
      .sort((a, b) => +a.createdAt - +b.createdAt)
      .slice(0, limit);
  }
  async list(practiceId: PracticeId) { return [...this.entries.values()].filter((e) => e.practiceId === practiceId); }
}

/** A logger that keeps what it was told, so tests can assert that failures are not silent. */
export const recordingLog = () => {
  const lines: { level: string; obj: object; msg?: string }[] = [];
  const at = (level: string) => (obj: object, msg?: string) => { lines.push({ level, obj, ...(msg ? { msg } : {}) }); };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
};
