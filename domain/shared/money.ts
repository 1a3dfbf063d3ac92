import { err, ok, type Result } from './result.js';

/**
 * Money is an integer count of minor units (pence, cents) in one currency. It is never a float.
 * Amounts stay well inside Number.MAX_SAFE_INTEGER (about 90 trillion pounds), which every
 * constructor checks.
 */
export type Money = { readonly minor: number; readonly currency: string };

export const money = (minor: number, currency: string): Money => {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`money must be a whole number of minor units, got ${minor}`);
  return { minor, currency };
};

export const zero = (currency: string): Money => money(0, currency);

export const add = (a: Money, b: Money): Money => {
  sameCurrency(a, b);
  return money(a.minor + b.minor, a.currency);
};

export const sum = (items: readonly Money[], currency: string): Money => items.reduce(add, zero(currency));

const sameCurrency = (a: Money, b: Money): void => {
  if (a.currency !== b.currency) throw new RangeError(`cannot combine ${a.currency} with ${b.currency}`);
};

/**
 * Divides an integer by a positive integer, rounding half away from zero. This is the one rounding
 * rule of the codebase: every rate, quantity and VAT calculation funnels through it.
 */
export const divideRounded = (numerator: bigint, denominator: bigint): bigint => {
  if (denominator <= 0n) throw new RangeError('denominator must be positive');
  const negative = numerator < 0n;
  const abs = negative ? -numerator : numerator;
  const quotient = (abs * 2n + denominator) / (denominator * 2n);
  return negative ? -quotient : quotient;
};

export type ParseMoneyError = { kind: 'invalid-amount'; input: string; reason: string };

const howToWrite = 'write the amount with a point for decimals and commas only between thousands, e.g. 1250.50 or 1,250.00';

/**
 * Parses "1,234.50", "£99" or "-12.5" into minor units without ever going through a float. A comma
 * is accepted only as a thousands separator (groups of exactly three digits): "12,50" or "1,2345"
 * is refused rather than guessed at, since stripping the comma would read "12,50" as 1250.
 */
export const parseMoney = (input: string, currency: string, minorDigits = 2): Result<Money, ParseMoneyError> => {
  const cleaned = input.trim().replace(/^[£$€]/, '');
  const match = /^(-)?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/.exec(cleaned);
  if (!match) return err({ kind: 'invalid-amount', input, reason: `"${input}" is not an amount: ${howToWrite}` });
  const [, sign, grouped = '0', fraction = ''] = match;
  if (fraction.length > minorDigits) {
    return err({ kind: 'invalid-amount', input, reason: `at most ${minorDigits} decimal places` });
  }
  const whole = grouped.replace(/,/g, '');
  const minor = BigInt(whole) * 10n ** BigInt(minorDigits) + BigInt(fraction.padEnd(minorDigits, '0') || '0');
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) return err({ kind: 'invalid-amount', input, reason: 'amount is too large' });
  return ok(money(Number(sign ? -minor : minor), currency));
};

const symbols: Record<string, string> = { GBP: '£', USD: '$', EUR: '€', AUD: 'A$', NZD: 'NZ$', CAD: 'C$' };

/** "£1,234.50" — formatting is done by hand so output never depends on the host's ICU data. */
export const formatMoney = (m: Money, minorDigits = 2): string => {
  const abs = Math.abs(m.minor);
  const scale = 10 ** minorDigits;
  const whole = Math.floor(abs / scale).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fraction = minorDigits > 0 ? '.' + String(abs % scale).padStart(minorDigits, '0') : '';
  const symbol = symbols[m.currency] ?? `${m.currency} `;
  return `${m.minor < 0 ? '-' : ''}${symbol}${whole}${fraction}`;
};
