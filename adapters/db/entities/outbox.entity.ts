import { defineEntity, type InferEntity } from '@mikro-orm/core';

/** Writes waiting for (or made in) an app: the outbox of domain/outbox. One row per practice and idempotency key. */
export const OutboxRow = defineEntity({
  name: 'OutboxRow',
  tableName: 'app_outbox',
  uniques: [{ properties: ['practiceId', 'idempotencyKey'] }],
  indexes: [{ properties: ['app', 'status', 'nextAttemptAt'] }],
  properties: (p) => ({
    id: p.text().primary(),
    practiceId: p.text(),
    app: p.text(),
    kind: p.text(),
    sourceId: p.text(),
    period: p.text().nullable(),
    idempotencyKey: p.text(),
    payload: p.json<Record<string, unknown>>(),
    status: p.text(),
    attempts: p.integer(),
    nextAttemptAt: p.datetime().columnType('timestamptz'),
    lastError: p.text().nullable(),
    externalId: p.text().nullable(),
    createdAt: p.datetime().columnType('timestamptz'),
    updatedAt: p.datetime().columnType('timestamptz'),
  }),
});
export type OutboxRow = InferEntity<typeof OutboxRow>;
