import { randomUUID } from 'node:crypto';
import type { Card } from '../src/cards.js';

/**
 * Recent replies, so Next/Previous and "Open form" show the cards a person already has instead of
 * running the command again (which, for a command that writes, would write twice). In memory: after
 * a restart a page turn says the list expired and offers to run the command again.
 */
export type ReplyCache = {
  put(cards: readonly Card[]): string;
  get(id: string): readonly Card[] | undefined;
};

export function createReplyCache(opts: { ttlMs?: number; max?: number; now?: () => number; newId?: () => string } = {}): ReplyCache {
  const ttl = opts.ttlMs ?? 30 * 60_000;
  const max = opts.max ?? 500;
  const now = opts.now ?? Date.now;
  const newId = opts.newId ?? (() => randomUUID().slice(0, 13));
  const entries = new Map<string, { cards: readonly Card[]; until: number }>();
  return {
    put(cards) {
      const id = newId();
      entries.set(id, { cards, until: now() + ttl });
      // Map keeps insertion order, so the first keys are the oldest.
      for (const key of entries.keys()) {
        if (entries.size <= max) break;
        entries.delete(key);
      }
      return id;
    },
    get(id) {
      const entry = entries.get(id);
      if (!entry || entry.until < now()) return undefined;
      return entry.cards;
    },
  };
}

/** Replies worth keeping: ones a person may page through or open a form from. */
export const worthCaching = (cards: readonly Card[]): boolean => cards.some((c) => c.form || (c.rows?.length ?? 0) > 0);
