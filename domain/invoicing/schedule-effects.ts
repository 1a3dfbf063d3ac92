import type { BillingSchedule, ScheduleId } from '../billing/schedule.js';
import type { CalendarDate } from '../shared/calendar.js';
import { isLastPeriod } from './charges.js';
import type { InvoiceLine } from './invoice.js';

/**
 * What putting a charge on an invoice does to its schedule: a one-off is invoiced (even while the
 * invoice is held: the charge is taken), a recurring schedule ends with its last period.
 */
export const afterCharge = (s: BillingSchedule, period: CalendarDate | 'once', invoiceDay: number): BillingSchedule => {
  if (s.kind === 'upfront' || s.kind === 'on-completion') return { ...s, status: 'invoiced' };
  return period !== 'once' && isLastPeriod(s, period, invoiceDay) ? { ...s, status: 'ended' } : s;
};

/**
 * The quantities Smart Billing decided, by schedule: lines billed at Gusto's count, and lines a
 * person confirmed after a headcount hold (a line still waiting counts for nothing). `before` are the
 * lines as stored before this step, `after` the same lines now.
 */
export const countedQuantities = (before: readonly InvoiceLine[], after: readonly InvoiceLine[]): { scheduleId: ScheduleId; quantity: number }[] =>
  after.flatMap((l, i) => {
    const was = before[i];
    const counted = !l.hold && (was?.headcount !== undefined || was?.hold?.kind === 'headcount');
    return counted && l.scheduleId ? [{ scheduleId: l.scheduleId, quantity: l.quantity }] : [];
  });

/** Records what a Smart Billing schedule billed, the next count's point of comparison. Other schedules are unchanged. */
export const recordLastBilled = (s: BillingSchedule, quantity: number, at: Date): BillingSchedule =>
  s.smartBilling?.status === 'enabled' ? { ...s, smartBilling: { ...s.smartBilling, lastBilled: { quantity, at } } } : s;
