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
 * The quantities an issued invoice billed from Smart Billing, by schedule: its lines with Gusto's
 * count, and the lines a person approved after a headcount hold. `asRaised` are the lines as the run
 * made them (with their holds), `issued` the same lines as issued.
 */
export const countedQuantities = (asRaised: readonly InvoiceLine[], issued: readonly InvoiceLine[]): { scheduleId: ScheduleId; quantity: number }[] =>
  issued.flatMap((l, i) => {
    const raised = asRaised[i];
    const counted = raised?.headcount !== undefined || raised?.hold?.kind === 'headcount';
    return counted && l.scheduleId ? [{ scheduleId: l.scheduleId, quantity: l.quantity }] : [];
  });

/** Records what a Smart Billing schedule billed, the next count's point of comparison. Other schedules are unchanged. */
export const recordLastBilled = (s: BillingSchedule, quantity: number, at: Date): BillingSchedule =>
  s.smartBilling?.status === 'enabled' ? { ...s, smartBilling: { ...s.smartBilling, lastBilled: { quantity, at } } } : s;
