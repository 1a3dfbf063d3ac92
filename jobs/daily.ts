import type { Agenda } from 'agenda';

/** A local wall-clock time of day in an IANA zone: 06:00 in Europe/London. */
export type LocalTime = { readonly hour: number; readonly minute: number; readonly timeZone: string };

export const dailyCron = (t: Pick<LocalTime, 'hour' | 'minute'>): string => `${t.minute} ${t.hour} * * *`;

/**
 * Schedules `name` to run every day at a local time, one job per `key` (a practice, say). The cron
 * is evaluated in the zone, so the run stays at 06:00 local across daylight-saving changes. After
 * downtime Agenda finds the one overdue run, runs it once, and computes the next from then: one
 * catch-up, never a burst. Calling it again with a new time or zone moves the same job.
 */
export async function scheduleDaily<T extends Record<string, unknown>>(
  agenda: Agenda,
  name: string,
  data: T,
  key: Record<string, unknown>,
  at: LocalTime,
): Promise<void> {
  await agenda
    .create(name, data)
    .unique(key)
    .repeatEvery(dailyCron(at), { timezone: at.timeZone, skipImmediate: true })
    .save();
}
