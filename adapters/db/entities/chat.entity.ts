import { defineEntity, type InferEntity } from '@mikro-orm/core';

/**
 * Chat deliveries already handled (Slack event_id / trigger_id, Teams activity id), kept for a while so
 * retries and replays have no second effect. Keyed by chat workspace: duplicates are caught before the
 * practice is looked up.
 */
export const ChatDeliveryRow = defineEntity({
  name: 'ChatDeliveryRow',
  tableName: 'chat_delivery',
  properties: (p) => ({
    workspaceId: p.text().primary(),
    key: p.text().primary(),
    expiresAt: p.datetime().columnType('timestamptz'),
  }),
});
export type ChatDeliveryRow = InferEntity<typeof ChatDeliveryRow>;

/** Which conversation gets one kind of event, per practice and chat platform. */
export const NotificationRouteRow = defineEntity({
  name: 'NotificationRouteRow',
  tableName: 'notification_route',
  properties: (p) => ({
    practiceId: p.text().primary(),
    event: p.text().primary(),
    platform: p.text().primary(),
    target: p.json<Record<string, string>>(),
    channelName: p.text(),
    createdBy: p.text(),
    createdAt: p.datetime().columnType('timestamptz'),
  }),
});
export type NotificationRouteRow = InferEntity<typeof NotificationRouteRow>;

/** Notifications not posted yet (pending) or given up on (dead): the proof nothing was lost silently. */
export const NotificationOutboxRow = defineEntity({
  name: 'NotificationOutboxRow',
  tableName: 'notification_outbox',
  indexes: [{ properties: ['practiceId', 'status', 'nextAttemptAt'] }],
  properties: (p) => ({
    id: p.text().primary(),
    practiceId: p.text(),
    event: p.text(),
    platform: p.text(),
    target: p.json<Record<string, string>>(),
    card: p.json<Record<string, unknown>>(),
    attempts: p.integer(),
    nextAttemptAt: p.datetime().columnType('timestamptz'),
    lastError: p.text(),
    status: p.text(),
    createdAt: p.datetime().columnType('timestamptz'),
  }),
});
export type NotificationOutboxRow = InferEntity<typeof NotificationOutboxRow>;
