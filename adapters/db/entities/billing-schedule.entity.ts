import { defineEntity, type InferEntity } from '@mikro-orm/core';

/** Calendar dates (due, start, completed) are ISO text: they are days in the practice's zone, not instants. */
export const BillingScheduleRow = defineEntity({
  name: 'BillingScheduleRow',
  tableName: 'billing_schedule',
  indexes: [{ properties: ['practiceId', 'proposalId'] }, { properties: ['practiceId', 'clientId'] }],
  properties: (p) => ({
    id: p.text().primary(),
    practiceId: p.text(),
    proposalId: p.text(),
    proposalNumber: p.integer(),
    clientId: p.text(),
    kind: p.text(),
    status: p.text(),
    line: p.json<Record<string, unknown>>(),
    amount: p.json<Record<string, unknown>>(),
    needsConfirmation: p.boolean(),
    dueOn: p.text().nullable(),
    completedOn: p.text().nullable(),
    completedBy: p.text().nullable(),
    frequency: p.text().nullable(),
    startsOn: p.text().nullable(),
    endRule: p.json<Record<string, unknown>>().nullable(),
    smartBilling: p.json<Record<string, unknown>>().nullable(),
    createdAt: p.datetime().columnType('timestamptz'),
  }),
});
export type BillingScheduleRow = InferEntity<typeof BillingScheduleRow>;
