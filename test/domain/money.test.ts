import { describe, expect, it } from 'vitest';
import { divideRounded, formatMoney, money, parseMoney } from '../../domain/shared/money.js';

describe('money', () => {
  it.each([
    ['1250', 125000],
    ['1,250.5', 125050],
    ['£0.07', 7],
    ['-12.34', -1234],
  ])('parses %s into %i minor units without a float', (input, minor) => {
    expect(parseMoney(input, 'GBP')).toEqual({ ok: true, value: { minor, currency: 'GBP' } });
  });

  it.each(['12.345', 'abc', '1.2.3', ''])('refuses %j with a reason', (input) => {
    const result = parseMoney(input, 'GBP');

    expect(result.ok).toBe(false);
  });

  it('rounds half away from zero', () => {
    expect([divideRounded(5n, 2n), divideRounded(-5n, 2n), divideRounded(4n, 3n), divideRounded(-7n, 4n)]).toEqual([3n, -3n, 1n, -2n]);
  });

  it('formats with a symbol and thousands separators', () => {
    expect(formatMoney(money(123456789, 'GBP'))).toBe('£1,234,567.89');
    expect(formatMoney(money(-5, 'USD'))).toBe('-$0.05');
  });

  it('refuses a fractional number of minor units', () => {
    expect(() => money(1.5, 'GBP')).toThrow(RangeError);
  });
});
