/** Calendar dates are ISO strings (YYYY-MM-DD) in the practice's time zone: billing happens on days, not instants. */
export type CalendarDate = string;

export type Frequency = 'weekly' | 'monthly' | 'quarterly' | 'yearly';
export const frequencies: readonly Frequency[] = ['weekly', 'monthly', 'quarterly', 'yearly'];

const pattern = /^(\d{4})-(\d{2})-(\d{2})$/;

const parts = (date: CalendarDate): [number, number, number] => {
  const m = pattern.exec(date);
  if (!m) throw new RangeError(`not a calendar date: ${date}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
};

const daysIn = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

const format = (y: number, m: number, d: number): CalendarDate =>
  `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/** True for a real date written YYYY-MM-DD (2026-02-30 is refused). */
export const isCalendarDate = (value: string): boolean => {
  if (!pattern.test(value)) return false;
  const [y, m, d] = parts(value);
  return m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m);
};

/** The calendar date an instant falls on in a time zone: "accepted on" is a local day. */
export const calendarDateIn = (instant: Date, timeZone: string): CalendarDate => {
  // Assembled from parts, not the formatted string: a locale's punctuation may change with ICU.
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
};

/** "22 November 2026" as people in the practice read it: the date merged into terms and shown on pages. */
export const longDateIn = (instant: Date, timeZone: string): string =>
  new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'long', year: 'numeric' }).format(instant);

const monthsPer: Record<Exclude<Frequency, 'weekly'>, number> = { monthly: 1, quarterly: 3, yearly: 12 };

/**
 * The n-th billing date after `anchor`. Months are counted from the anchor, not chained, and a day
 * that a month lacks becomes its last day: 31 Jan → 28 Feb → 31 Mar, never drifting to the 28th.
 * `day` is the day of the month the dates aim for (the anchor's own unless given): an anchor already
 * cut short (28 Feb for the 31st) still lands on 31 Mar. Weekly dates ignore it.
 */
export const nthPeriod = (anchor: CalendarDate, frequency: Frequency, n: number, day?: number): CalendarDate => {
  const [y, m, d] = parts(anchor);
  if (frequency === 'weekly') {
    const t = new Date(Date.UTC(y, m - 1, d + 7 * n));
    return format(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
  }
  const index = y * 12 + (m - 1) + monthsPer[frequency] * n;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return format(year, month, Math.min(day ?? d, daysIn(year, month)));
};

/** The first date on or after `from` that falls on `day` of a month (or the month's last day, when it is shorter). */
export const nextDayOfMonth = (from: CalendarDate, day: number): CalendarDate => {
  const [y, m, d] = parts(from);
  if (d <= Math.min(day, daysIn(y, m))) return format(y, m, Math.min(day, daysIn(y, m)));
  const [ny, nm] = m === 12 ? [y + 1, 1] : [y, m + 1];
  return format(ny, nm, Math.min(day, daysIn(ny, nm)));
};

export const addDays = (date: CalendarDate, days: number): CalendarDate => {
  const [y, m, d] = parts(date);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return format(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
};
