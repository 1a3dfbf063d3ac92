import type { ScheduleId } from '../billing/schedule.js';
import { chargeKey } from '../invoicing/ports.js';
import type { ProposalId } from '../proposals/proposal.js';
import type { CalendarDate } from '../shared/calendar.js';
import type { ClientId, PracticeId } from '../shared/ids.js';

/**
 * Which slice of a schedule a job does: 'once' for upfront and on-completion services, the period's
 * date for recurring ones. The same values a charge uses, so a job and an invoice name a period alike.
 */
export type JobPeriod = CalendarDate | 'once';

/**
 * One job to make in the practice app (XPM), from one period of one billing schedule. Everything the
 * adapter sends is here, already decided: it only formats (dates as yyyyMMdd) and maps ids.
 */
export type JobRequest = {
  readonly practiceId: PracticeId;
  readonly scheduleId: ScheduleId;
  readonly period: JobPeriod;
  readonly proposalId: ProposalId;
  readonly clientId: ClientId;
  /** The service's name and its description as plain text, as the accepted line has them. */
  readonly name: string;
  readonly description: string;
  /** Local calendar days in the practice's time zone. */
  readonly startDate: CalendarDate;
  readonly dueDate: CalendarDate;
  /** The job template the service links to (XPM's TemplateUUID as imported). */
  readonly templateId: string;
  /** Our reference on the job (XPM's ClientNumber): the look-up before create searches by it. */
  readonly marker: string;
};

/**
 * The key of a (schedule, period) pair: the one a charge has, since a job slot and a charge slot are
 * the same pair. At most one job per key, as at most one invoice line per charge.
 */
export const jobKey = (scheduleId: string, period: JobPeriod): string => chargeKey(scheduleId, period);

/**
 * Our marker for a job: "P-42-ab12cd34ef56-20260401" (proposal P-42, its line, the period; "once" for
 * a one-off). Proposal numbers are unique in a practice and line ids unique in a proposal, and the
 * first and last parts never contain a dash, so no two (schedule, period) pairs share a marker even
 * when a line id has one. It is short enough to read in XPM's job list and is the same on every run,
 * which is what lets a look-up find a job whose create reached XPM before we recorded it.
 */
export const jobMarker = (proposalNumber: number, lineId: string, period: JobPeriod): string => {
  if (!Number.isSafeInteger(proposalNumber) || proposalNumber < 1) throw new RangeError(`a proposal number is a positive whole number, got ${proposalNumber}`);
  if (!lineId) throw new RangeError('a job marker needs the line id');
  return `P-${proposalNumber}-${lineId}-${period === 'once' ? 'once' : period.replaceAll('-', '')}`;
};
