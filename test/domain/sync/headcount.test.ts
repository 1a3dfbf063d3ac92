import { describe, expect, it } from 'vitest';
import { calendarDateIn } from '../../../domain/shared/calendar.js';
import { countActive, isActive, type PayrollPerson } from '../../../domain/sync/company-snapshot.js';

const person = (p: Partial<PayrollPerson> = {}): PayrollPerson => ({ onboarded: true, terminationDates: [], terminatedFlag: false, hireDate: '2024-01-01', ...p });
const today = '2026-03-15';

describe('active employee rule', () => {
  it('counts hired, onboarded people with no termination in effect', () => {
    expect(isActive(person(), today)).toBe(true);
  });

  it('leaves out people still onboarding and people whose start date is in the future', () => {
    expect(isActive(person({ onboarded: false }), today)).toBe(false);
    expect(isActive(person({ hireDate: '2026-03-16' }), today)).toBe(false);
    expect(isActive(person({ hireDate: today }), today)).toBe(true);
  });

  it('keeps counting someone until the day after their last working day', () => {
    const leaving = person({ terminatedFlag: true, terminationDates: ['2026-03-15'] });

    expect(isActive(leaving, '2026-03-15')).toBe(true);
    expect(isActive(leaving, '2026-03-16')).toBe(false);
  });

  it('treats a terminated flag without dates as gone, and a rehire (flag cleared) as active', () => {
    expect(isActive(person({ terminatedFlag: true }), today)).toBe(false);
    expect(isActive(person({ terminatedFlag: false, terminationDates: ['2020-01-01'] }), today)).toBe(true);
  });

  it('counts across a list', () => {
    expect(countActive([person(), person({ onboarded: false }), person({ terminatedFlag: true })], today)).toBe(1);
  });

  it('uses the practice zone for the calendar date', () => {
    const at = new Date('2026-03-15T02:00:00Z');

    expect(calendarDateIn(at, 'Europe/London')).toBe('2026-03-15');
    expect(calendarDateIn(at, 'America/New_York')).toBe('2026-03-14');
  });
});
