import { describe, expect, it } from 'vitest';
import { movedTooMuch, quantityToBill } from '../../../domain/billing/smart-billing.js';

const at = new Date('2026-02-01T06:00:00Z');
const last = { quantity: 10, at: new Date('2026-01-01T06:00:00Z') };

describe('Smart Billing quantity', () => {
  it('bills the active count with the count and its time as evidence', () => {
    expect(quantityToBill({ ok: true, count: 11, at }, last)).toEqual({ kind: 'bill', quantity: 11, evidence: { count: 11, at, source: 'gusto' } });
  });

  it('holds for approval when Gusto cannot be reached', () => {
    expect(quantityToBill({ ok: false, reason: 'unreachable' }, last)).toEqual({ kind: 'hold', reason: 'gusto-unreachable', lastBilled: last });
  });

  it('holds when the count moved more than the allowed share, suggesting the new count', () => {
    const answer = quantityToBill({ ok: true, count: 13, at }, last, { maxShiftPercent: 20 });

    expect(answer).toMatchObject({ kind: 'hold', reason: 'moved-too-much', suggested: 13 });
  });

  it('treats exactly the allowed share as fine, and any move from zero as a hold', () => {
    expect(movedTooMuch(12, 10, { maxShiftPercent: 20 })).toBe(false);
    expect(movedTooMuch(8, 10, { maxShiftPercent: 20 })).toBe(false);
    expect(movedTooMuch(7, 10, { maxShiftPercent: 20 })).toBe(true);
    expect(movedTooMuch(1, 0, { maxShiftPercent: 20 })).toBe(true);
  });

  it('bills the first invoice without a previous one to compare with', () => {
    expect(quantityToBill({ ok: true, count: 300, at }, undefined)).toMatchObject({ kind: 'bill', quantity: 300 });
  });
});
