import { defineEntity, type InferEntity } from '@mikro-orm/core';

/**
 * A job asked for in a practice app (domain/jobs/ports.ts JobDeployment). The key is the job's slot,
 * (practice, schedule, period), as an invoice line's unique key is its charge's: two runs racing for
 * the same job leave one row. Period is 'once' or the period's date; start and due dates are ISO text
 * (days in the practice's zone, not instants). The created_* columns stay null until the app has it.
 */
export const JobDeploymentRow = defineEntity({
  name: 'JobDeploymentRow',
  tableName: 'job_deployment',
  /** A proposal's thread and cards list its jobs. */
  indexes: [{ properties: ['practiceId', 'proposalId'] }],
  properties: (p) => ({
    practiceId: p.text().primary(),
    scheduleId: p.text().primary(),
    period: p.text().primary(),
    proposalId: p.text(),
    clientId: p.text(),
    name: p.text(),
    description: p.text(),
    startDate: p.text(),
    dueDate: p.text(),
    templateId: p.text(),
    marker: p.text(),
    requestedAt: p.datetime().columnType('timestamptz'),
    createdApp: p.text().nullable(),
    createdId: p.text().nullable(),
    createdNumber: p.text().nullable(),
    createdUrl: p.text().nullable(),
  }),
});
export type JobDeploymentRow = InferEntity<typeof JobDeploymentRow>;
