import { defineEntity, type InferEntity } from '@mikro-orm/core';

export const AuditEventRow = defineEntity({
  name: 'AuditEventRow',
  tableName: 'audit_event',
  indexes: [{ properties: ['practiceId', 'at'] }],
  properties: (p) => ({
    id: p.bigint('number').primary().autoincrement(),
    practiceId: p.text(),
    at: p.datetime().columnType('timestamptz'),
    actor: p.text(),
    chat: p.text(),
    action: p.text(),
    subject: p.text().nullable(),
    detail: p.json<Record<string, unknown>>().nullable(),
  }),
});
export type AuditEventRow = InferEntity<typeof AuditEventRow>;
