import { describe, expect, it } from 'vitest';
import { decimalToHundredths, hundredthsToDecimal } from '../../../adapters/sage/money.js';

describe('Sage decimals', () => {
  it('reads decimals sent as strings exactly', () => {
    expect(['0.10', '1234.50', '-5.00', '20.0', '0', '12.3400'].map(decimalToHundredths)).toEqual([10, 123450, -500, 2000, 0, 1234]);
  });

  it('reads decimals sent as JSON numbers exactly, without multiplying a float', () => {
    expect([1234.5, 0.1, 200.02, 1.005e2, 0, -0, 9999999999999.99].map(decimalToHundredths)).toEqual([123450, 10, 20002, 10050, 0, 0, 999999999999999]);
  });

  it('refuses what is not a two-place decimal rather than rounding it', () => {
    expect(['12.345', 'abc', '1,234.50', '£5', '', '1e3'].map(decimalToHundredths)).toEqual([null, null, null, null, null, null]);
    expect([0.1 + 0.2, 1e-7, 1e21, Number.NaN].map(decimalToHundredths)).toEqual([null, null, null, null]);
  });

  it('writes pence as a number whose JSON text is the exact decimal', () => {
    const written = [10, 123450, 20002, -1, 0, 999999999999999].map((p) => JSON.stringify(hundredthsToDecimal(p)));

    expect(written).toEqual(['0.1', '1234.5', '200.02', '-0.01', '0', '9999999999999.99']);
  });

  it('round-trips every amount it writes', () => {
    const amounts = [...Array.from({ length: 20_000 }, (_, i) => i - 10_000), 123456789012345, 999999999999999];

    const misread = amounts.filter((p) => decimalToHundredths(hundredthsToDecimal(p)) !== p);

    expect(misread).toEqual([]);
  });

  it('refuses to write a fraction of a penny or an amount too large to write exactly', () => {
    expect(() => hundredthsToDecimal(1.5)).toThrow(RangeError);
    expect(() => hundredthsToDecimal(1e15)).toThrow(RangeError);
  });
});
