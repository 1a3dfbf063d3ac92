/**
 * Sage's decimals, handled exactly. Requests may carry amounts as JSON numbers or strings; they are
 * read digit by digit into scaled integers (never through float arithmetic). Responses carry them as
 * strings the way Sage's Rails API serialises a BigDecimal ("2000.0", "120.5", "99.99"), as recorded
 * responses show; a client must read both forms.
 */
import { divideRounded } from '../../domain/shared/money.js';

/** A decimal as an integer count of 10^-scale units. */
export type Scaled = { readonly units: bigint; readonly scale: number };

export type DecimalProblem = 'not-a-number' | 'too-precise';

/**
 * Reads 12, 12.5, "12.50" or "-3" at `scale` decimal places. A JSON number arrives as the shortest
 * text that round-trips (69.9 → "69.9"), so reading its text is exact; exponent forms are refused.
 */
export const readDecimal = (value: unknown, scale: number): Scaled | DecimalProblem => {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : typeof value === 'string' ? value.trim() : '';
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return 'not-a-number';
  const [, sign, whole = '0', fraction = ''] = match;
  const significant = fraction.replace(/0+$/, '');
  if (significant.length > scale) return 'too-precise';
  const units = BigInt(whole) * 10n ** BigInt(scale) + BigInt(significant.padEnd(scale, '0') || '0');
  return { units: sign ? -units : units, scale };
};

/** How finely the sandbox reads quantities and unit prices (money amounts are read in pence). */
export const quantityScale = 6;

/** A decimal the sandbox stored itself, so known to be well formed. */
export const storedDecimal = (text: string, scale: number): bigint => {
  const v = readDecimal(text, scale);
  if (typeof v === 'string') throw new Error(`stored decimal "${text}" is ${v}`);
  return v.units;
};

export const isDecimal = (v: Scaled | DecimalProblem): v is Scaled => typeof v !== 'string';

/** Rescales to fewer places, rounding half away from zero (the codebase's one rounding rule). */
export const rescale = (v: Scaled, scale: number): bigint =>
  scale >= v.scale ? v.units * 10n ** BigInt(scale - v.scale) : divideRounded(v.units, 10n ** BigInt(v.scale - scale));

/** Sage's response form: trailing zeros dropped, at least one decimal ("120.0", "120.5", "0.25"). */
export const showDecimal = (units: bigint | number, scale = 2): string => {
  const n = BigInt(units);
  const abs = n < 0n ? -n : n;
  const digits = abs.toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale).replace(/0+$/, '') || '0';
  return `${n < 0n ? '-' : ''}${whole}.${fraction}`;
};

/** Two fixed decimals, as Sage names a rate ("Standard 20.00%"): 1350 → "13.50". */
export const fixedTwo = (hundredths: number): string => `${Math.trunc(hundredths / 100)}.${String(Math.abs(hundredths) % 100).padStart(2, '0')}`;

/** Pence in a record (a safe integer) from a bigint the sandbox computed. */
export const toPence = (units: bigint): number => {
  if (units > BigInt(Number.MAX_SAFE_INTEGER) || units < -BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError('amount is too large');
  return Number(units);
};
