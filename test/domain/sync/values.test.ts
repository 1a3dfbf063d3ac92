import { describe, expect, it } from 'vitest';
import { identicalValue, isEmptyValue, sameValue } from '../../../domain/sync/values.js';

describe('comparing synced values', () => {
  it('reads absent, null, empty text, empty lists and empty objects all as nothing', () => {
    for (const v of [undefined, null, '', [], {}, { line1: '' }, [null, '']]) expect(isEmptyValue(v), JSON.stringify(v)).toBe(true);
    for (const v of [0, false, 'x', ['a'], { city: 'Leeds' }]) expect(isEmptyValue(v), JSON.stringify(v)).toBe(false);
  });

  it('compares objects by their filled-in keys, in any order, and lists in any order', () => {
    expect(sameValue({ a: 1, b: '' }, { a: 1 })).toBe(true);
    expect(sameValue({ b: { y: 1, x: 2 }, a: 1 }, { a: 1, b: { x: 2, y: 1 } })).toBe(true);
    expect(sameValue(['x', 'y'], ['y', 'x'])).toBe(true);
    expect(sameValue(['x'], ['x', 'x'])).toBe(false);
    expect(sameValue(1, '1')).toBe(false);
    expect(sameValue(new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T00:00:00Z'))).toBe(true);
  });

  it('for storing, tells null from absent and keeps list order, but not key order', () => {
    expect(identicalValue({ a: null }, {})).toBe(false);
    expect(identicalValue({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true);
    expect(identicalValue(['x', 'y'], ['y', 'x'])).toBe(false);
  });
});
