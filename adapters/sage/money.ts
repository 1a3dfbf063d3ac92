/**
 * Sage writes money and percentages as decimals: JSON numbers in its Swagger (1234.5), strings in
 * some responses ("0.10"). We hold integer hundredths (pence, cents; basis points for a rate), so
 * both directions go through decimal text and never multiply a float.
 */
import { parseMoney } from '../../domain/shared/money.js';

/**
 * A JSON number's shortest round-trip text (what String() gives) is the decimal Sage wrote, for
 * any decimal of at most 15 significant digits; exponent forms (1e-7, 1e+21) are not amounts.
 */
const numberText = (n: number): string | null => {
  if (!Number.isFinite(n)) return null;
  const text = String(n);
  return /e/i.test(text) ? null : text;
};

/**
 * "1234.50", "0.10", 1234.5, "20.0" → 123450, 10, 123450, 2000. Zeros past the second decimal
 * ("12.3400") are dropped; any other third decimal is refused (null) rather than rounded, since
 * Sage's pounds and euros have two.
 */
export function decimalToHundredths(value: string | number): number | null {
  const text = typeof value === 'number' ? numberText(value) : value.trim();
  if (text === null || !/^-?\d+(\.\d+)?$/.test(text)) return null;
  const parsed = parseMoney(text.replace(/^(-?\d+\.\d{2})0+$/, '$1'), 'XXX');
  if (!parsed.ok) return null;
  // -0.00 is zero.
  return parsed.value.minor === 0 ? 0 : parsed.value.minor;
}

/**
 * The most we write: below 10^15 hundredths a decimal has at most 15 significant digits, so the
 * number built from its text stringifies (JSON.stringify) back to exactly that text.
 */
const maxExact = 1e15;

/**
 * 123450 → 1234.5, written by JSON.stringify as `1234.5`: the number is built from the exact
 * decimal text "1234.50", so the JSON carries that decimal exactly. Sage's Swagger types these
 * fields as numbers, so a number is what we send.
 */
export function hundredthsToDecimal(minor: number): number {
  if (!Number.isSafeInteger(minor) || Math.abs(minor) >= maxExact) {
    throw new RangeError(`an amount for Sage must be a whole number of pence below 10^15, got ${minor}`);
  }
  const digits = String(Math.abs(minor)).padStart(3, '0');
  return Number(`${minor < 0 ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`);
}
