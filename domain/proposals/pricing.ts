import { divideRounded, formatMoney, money } from '../shared/money.js';
import type { Frequency } from '../shared/calendar.js';
import { isEstimate, type Offering } from './service.js';

/**
 * THE ROUNDING RULE (one rule, applied in this order, all in integer minor units via divideRounded,
 * i.e. half away from zero):
 *  1. Line amount = unit price × quantity, rounded once to a whole minor unit. Quantities have at most
 *     3 decimal places (2.5 hours, 0.25 of a year).
 *  2. A per-unit minimum raises the line amount to the minimum.
 *  3. VAT is computed per line from the rounded line amount:
 *     exclusive prices: vat = round(net × rate); gross = net + vat.
 *     inclusive prices: vat = round(gross × rate / (1 + rate)); net = gross − vat, so the gross the
 *     firm typed is exactly what the client pays.
 *  4. Totals are sums of the rounded lines; nothing is rounded again. This matches how a ledger
 *     (Sage) adds up invoice lines, so the proposal and the invoice agree to the penny.
 */
export type Amounts = { readonly net: number; readonly vat: number; readonly gross: number };
/** Low and high are equal except for price ranges; both are exact. */
export type Span = { readonly low: Amounts; readonly high: Amounts };
export type LinePrice = Span & { readonly estimate: boolean; readonly included: boolean };

export type PricedLine = Offering & { readonly quantity: number };

const milli = (quantity: number): bigint => {
  const scaled = Math.round(quantity * 1000);
  if (!Number.isSafeInteger(scaled) || Math.abs(quantity * 1000 - scaled) > 1e-6) {
    throw new RangeError(`quantity must have at most 3 decimal places, got ${quantity}`);
  }
  return BigInt(scaled);
};

const extend = (unit: number, quantity: number): bigint => divideRounded(BigInt(unit) * milli(quantity), 1000n);

const safe = (n: bigint): number => {
  if (n > BigInt(Number.MAX_SAFE_INTEGER) || n < -BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError('amount is too large to price exactly');
  return Number(n);
};

const withTax = (entered: bigint, line: Offering): Amounts => {
  const bp = BigInt(line.taxRate.basisPoints);
  if (line.taxMode === 'exclusive') {
    const vat = divideRounded(entered * bp, 10000n);
    return { net: safe(entered), vat: safe(vat), gross: safe(entered + vat) };
  }
  const vat = divideRounded(entered * bp, 10000n + bp);
  return { net: safe(entered - vat), vat: safe(vat), gross: safe(entered) };
};

/** The entered (pre-tax-split) low and high line amounts, before VAT. */
const entered = (line: PricedLine): [bigint, bigint] => {
  const p = line.price;
  switch (p.kind) {
    case 'fixed': { const a = extend(p.amount, line.quantity); return [a, a]; }
    case 'hourly': { const a = extend(p.hourlyRate, line.quantity); return [a, a]; }
    case 'range': return [extend(p.min, line.quantity), extend(p.max, line.quantity)];
    case 'per-unit': {
      const raw = extend(p.unitPrice, line.quantity);
      const a = p.minimum !== undefined && raw < BigInt(p.minimum) ? BigInt(p.minimum) : raw;
      return [a, a];
    }
  }
};

export const priceLine = (line: PricedLine): LinePrice => {
  if (line.quantity < 0) throw new RangeError('quantity cannot be negative');
  const [low, high] = entered(line);
  return { low: withTax(low, line), high: withTax(high, line), estimate: isEstimate(line.price), included: line.included };
};

/** Why a line can't be priced exactly (a quantity with too many decimals, an absurd total), or null. */
export const unpriceable = (line: PricedLine): string | null => {
  try {
    priceLine(line);
    return null;
  } catch (e) {
    return e instanceof RangeError ? e.message : 'the line cannot be priced';
  }
};

export const noAmounts: Amounts = { net: 0, vat: 0, gross: 0 };
const plus = (a: Amounts, b: Amounts): Amounts => ({ net: a.net + b.net, vat: a.vat + b.vat, gross: a.gross + b.gross });
export const addSpans = (a: Span, b: Span): Span => ({ low: plus(a.low, b.low), high: plus(a.high, b.high) });
export const noSpan: Span = { low: noAmounts, high: noAmounts };

/** What the client pays, split the way they will be billed. Included lines count towards nothing. */
export type Totals = {
  readonly oneOff: Span;
  readonly onCompletion: Span;
  readonly recurring: Readonly<Partial<Record<Frequency, Span>>>;
  /** True when any counted line is an estimate (hourly or range) to be confirmed before billing. */
  readonly estimate: boolean;
};

export const totalsOf = (lines: readonly PricedLine[]): Totals => {
  let oneOff = noSpan, onCompletion = noSpan, estimate = false;
  const recurring: Partial<Record<Frequency, Span>> = {};
  for (const line of lines) {
    if (line.included) continue;
    const price = priceLine(line);
    estimate ||= price.estimate;
    const b = line.billing;
    if (b.kind === 'upfront') oneOff = addSpans(oneOff, price);
    else if (b.kind === 'on-completion') onCompletion = addSpans(onCompletion, price);
    else recurring[b.frequency] = addSpans(recurring[b.frequency] ?? noSpan, price);
  }
  return { oneOff, onCompletion, recurring, estimate };
};

export const isZero = (s: Span): boolean => s.high.gross === 0 && s.low.gross === 0;

/** "£1,200.00" or "£1,000.00–£1,500.00" for a range. */
export const formatSpan = (s: Span, currency: string, part: keyof Amounts = 'gross'): string => {
  const low = formatMoney(money(s.low[part], currency));
  return s.low[part] === s.high[part] ? low : `${low}–${formatMoney(money(s.high[part], currency))}`;
};

export const periodNoun: Record<Frequency, string> = { weekly: 'week', monthly: 'month', quarterly: 'quarter', yearly: 'year' };
