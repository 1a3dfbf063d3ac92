import { calendarDateIn } from '../shared/calendar.js';

/**
 * Daily wall-clock schedules ("06:00 in the practice's zone") computed from the IANA zone rules
 * the runtime ships, not from a fixed 24-hour interval: a 24 h step drifts to 05:00 or 07:00 across
 * a DST change.
 */
export type WallClock = { readonly hour: number; readonly minute: number };

const wallParts = (at: Date, zone: string) => {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(at);
  const n = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return { y: n('year'), m: n('month'), d: n('day'), h: n('hour'), mi: n('minute'), s: n('second') };
};

/** Offset of the zone from UTC at an instant, in ms (positive east of Greenwich). */
const offsetAt = (at: Date, zone: string): number => {
  const w = wallParts(at, zone);
  return Date.UTC(w.y, w.m - 1, w.d, w.h, w.mi, w.s) - Math.floor(at.getTime() / 1000) * 1000;
};

/** The instant a local wall-clock time happens on a local date (a time in a DST gap lands just after it). */
export const zonedInstant = (date: string, at: WallClock, zone: string): Date => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const naive = Date.UTC(y, m - 1, d, at.hour, at.minute);
  const first = naive - offsetAt(new Date(naive), zone);
  return new Date(naive - offsetAt(new Date(first), zone));
};

export const addDays = (date: string, days: number): string => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
};

/** The first run strictly after `after`. */
export const nextDailyRun = (after: Date, at: WallClock, zone: string): Date => {
  const today = calendarDateIn(after, zone);
  const candidate = zonedInstant(today, at, zone);
  return candidate > after ? candidate : zonedInstant(addDays(today, 1), at, zone);
};
