import { defineEntity, type InferEntity } from '@mikro-orm/core';

/** One Smart Billing choice per proposal line: pending ("I'll add it later") or enabled with a Gusto company. */
export const SmartBillingRow = defineEntity({
  name: 'SmartBillingRow',
  tableName: 'smart_billing_setting',
  indexes: [{ properties: ['practiceId', 'clientId', 'status'] }],
  properties: (p) => ({
    practiceId: p.text().primary(),
    proposalId: p.text().primary(),
    lineId: p.text().primary(),
    clientId: p.text(),
    serviceName: p.text(),
    status: p.text(),
    companyId: p.text().nullable(),
    companyName: p.text().nullable(),
    chosenBy: p.text(),
    chosenAt: p.datetime().columnType('timestamptz'),
    offeredAt: p.datetime().columnType('timestamptz').nullable(),
  }),
});
export type SmartBillingRow = InferEntity<typeof SmartBillingRow>;
