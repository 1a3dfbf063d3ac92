import type { BillingSchedule, RecurringSchedule } from '../billing/schedule.js';
import { nextDayOfMonth, nthPeriod, type CalendarDate } from '../shared/calendar.js';
import type { Charge } from './invoice.js';
import { chargeKey } from './ports.js';

/** A charge with the schedule that makes it: grouping and building lines need both. */
export type DueCharge = { readonly schedule: BillingSchedule; readonly charge: Charge };

const checkInvoiceDay = (day: number): void => {
  if (!Number.isInteger(day) || day < 1 || day > 31) throw new RangeError(`an invoice day is a day of the month from 1 to 31, got ${day}`);
};

/**
 * A recurring schedule's period dates in order, as far as its end rule allows (without end for 'never').
 * Monthly, quarterly and yearly periods fall on the practice's invoice day: the first on or after the
 * start, then every 1, 3 or 12 months counted from that first month, a day a month lacks becoming its
 * last day. Weekly periods fall every 7 days from the start: a day of the month means nothing to them.
 */
export function* periodDates(s: RecurringSchedule, invoiceDay: number): Generator<CalendarDate> {
  checkInvoiceDay(invoiceDay);
  const first = s.frequency === 'weekly' ? s.startsOn : nextDayOfMonth(s.startsOn, invoiceDay);
  for (let n = 0; ; n++) {
    if (s.end.kind === 'after' && n >= s.end.occurrences) return;
    const date = nthPeriod(first, s.frequency, n, invoiceDay);
    if (s.end.kind === 'on-date' && date > s.end.date) return;
    yield date;
  }
}

/** The period dates on or before `until`. */
export const periodsUntil = (s: RecurringSchedule, until: CalendarDate, invoiceDay: number): CalendarDate[] => {
  const dates: CalendarDate[] = [];
  for (const date of periodDates(s, invoiceDay)) {
    if (date > until) break;
    dates.push(date);
  }
  return dates;
};

/** True when the end rule allows no period after `period`: billing it ends the schedule. */
export const isLastPeriod = (s: RecurringSchedule, period: CalendarDate, invoiceDay: number): boolean => {
  for (const date of periodDates(s, invoiceDay)) if (date > period) return false;
  return true;
};

/** Every charge of a schedule due by `today`, billed or not. Pending, invoiced and ended schedules have none. */
export const dueCharges = (s: BillingSchedule, today: CalendarDate, invoiceDay: number): Charge[] => {
  const once = (date: CalendarDate | undefined): Charge[] =>
    date !== undefined && date <= today ? [{ scheduleId: s.id, period: 'once', invoiceDate: date }] : [];
  switch (s.kind) {
    case 'upfront': return s.status === 'due' ? once(s.dueOn) : [];
    case 'on-completion': return s.status === 'due' ? once(s.completedOn) : [];
    case 'recurring':
      return s.status === 'active' ? periodsUntil(s, today, invoiceDay).map((date) => ({ scheduleId: s.id, period: date, invoiceDate: date })) : [];
  }
};

/**
 * The reconciler: every charge due by `today` that no invoice carries yet, oldest first. It looks at
 * what was billed, not at when the last run was, so a dropped job or a bot down for a week bills each
 * missed period exactly once, and a run repeated the same day bills nothing.
 */
export const missingCharges = (
  schedules: readonly BillingSchedule[], billedKeys: ReadonlySet<string>, today: CalendarDate, invoiceDay: number,
): DueCharge[] =>
  schedules
    .flatMap((schedule) => dueCharges(schedule, today, invoiceDay).map((charge) => ({ schedule, charge })))
    .filter(({ charge }) => !billedKeys.has(chargeKey(charge.scheduleId, charge.period)))
    .sort((a, b) => a.charge.invoiceDate.localeCompare(b.charge.invoiceDate) || a.charge.scheduleId.localeCompare(b.charge.scheduleId));
