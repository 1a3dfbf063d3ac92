import { defineEntity, type InferEntity } from '@mikro-orm/core';

/** A short lease on refreshing one connection's tokens; expires on its own if its holder dies. */
export const ConnectionLeaseRow = defineEntity({
  name: 'ConnectionLeaseRow',
  tableName: 'connection_lease',
  properties: (p) => ({
    connectionId: p.text().primary(),
    practiceId: p.text(),
    holder: p.text(),
    expiresAt: p.datetime().columnType('timestamptz'),
  }),
});
export type ConnectionLeaseRow = InferEntity<typeof ConnectionLeaseRow>;

/** Single-use OAuth state nonces. */
export const OAuthNonceRow = defineEntity({
  name: 'OAuthNonceRow',
  tableName: 'oauth_nonce',
  properties: (p) => ({
    practiceId: p.text().primary(),
    nonce: p.text().primary(),
    expiresAt: p.datetime().columnType('timestamptz'),
  }),
});
export type OAuthNonceRow = InferEntity<typeof OAuthNonceRow>;

/** Small per-practice switches (Labs) and remembered values (last daily sync date). */
export const PracticeFlagRow = defineEntity({
  name: 'PracticeFlagRow',
  tableName: 'practice_flag',
  properties: (p) => ({
    practiceId: p.text().primary(),
    key: p.text().primary(),
    value: p.text(),
  }),
});
export type PracticeFlagRow = InferEntity<typeof PracticeFlagRow>;

/** Webhook events already acted on, per practice: providers redeliver. */
export const WebhookReceiptRow = defineEntity({
  name: 'WebhookReceiptRow',
  tableName: 'webhook_receipt',
  properties: (p) => ({
    practiceId: p.text().primary(),
    provider: p.text().primary(),
    eventId: p.text().primary(),
    receivedAt: p.datetime().columnType('timestamptz'),
  }),
});
export type WebhookReceiptRow = InferEntity<typeof WebhookReceiptRow>;
