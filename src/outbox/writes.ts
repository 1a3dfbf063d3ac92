import type { OutboxEntry, WriteKind, WriteRequest } from '../../domain/outbox/entry.js';
import type { OutboxWriter } from '../../domain/outbox/ports.js';
import type { PracticeId } from '../../domain/shared/ids.js';
import type { Card } from '../cards.js';
import type { NotificationEvent, Notifier } from '../notify.js';

/** The writer for each (app, kind), as the app registry wires them; undefined when nothing writes it. */
export type OutboxWriters = (app: string, kind: WriteKind) => OutboxWriter | undefined;

/** Writers from a table: `{ ledger: { invoice: ledgerInvoices } }`. */
export const writersFrom = (table: Readonly<Record<string, Partial<Record<WriteKind, OutboxWriter>>>>): OutboxWriters =>
  (app, kind) => table[app]?.[kind];

/** Each app's share of one drain run: at most `perRun` sends, `concurrency` at a time. */
export type AppBudget = { readonly perRun: number; readonly concurrency: number };

/** Chat posts go through the outbox as the app 'chat', so a post caused by a change commits with it. */
export const chatApp = 'chat';

type NotificationPayload = { readonly event: NotificationEvent; readonly card: Card };

/** A chat notification to post once; `sourceId` and the event make its key, so queuing it again keeps one post. */
export const notificationWrite = (practiceId: PracticeId, event: NotificationEvent, card: Card, sourceId: string, occasion: string = event): WriteRequest => ({
  practiceId, app: chatApp, kind: 'notification', sourceId, period: occasion, payload: { event, card } satisfies NotificationPayload,
});

/**
 * Posts queued notifications through the notifier, which routes each to the practice's channels and
 * keeps its own retries. Chat has no look-up by our reference, so a post is at least once: a process
 * killed between the post and its record posts it again on restart.
 */
export const chatNotificationWriter = (notifier: Notifier): OutboxWriter => ({
  lookup: async () => null,
  async create(entry: OutboxEntry) {
    const { event, card } = entry.payload as unknown as NotificationPayload;
    await notifier.notify(entry.practiceId, event, card);
    return `posted:${entry.id}`;
  },
});
