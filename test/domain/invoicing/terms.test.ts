import { describe, expect, it } from 'vitest';
import { defaultInvoiceTerms, dueDate, termDaysError } from '../../../domain/invoicing/terms.js';

describe('invoice due dates from the terms', () => {
  const terms = { manualDays: 7, automaticDays: 30 };

  it.each([
    ['upfront', '2026-03-02', '2026-03-09'], ['on-completion', '2026-03-02', '2026-03-09'], ['instant', '2026-12-28', '2027-01-04'],
    ['recurring', '2026-01-31', '2026-03-02'],
  ] as const)('makes a %s invoice dated %s due on %s', (kind, date, due) => {
    expect(dueDate(kind, date, terms)).toBe(due);
  });

  it('makes an invoice due the same day when its terms are 0 days', () => {
    const now = { manualDays: 0, automaticDays: 0 };

    expect([dueDate('upfront', '2026-03-02', now), dueDate('recurring', '2026-04-01', now)]).toEqual(['2026-03-02', '2026-04-01']);
  });

  it('gives fourteen days by default, and accepts only whole days from 0 to 365', () => {
    expect(dueDate('recurring', '2026-04-01', defaultInvoiceTerms)).toBe('2026-04-15');
    expect([0, 14, 365].map(termDaysError)).toEqual([null, null, null]);
    expect([-1, 1.5, 366, Number.NaN].every((d) => termDaysError(d)?.includes('0 (due the same day) to 365'))).toBe(true);
  });
});
