import type { EntityManager } from '@mikro-orm/postgresql';
import type { BillingSchedule } from '../../domain/billing/schedule.js';
import type { PracticeId } from '../../domain/shared/ids.js';
import { toDomain } from './billing-schedule-store.js';
import { BillingScheduleRow } from './entities/billing-schedule.entity.js';

/** Upfront and on-completion 'due' or 'pending', recurring 'active': a job may still be owed whatever the billing did. */
const open: BillingSchedule['status'][] = ['due', 'pending', 'active'];

/**
 * The schedules that may still owe a job: every open one, and every one accepted since `since`
 * (an upfront fee invoiced, or a recurring service ended, before its job was asked for: the wake
 * after its acceptance was lost to a crash). What the periodic job run reads.
 */
export const schedulesOwingJobs = (em: EntityManager) => async (practiceId: PracticeId, since: Date): Promise<BillingSchedule[]> =>
  (await em.find(BillingScheduleRow, { practiceId, $or: [{ status: { $in: open } }, { createdAt: { $gte: since } }] },
    { disableIdentityMap: true, orderBy: { createdAt: 'asc', id: 'asc' } })).map(toDomain);
