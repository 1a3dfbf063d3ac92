import { defineEntity, type InferEntity } from '@mikro-orm/core';

export const PracticeRow = defineEntity({
  name: 'PracticeRow',
  tableName: 'practice',
  properties: (p) => ({
    id: p.text().primary(),
    name: p.text(),
    country: p.text(),
    currency: p.text(),
    timeZone: p.text(),
    invoiceDay: p.integer(),
    createdAt: p.datetime().columnType('timestamptz'),
  }),
});
export type PracticeRow = InferEntity<typeof PracticeRow>;

/** A Slack team, Teams tenant or shell login, tied to the one practice it belongs to. */
export const WorkspaceRow = defineEntity({
  name: 'WorkspaceRow',
  tableName: 'workspace',
  properties: (p) => ({
    platform: p.text().primary(),
    workspaceId: p.text().primary(),
    practiceId: p.text().index(),
  }),
});
export type WorkspaceRow = InferEntity<typeof WorkspaceRow>;
