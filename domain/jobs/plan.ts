import type { BillingSchedule, RecurringSchedule } from '../billing/schedule.js';
import { periodDates, periodsUntil } from '../invoicing/charges.js';
import { plainDescription } from '../invoicing/description.js';
import type { ProposalLine } from '../proposals/content.js';
import { addDays, calendarDateIn, type CalendarDate } from '../shared/calendar.js';
import { jobKey, jobMarker, type JobPeriod, type JobRequest } from './job.js';

/** The practice's calendar rules, the ones billing already uses, plus how long a one-off job runs. */
export type JobCalendar = {
  /** The practice's invoice day: recurring jobs start on the dates its invoices do. */
  readonly invoiceDay: number;
  /** Where "accepted on" is a local day (an on-completion schedule keeps only the instant). */
  readonly timeZone: string;
  /** Days from a one-off job's start to its due date: nothing in a service says how long its work takes. */
  readonly oneOffDays: number;
  /**
   * No recurring job for a period already over before this day: a template linked (or the app
   * connected) long after an acceptance starts near the current period instead of back-filling
   * every month since, while a run missed for a few days still catches up. None: every period.
   */
  readonly notBefore?: CalendarDate;
};

/** A month to do a one-off service's work, until the practice says otherwise. */
export const defaultOneOffDays = 30;

/**
 * Each library service's current template, by service id; null when the service links to none. The
 * service's link wins over the copy on the accepted line, because services are often linked after
 * the proposal went out; a line with no library service (or one since deleted) keeps its own.
 */
export type LinkedTemplates = ReadonlyMap<string, string | null>;

export const templateFor = (line: ProposalLine, linked: LinkedTemplates): string | null => {
  if (line.serviceId !== undefined && linked.has(line.serviceId)) return linked.get(line.serviceId) ?? null;
  return line.xpmJobTemplate || null;
};

type Slot = { readonly period: JobPeriod; readonly startDate: CalendarDate; readonly dueDate: CalendarDate };

/** The first `count` period dates as if the schedule never ended: where each period's successor falls. */
const unendingDates = (s: RecurringSchedule, count: number, invoiceDay: number): CalendarDate[] => {
  const dates: CalendarDate[] = [];
  if (count === 0) return dates;
  for (const date of periodDates({ ...s, end: { kind: 'never' } }, invoiceDay)) {
    dates.push(date);
    if (dates.length === count) break;
  }
  return dates;
};

/**
 * A recurring job runs from its period's date to the day before the next period's date: the last
 * period too, since an end rule stops the billing, not the work the last bill paid for.
 */
const recurringSlots = (s: RecurringSchedule, today: CalendarDate, invoiceDay: number): Slot[] => {
  const starts = periodsUntil(s, today, invoiceDay);
  const following = unendingDates(s, starts.length + 1, invoiceDay).slice(1);
  return starts.map((start, i) => ({ period: start, startDate: start, dueDate: addDays(following[i] ?? start, -1) }));
};

const oneOffSlot = (startDate: CalendarDate, today: CalendarDate, days: number): Slot[] =>
  startDate <= today ? [{ period: 'once', startDate, dueDate: addDays(startDate, days) }] : [];

/**
 * The slots whose start has come. A job follows the schedule's calendar, not its billing status: an
 * on-completion service needs its job before it can be completed, and a recurring schedule that
 * billed its last period still owes that period's job. The end rule alone stops recurring jobs.
 */
const slotsDue = (s: BillingSchedule, today: CalendarDate, calendar: JobCalendar): Slot[] => {
  switch (s.kind) {
    case 'upfront': return oneOffSlot(s.dueOn, today, calendar.oneOffDays);
    case 'on-completion': return oneOffSlot(calendarDateIn(s.createdAt, calendar.timeZone), today, calendar.oneOffDays);
    case 'recurring': return recurringSlots(s, today, calendar.invoiceDay).filter((slot) => !calendar.notBefore || slot.dueDate >= calendar.notBefore);
  }
};

/** Every job a schedule calls for by `today`, made or not; none when its service links to no template. */
export const dueJobs = (s: BillingSchedule, linked: LinkedTemplates, today: CalendarDate, calendar: JobCalendar): JobRequest[] => {
  const templateId = templateFor(s.line, linked);
  if (templateId === null) return [];
  const description = plainDescription(s.line.description).text;
  return slotsDue(s, today, calendar).map((slot) => ({
    practiceId: s.practiceId, scheduleId: s.id, period: slot.period, proposalId: s.proposalId, clientId: s.clientId,
    name: s.line.name, description, startDate: slot.startDate, dueDate: slot.dueDate, templateId,
    marker: jobMarker(s.proposalNumber, s.line.id, slot.period),
  }));
};

/**
 * The reconciler, as billing's missingCharges: every job due by `today` whose (schedule, period) key
 * is not among those already requested, oldest first, each key once. It reads what was requested,
 * not when it last ran, so a missed day catches up and a repeated run asks for nothing.
 */
export const missingJobs = (
  schedules: readonly BillingSchedule[], linked: LinkedTemplates, requestedKeys: ReadonlySet<string>, today: CalendarDate, calendar: JobCalendar,
): JobRequest[] => {
  const missing = new Map<string, JobRequest>();
  for (const s of schedules) {
    for (const job of dueJobs(s, linked, today, calendar)) {
      const key = jobKey(job.scheduleId, job.period);
      if (!requestedKeys.has(key) && !missing.has(key)) missing.set(key, job);
    }
  }
  return [...missing.values()].sort((a, b) => a.startDate.localeCompare(b.startDate) || a.scheduleId.localeCompare(b.scheduleId));
};
