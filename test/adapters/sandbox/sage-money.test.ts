import { describe, expect, it } from 'vitest';
import { fixedTwo, readDecimal, rescale, showDecimal } from '../../../adapters/sandbox/sage-money.js';

describe('Sage sandbox decimals', () => {
  it('reads numbers and strings digit by digit, never through float arithmetic', () => {
    expect(readDecimal(0.1, 2)).toEqual({ units: 10n, scale: 2 });
    expect(readDecimal('19.990', 2)).toEqual({ units: 1999n, scale: 2 });
    expect(readDecimal(' -3 ', 2)).toEqual({ units: -300n, scale: 2 });
    expect(readDecimal('9007199254740993.25', 2)).toEqual({ units: 900719925474099325n, scale: 2 });
  });

  it('refuses what is not a plain decimal, and digits finer than asked for', () => {
    expect(readDecimal(1e-7, 6)).toBe('not-a-number');
    expect(readDecimal('1,000.00', 2)).toBe('not-a-number');
    expect(readDecimal(true, 2)).toBe('not-a-number');
    expect(readDecimal('0.005', 2)).toBe('too-precise');
  });

  it('rounds half away from zero when it drops places', () => {
    expect(rescale({ units: 49975n, scale: 3 }, 2)).toBe(4998n);
    expect(rescale({ units: -49975n, scale: 3 }, 2)).toBe(-4998n);
    expect(rescale({ units: 5n, scale: 0 }, 2)).toBe(500n);
  });

  it('writes amounts as Sage\'s API does: trailing zeros dropped, one decimal kept', () => {
    expect([showDecimal(12000), showDecimal(12050), showDecimal(12345), showDecimal(5), showDecimal(-250)]).toEqual(['120.0', '120.5', '123.45', '0.05', '-2.5']);
    expect(showDecimal(2_500_000n, 6)).toBe('2.5');
    expect([fixedTwo(2000), fixedTwo(1350), fixedTwo(480)]).toEqual(['20.00', '13.50', '4.80']);
  });
});
