import type { PracticeId } from '../shared/ids.js';
import { err, ok, type Result } from '../shared/result.js';

/** A firm. A Slack workspace or a Teams tenant maps to exactly one practice; every record belongs to one. */
export type Practice = {
  readonly id: PracticeId;
  readonly name: string;
  /** ISO 3166-1 alpha-2, e.g. GB. */
  readonly country: string;
  /** ISO 4217, e.g. GBP. */
  readonly currency: string;
  /** IANA zone, e.g. Europe/London: daily syncs run at local wall-clock times in it. */
  readonly timeZone: string;
  /** Day of the month (1–28) on which recurring invoices are raised. */
  readonly invoiceDay: number;
  readonly createdAt: Date;
};

export type PracticeSetting = 'name' | 'timezone' | 'country' | 'invoice-day';
export const practiceSettings: readonly PracticeSetting[] = ['name', 'timezone', 'country', 'invoice-day'];

export type PracticeSettingError = { kind: 'invalid-setting'; setting: string; reason: string };

const currencyByCountry: Record<string, string> = {
  GB: 'GBP', US: 'USD', IE: 'EUR', AU: 'AUD', NZ: 'NZD', CA: 'CAD', ZA: 'ZAR',
};

export const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return zone.includes('/') || zone === 'UTC';
  } catch {
    return false;
  }
};

/** Applies one `practice set` change, or says exactly why the value is refused. */
export const changeSetting = (
  practice: Practice,
  setting: string,
  value: string,
): Result<Practice, PracticeSettingError> => {
  const refuse = (reason: string) => err<PracticeSettingError>({ kind: 'invalid-setting', setting, reason });
  const v = value.trim();
  switch (setting) {
    case 'name':
      if (v.length < 2 || v.length > 120) return refuse('a name is 2 to 120 characters');
      return ok({ ...practice, name: v });
    case 'timezone':
      if (!isTimeZone(v)) return refuse(`"${v}" is not an IANA time zone such as Europe/London or America/New_York`);
      return ok({ ...practice, timeZone: v });
    case 'country': {
      const code = v.toUpperCase();
      const currency = currencyByCountry[code];
      if (!currency) return refuse(`supported countries are ${Object.keys(currencyByCountry).join(', ')}`);
      return ok({ ...practice, country: code, currency });
    }
    case 'invoice-day': {
      const day = /^\d{1,2}$/.test(v) ? Number(v) : NaN;
      // 29 to 31 are allowed: a month without that day invoices on its last day (see domain/invoicing/charges.ts).
      if (!(day >= 1 && day <= 31)) return refuse('a day of the month from 1 to 31 (a shorter month invoices on its last day)');
      return ok({ ...practice, invoiceDay: day });
    }
    default:
      return refuse(`settings are ${practiceSettings.join(', ')}`);
  }
};

export const newPractice = (id: PracticeId, name: string, now: Date): Practice => ({
  id,
  name,
  country: 'GB',
  currency: 'GBP',
  timeZone: 'Europe/London',
  invoiceDay: 1,
  createdAt: now,
});
