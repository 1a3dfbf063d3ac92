import { describe, expect, it } from 'vitest';
import { idempotencyKey, newOutboxEntry } from '../../../domain/outbox/entry.js';
import { defaultOneOffDays, missingJobs } from '../../../domain/jobs/plan.js';
import { jobWrite } from '../../../domain/jobs/ports.js';
import type { ServiceId } from '../../../domain/proposals/service.js';
import { monthlyLine } from '../../builders/proposals.js';
import { recurringSchedule } from '../../builders/schedules.js';

const now = new Date('2026-05-15T08:00:00Z');
const jobs = () => missingJobs(
  [recurringSchedule({}, monthlyLine({ serviceId: 'svc-books' as ServiceId }))], new Map([['svc-books', 'tpl-books']]), new Set(),
  '2026-05-15', { invoiceDay: 1, timeZone: 'Europe/London', oneOffDays: defaultOneOffDays },
);

describe('the outbox write for a job', () => {
  it('is a job write in the app, keyed by its schedule and period', () => {
    const [april] = jobs();

    const entry = newOutboxEntry(jobWrite('xpm', april!), 'o1', now);

    expect(entry).toMatchObject({ app: 'xpm', kind: 'job', sourceId: 'rec', period: '2026-04-01', idempotencyKey: idempotencyKey('xpm', 'job', 'rec', '2026-04-01') });
  });

  it('keeps one key for the same job asked for twice and a different key per period', () => {
    const [april, may] = jobs();
    const [aprilAgain] = jobs();

    const keys = [april!, aprilAgain!, may!].map((j, i) => newOutboxEntry(jobWrite('xpm', j), `o${i}`, now).idempotencyKey);

    expect(keys[0]).toBe(keys[1]);
    expect(keys[0]).not.toBe(keys[2]);
  });

  it('carries the whole request as plain JSON, as it will be sent', () => {
    const [april] = jobs();

    const { payload } = jobWrite('xpm', april!);

    expect(JSON.parse(JSON.stringify(payload))).toEqual(april);
    expect(payload).toMatchObject({ marker: 'P-1-m1-20260401', templateId: 'tpl-books', startDate: '2026-04-01', dueDate: '2026-04-30' });
  });
});
