import type { ConnectionLock, OAuthNonces, PracticeFlags, WebhookReceipts } from '../../domain/apps/ports.js';
import type { ConnectionId, PracticeId } from '../../domain/shared/ids.js';
import type { Card } from '../../src/cards.js';
import type { ConversationReplies, ReplyTarget } from '../../src/chat.js';

/** A per-connection mutex: the single-process stand-in for the database lease. */
export class InMemoryConnectionLock implements ConnectionLock {
  private readonly tails = new Map<string, Promise<unknown>>();
  async withLock<T>(_practiceId: PracticeId, connectionId: ConnectionId, work: () => Promise<T>): Promise<T> {
    const before = this.tails.get(connectionId) ?? Promise.resolve();
    const run = before.then(work, work);
    this.tails.set(connectionId, run.catch(() => undefined));
    return run;
  }
}

export class InMemoryOAuthNonces implements OAuthNonces {
  private readonly live = new Map<string, Date>();
  async put(practiceId: PracticeId, nonce: string, expiresAt: Date) { this.live.set(`${practiceId}:${nonce}`, expiresAt); }
  async consume(practiceId: PracticeId, nonce: string, now: Date) {
    const key = `${practiceId}:${nonce}`;
    const expires = this.live.get(key);
    this.live.delete(key);
    return !!expires && expires > now;
  }
}

export class InMemoryPracticeFlags implements PracticeFlags {
  private readonly values = new Map<string, string>();
  async get(practiceId: PracticeId, key: string) { return this.values.get(`${practiceId}:${key}`) ?? null; }
  async set(practiceId: PracticeId, key: string, value: string | null) {
    if (value === null) this.values.delete(`${practiceId}:${key}`);
    else this.values.set(`${practiceId}:${key}`, value);
  }
}

export class InMemoryWebhookReceipts implements WebhookReceipts {
  private readonly seen = new Set<string>();
  async firstSeen(practiceId: PracticeId, provider: string, eventId: string) {
    const key = `${practiceId}:${provider}:${eventId}`;
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    return true;
  }
}

/** Keeps every posted and edited message, so tests can read what a conversation showed. */
export const recordingReplies = (): ConversationReplies & { readonly messages: Map<string, Card[]> } => {
  const messages = new Map<string, Card[]>();
  let n = 0;
  return {
    messages,
    async post(_target: ReplyTarget, card: Card) { const h = `m${++n}`; messages.set(h, [card]); return h; },
    async update(_target: ReplyTarget, handle: string, card: Card) { messages.get(handle)?.push(card); },
  };
};
