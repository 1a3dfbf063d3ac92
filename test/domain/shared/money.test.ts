import { describe, expect, it } from 'vitest';
import { divideRounded, formatMoney, money, parseMoney } from '../../../domain/shared/money.js';

describe('money', () => {
  it.each([
    ['1250', 125000],
    ['1,250.5', 125050],
    ['£0.07', 7],
    ['-12.34', -1234],
    ['1,250.00', 125000],
    ['1250.50', 125050],
    ['12,345,678', 1234567800],
  ])('parses %s into %i minor units without a float', (input, minor) => {
    expect(parseMoney(input, 'GBP')).toEqual({ ok: true, value: { minor, currency: 'GBP' } });
  });

  it.each(['12.345', 'abc', '1.2.3', ''])('refuses %j with a reason', (input) => {
    const result = parseMoney(input, 'GBP');

    expect(result.ok).toBe(false);
  });

  it.each(['12,50', '1,2345', '1,23,456', '1234,567', ',250', '1,250,', '0,5'])('refuses %j: a comma only separates thousands', (input) => {
    const result = parseMoney(input, 'GBP');

    expect(result).toMatchObject({ ok: false, error: { kind: 'invalid-amount', reason: expect.stringContaining('1250.50 or 1,250.00') } });
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
