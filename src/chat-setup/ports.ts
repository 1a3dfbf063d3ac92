import type { ChatPlatform } from '../../domain/practice/user.js';
import type { PracticeId } from '../../domain/shared/ids.js';
import type { Card } from '../cards.js';
import type { ReplyTarget } from '../chat.js';
import type { NotificationEvent } from '../notify.js';

/*
 * Ports of the chat area. They live here rather than in domain/ because routes and outbox entries carry
 * Cards and notification events, which are application types (src/cards.ts, src/notify.ts).
 */

/** Where a practice wants one kind of event posted: one conversation per event per platform. */
export type NotificationRoute = {
  readonly practiceId: PracticeId;
  readonly event: NotificationEvent;
  readonly platform: Exclude<ChatPlatform, 'shell'>;
  /** The conversation as the platform identifies it (Slack channel, Teams conversation reference). */
  readonly target: ReplyTarget;
  readonly channelName: string;
  readonly createdBy: string;
  readonly createdAt: Date;
};

export interface NotificationRouteStore {
  list(practiceId: PracticeId): Promise<NotificationRoute[]>;
  forEvent(practiceId: PracticeId, event: NotificationEvent): Promise<NotificationRoute[]>;
  /** Replaces the route for the same practice, event and platform. */
  save(route: NotificationRoute): Promise<void>;
  remove(practiceId: PracticeId, event: NotificationEvent, platform: NotificationRoute['platform']): Promise<void>;
}

/** A notification that could not be posted yet: kept until it is, or until it is given up loudly. */
export type OutboxEntry = {
  readonly id: string;
  readonly practiceId: PracticeId;
  readonly event: NotificationEvent;
  readonly target: ReplyTarget;
  readonly card: Card;
  readonly attempts: number;
  readonly nextAttemptAt: Date;
  readonly lastError: string;
  readonly status: 'pending' | 'dead';
  readonly createdAt: Date;
};

export interface NotificationOutbox {
  add(entry: OutboxEntry): Promise<void>;
  /** Pending entries whose next attempt is due, oldest first. */
  due(practiceId: PracticeId, now: Date, limit: number): Promise<OutboxEntry[]>;
  save(entry: OutboxEntry): Promise<void>;
  remove(practiceId: PracticeId, id: string): Promise<void>;
  list(practiceId: PracticeId): Promise<OutboxEntry[]>;
}

/**
 * Remembers which chat deliveries were already handled. Keys are scoped by chat workspace (Slack team,
 * Teams tenant) because duplicates must be caught before the practice is even looked up.
 */
export interface DeliveryLedger {
  /** True the first time a key is seen within `ttlMs`; false for a retry, replay or double delivery. */
  claim(workspaceId: string, key: string, now: Date, ttlMs: number): Promise<boolean>;
  /** Forgets keys whose time is up; returns how many went. */
  purge(now: Date): Promise<number>;
}

/** The slice of a pino logger the chat adapters use. */
export type ChatLog = {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
};
