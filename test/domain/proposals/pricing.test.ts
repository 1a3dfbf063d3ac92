import { describe, expect, it } from 'vitest';
import { formatSpan, priceLine, totalsOf, unpriceable } from '../../../domain/proposals/pricing.js';
import type { PriceType, TaxMode } from '../../../domain/proposals/service.js';
import { line, monthlyLine, vat20, zeroRated } from '../../builders/proposals.js';

const rate = (basisPoints: number) => ({ code: 'r', name: 'r', basisPoints });

describe('priceLine', () => {
  it.each<[string, PriceType, number, TaxMode, number, [number, number, number]]>([
    ['fixed, exclusive', { kind: 'fixed', amount: 100000 }, 1, 'exclusive', 2000, [100000, 20000, 120000]],
    ['fixed × 3', { kind: 'fixed', amount: 3333 }, 3, 'exclusive', 2000, [9999, 2000, 11999]],
    ['VAT half a penny rounds away from zero', { kind: 'fixed', amount: 1234 }, 1, 'exclusive', 1750, [1234, 216, 1450]],
    ['VAT just under half rounds down', { kind: 'fixed', amount: 1002 }, 1, 'exclusive', 2000, [1002, 200, 1202]],
    ['VAT exactly half a penny rounds up', { kind: 'fixed', amount: 1025 }, 1, 'exclusive', 2000, [1025, 205, 1230]],
    ['VAT 0.5p at 5% rounds up', { kind: 'fixed', amount: 10 }, 1, 'exclusive', 500, [10, 1, 11]],
    ['inclusive £120 at 20% is £100 + £20', { kind: 'fixed', amount: 12000 }, 1, 'inclusive', 2000, [10000, 2000, 12000]],
    ['inclusive keeps the typed gross', { kind: 'fixed', amount: 9999 }, 1, 'inclusive', 2000, [8332, 1667, 9999]],
    ['inclusive at 0% is all net', { kind: 'fixed', amount: 5000 }, 1, 'inclusive', 0, [5000, 0, 5000]],
    ['per unit above the minimum', { kind: 'per-unit', unitLabel: 'employee', unitPrice: 1200, minimum: 6000 }, 12, 'exclusive', 2000, [14400, 2880, 17280]],
    ['per unit below the minimum charges the minimum', { kind: 'per-unit', unitLabel: 'employee', unitPrice: 1200, minimum: 6000 }, 3, 'exclusive', 2000, [6000, 1200, 7200]],
    ['per unit minimum, inclusive', { kind: 'per-unit', unitLabel: 'employee', unitPrice: 1200, minimum: 6000 }, 2, 'inclusive', 2000, [5000, 1000, 6000]],
    ['per unit with a fractional quantity rounds the line once', { kind: 'per-unit', unitLabel: 'unit', unitPrice: 333 }, 2.5, 'exclusive', 2000, [833, 167, 1000]],
    ['hourly 2.5 hours at £90', { kind: 'hourly', hourlyRate: 9000 }, 2.5, 'exclusive', 2000, [22500, 4500, 27000]],
  ])('%s', (_name, price, quantity, taxMode, bp, [net, vat, gross]) => {
    const priced = priceLine(line({ price, quantity, taxMode, taxRate: rate(bp) }));

    expect(priced.low).toEqual({ net, vat, gross });
    expect(priced.high).toEqual(priced.low);
  });

  it('prices a range as exact low and high ends and flags it as an estimate', () => {
    const priced = priceLine(line({ price: { kind: 'range', min: 50000, max: 90000 } }));

    expect(priced.low).toEqual({ net: 50000, vat: 10000, gross: 60000 });
    expect(priced.high).toEqual({ net: 90000, vat: 18000, gross: 108000 });
    expect(priced.estimate).toBe(true);
    expect(formatSpan(priced, 'GBP')).toBe('£600.00–£1,080.00');
  });

  it('flags hourly work as an estimate and fixed work as firm', () => {
    expect(priceLine(line({ price: { kind: 'hourly', hourlyRate: 100 } })).estimate).toBe(true);
    expect(priceLine(line()).estimate).toBe(false);
  });

  it('refuses a quantity with more than three decimal places', () => {
    expect(() => priceLine(line({ quantity: 1.0005 }))).toThrow(RangeError);
  });
});

describe('totalsOf', () => {
  it('splits totals by billing type and per recurring period, leaving included lines out', () => {
    const totals = totalsOf([
      line({ id: 'a' }),
      line({ id: 'b', billing: { kind: 'on-completion' }, price: { kind: 'fixed', amount: 50000 } }),
      monthlyLine({ id: 'c' }),
      monthlyLine({ id: 'd', price: { kind: 'fixed', amount: 1001 } }),
      monthlyLine({ id: 'e', billing: { kind: 'recurring', frequency: 'yearly', start: { kind: 'on-acceptance' }, end: { kind: 'never' } } }),
      line({ id: 'f', included: true, price: { kind: 'fixed', amount: 99999 } }),
      line({ id: 'g', taxRate: zeroRated, price: { kind: 'fixed', amount: 700 } }),
    ]);

    expect(totals.oneOff.low).toEqual({ net: 100700, vat: 20000, gross: 120700 });
    expect(totals.onCompletion.low).toEqual({ net: 50000, vat: 10000, gross: 60000 });
    expect(totals.recurring.monthly?.low).toEqual({ net: 26001, vat: 5200, gross: 31201 });
    expect(totals.recurring.yearly?.low).toEqual({ net: 25000, vat: 5000, gross: 30000 });
    expect(totals.recurring.weekly).toBeUndefined();
    expect(totals.estimate).toBe(false);
  });

  it('adds VAT per line, so the total VAT is the sum of rounded line VAT', () => {
    const lines = [1, 2, 3].map((n) => line({ id: `x${n}`, price: { kind: 'fixed', amount: 1025 }, taxRate: vat20 }));

    const totals = totalsOf(lines);

    expect(totals.oneOff.low).toEqual({ net: 3075, vat: 615, gross: 3690 });
  });
});

describe('unpriceable', () => {
  it('explains a total too large to price exactly instead of losing pennies', () => {
    expect(unpriceable(line({ price: { kind: 'fixed', amount: 9_000_000_000_000_000 }, quantity: 999_999 }))).toBe('amount is too large to price exactly');
    expect(unpriceable(line())).toBeNull();
  });
});
