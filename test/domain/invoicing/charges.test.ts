import { describe, expect, it } from 'vitest';
import type { RecurringSchedule, ScheduleId } from '../../../domain/billing/schedule.js';
import { dueCharges, isLastPeriod, missingCharges, periodsUntil } from '../../../domain/invoicing/charges.js';
import { chargeKey } from '../../../domain/invoicing/ports.js';
import type { RecurringEnd } from '../../../domain/proposals/service.js';
import type { Frequency } from '../../../domain/shared/calendar.js';
import { completionSchedule, recurringSchedule, upfrontSchedule } from '../../builders/schedules.js';

const every = (frequency: Frequency, startsOn: string, end: RecurringEnd = { kind: 'never' }): RecurringSchedule =>
  recurringSchedule({ frequency, startsOn, end });

describe('recurring period dates on the practice invoice day', () => {
  it.each<[string, Frequency, string, number, string, string[]]>([
    ['starts on the invoice day itself', 'monthly', '2026-03-01', 1, '2026-05-31', ['2026-03-01', '2026-04-01', '2026-05-01']],
    ['starts after the invoice day: first bill next month', 'monthly', '2026-03-02', 1, '2026-05-31', ['2026-04-01', '2026-05-01']],
    ['starts before the invoice day: first bill this month', 'monthly', '2026-03-02', 15, '2026-05-31', ['2026-03-15', '2026-04-15', '2026-05-15']],
    ['invoice day 31 keeps each month end', 'monthly', '2026-01-10', 31, '2026-05-31', ['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30', '2026-05-31']],
    ['invoice day 31 in a leap year', 'monthly', '2028-01-31', 31, '2028-03-31', ['2028-01-31', '2028-02-29', '2028-03-31']],
    ['invoice day 31 counts 28 February as the 31st', 'monthly', '2026-02-28', 31, '2026-03-31', ['2026-02-28', '2026-03-31']],
    ['invoice day 30 after February', 'monthly', '2026-02-01', 30, '2026-04-30', ['2026-02-28', '2026-03-30', '2026-04-30']],
    ['invoice day 29 in a common and a leap February', 'monthly', '2027-12-30', 29, '2028-03-31', ['2028-01-29', '2028-02-29', '2028-03-29']],
    ['invoice day 29 in a common February', 'monthly', '2027-02-01', 29, '2027-03-31', ['2027-02-28', '2027-03-29']],
    ['quarterly from a 31st', 'quarterly', '2026-01-15', 31, '2027-01-31', ['2026-01-31', '2026-04-30', '2026-07-31', '2026-10-31', '2027-01-31']],
    ['yearly from 29 February', 'yearly', '2028-02-01', 29, '2032-12-31', ['2028-02-29', '2029-02-28', '2030-02-28', '2031-02-28', '2032-02-29']],
    ['yearly from a 31st', 'yearly', '2026-03-05', 31, '2028-12-31', ['2026-03-31', '2027-03-31', '2028-03-31']],
    ['yearly over a year end', 'yearly', '2026-12-20', 1, '2029-01-31', ['2027-01-01', '2028-01-01', '2029-01-01']],
    ['weekly from the start, whatever the invoice day', 'weekly', '2026-12-28', 15, '2027-01-17', ['2026-12-28', '2027-01-04', '2027-01-11']],
  ])('%s', (_name, frequency, startsOn, invoiceDay, until, dates) => {
    expect(periodsUntil(every(frequency, startsOn), until, invoiceDay)).toEqual(dates);
  });

  it.each<[string, RecurringEnd, string[]]>([
    ['never ends', { kind: 'never' }, ['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30']],
    ['ends after 2 occurrences', { kind: 'after', occurrences: 2 }, ['2026-01-31', '2026-02-28']],
    ['ends on a period date, which is billed', { kind: 'on-date', date: '2026-03-31' }, ['2026-01-31', '2026-02-28', '2026-03-31']],
    ['ends the day before a period date, which is not', { kind: 'on-date', date: '2026-03-30' }, ['2026-01-31', '2026-02-28']],
  ])('a schedule that %s', (_name, end, dates) => {
    expect(periodsUntil(every('monthly', '2026-01-31', end), '2026-04-30', 31)).toEqual(dates);
  });

  it('knows the last period of a schedule that ends, and that one that never ends has none', () => {
    const twice = every('monthly', '2026-01-31', { kind: 'after', occurrences: 2 });
    const untilMarch = every('monthly', '2026-01-31', { kind: 'on-date', date: '2026-03-31' });

    expect([isLastPeriod(twice, '2026-01-31', 31), isLastPeriod(twice, '2026-02-28', 31)]).toEqual([false, true]);
    expect([isLastPeriod(untilMarch, '2026-02-28', 31), isLastPeriod(untilMarch, '2026-03-31', 31)]).toEqual([false, true]);
    expect(isLastPeriod(every('monthly', '2026-01-31'), '2036-01-31', 31)).toBe(false);
  });

  it('refuses an invoice day that is not a day of the month', () => {
    expect(() => periodsUntil(every('monthly', '2026-01-01'), '2026-02-01', 0)).toThrow(RangeError);
    expect(() => periodsUntil(every('monthly', '2026-01-01'), '2026-02-01', 32)).toThrow(RangeError);
  });
});

describe('charges due by a day', () => {
  it('charges an upfront schedule once on its due day, and nothing once invoiced', () => {
    expect(dueCharges(upfrontSchedule(), '2026-03-02', 1)).toEqual([{ scheduleId: 'up', period: 'once', invoiceDate: '2026-03-02' }]);
    expect(dueCharges(upfrontSchedule({ status: 'invoiced' }), '2026-03-02', 1)).toEqual([]);
  });

  it('charges an on-completion schedule on the day it was marked complete, and nothing while pending', () => {
    expect(dueCharges(completionSchedule(), '2026-06-01', 1)).toEqual([]);
    expect(dueCharges(completionSchedule({ status: 'due', completedOn: '2026-05-20' }), '2026-06-01', 1))
      .toEqual([{ scheduleId: 'done', period: 'once', invoiceDate: '2026-05-20' }]);
  });

  it('charges each recurring period up to today, dated on its period, and nothing once ended', () => {
    expect(dueCharges(recurringSchedule(), '2026-05-01', 1)).toEqual([
      { scheduleId: 'rec', period: '2026-04-01', invoiceDate: '2026-04-01' }, { scheduleId: 'rec', period: '2026-05-01', invoiceDate: '2026-05-01' },
    ]);
    expect(dueCharges(recurringSchedule({ status: 'ended' }), '2026-05-01', 1)).toEqual([]);
  });
});

describe('the reconciler', () => {
  it('bills each day of a week the bot missed exactly once, oldest first', () => {
    const weekly = recurringSchedule({ id: 'w' as ScheduleId, frequency: 'weekly', startsOn: '2026-03-02' });
    const billed = new Set([chargeKey('w', '2026-03-02')]);

    const missing = missingCharges([weekly], billed, '2026-03-24', 1);

    expect(missing.map((m) => m.charge.period)).toEqual(['2026-03-09', '2026-03-16', '2026-03-23']);
    expect(missing.every((m) => m.schedule === weekly)).toBe(true);
  });

  it('bills nothing twice: a second run with the first run\'s charges billed finds none', () => {
    const schedules = [recurringSchedule(), upfrontSchedule()];
    const first = missingCharges(schedules, new Set(), '2026-05-01', 1);

    const second = missingCharges(schedules, new Set(first.map((m) => chargeKey(m.charge.scheduleId, m.charge.period))), '2026-05-01', 1);

    expect(first.map((m) => [m.charge.scheduleId, m.charge.period])).toEqual([['up', 'once'], ['rec', '2026-04-01'], ['rec', '2026-05-01']]);
    expect(second).toEqual([]);
  });
});
