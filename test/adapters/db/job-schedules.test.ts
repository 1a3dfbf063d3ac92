import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MikroOrmBillingScheduleStore } from '../../../adapters/db/billing-schedule-store.js';
import { schedulesOwingJobs } from '../../../adapters/db/job-schedules.js';
import { MikroOrmPracticeStore } from '../../../adapters/db/practice-store.js';
import { newPractice } from '../../../domain/practice/practice.js';
import { asId } from '../../../domain/shared/ids.js';
import { line } from '../../builders/proposals.js';
import { completionSchedule, recurringSchedule, upfrontSchedule } from '../../builders/schedules.js';
import { openTestOrm, type TestDatabase } from '../../support/db.js';

let db: TestDatabase;
beforeAll(async () => { db = await openTestOrm(); }, 120_000);
afterAll(async () => { await db?.close(); });

describe('the schedules that may still owe a job (PostgreSQL)', () => {
  it('are the open ones, and closed ones accepted since the given instant', async () => {
    const pr = asId<'Practice'>('pr1');
    await new MikroOrmPracticeStore(db.em()).create(newPractice(pr, 'Smith & Co', new Date('2026-01-01T00:00:00Z')), { platform: 'shell', workspaceId: 'w' });
    const old = new Date('2026-01-05T00:00:00Z'), lately = new Date('2026-03-01T00:00:00Z');
    await new MikroOrmBillingScheduleStore(db.em()).saveMany([
      upfrontSchedule({ id: asId('due'), createdAt: old }),
      upfrontSchedule({ id: asId('invoiced-old'), status: 'invoiced', createdAt: old }, line({ id: 'l2' })),
      upfrontSchedule({ id: asId('invoiced-lately'), status: 'invoiced', createdAt: lately }, line({ id: 'l3' })),
      completionSchedule({ id: asId('pending'), createdAt: old }),
      recurringSchedule({ id: asId('active'), createdAt: old }),
      recurringSchedule({ id: asId('ended-old'), status: 'ended', createdAt: old }),
    ]);

    const owing = await schedulesOwingJobs(db.em())(pr, new Date('2026-02-20T00:00:00Z'));

    expect(owing.map((s) => s.id).sort()).toEqual(['active', 'due', 'invoiced-lately', 'pending']);
    expect(await schedulesOwingJobs(db.em())(asId('other'), old)).toEqual([]);
  });
});
