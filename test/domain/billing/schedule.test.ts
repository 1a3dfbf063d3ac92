import { describe, expect, it } from 'vitest';
import { calendarDateIn, isCalendarDate, nextDayOfMonth, nthPeriod } from '../../../domain/shared/calendar.js';
import { markComplete, schedulesFor } from '../../../domain/billing/schedule.js';
import type { AcceptedSnapshot } from '../../../domain/proposals/acceptance.js';
import { totalsOf } from '../../../domain/proposals/pricing.js';
import type { ProposalId } from '../../../domain/proposals/proposal.js';
import { asId } from '../../../domain/shared/ids.js';
import { line, monthlyLine } from '../../builders/proposals.js';

const lines = [
  line({ id: 'up' }),
  line({ id: 'done', billing: { kind: 'on-completion' }, price: { kind: 'hourly', hourlyRate: 9000 }, quantity: 4 }),
  monthlyLine({ id: 'rec' }),
  monthlyLine({ id: 'later', billing: { kind: 'recurring', frequency: 'quarterly', start: { kind: 'on-date', date: '2026-04-01' }, end: { kind: 'after', occurrences: 4 } } }),
  line({ id: 'free', included: true }),
];
const snapshot: AcceptedSnapshot = {
  title: 'T', coverLetter: '', clientName: 'Acme', practiceName: 'P', currency: 'GBP', tier: { id: 't', name: 'Gold' },
  lines, addOns: [], totals: totalsOf(lines), terms: '',
};
let n = 0;
const make = () => schedulesFor({
  practiceId: asId('pr1'), proposalId: 'p1' as ProposalId, proposalNumber: 1, clientId: asId('c1'), snapshot,
  acceptedOn: '2026-03-02', acceptedAt: new Date('2026-03-02T10:00:00Z'),
}, () => `s${++n}`);

describe('billing schedules from an accepted proposal', () => {
  it('creates one per billable line: upfront due now, on-completion pending, recurring from its start', () => {
    const schedules = make();

    expect(schedules.map((s) => [s.line.id, s.kind, s.status])).toEqual([
      ['up', 'upfront', 'due'], ['done', 'on-completion', 'pending'], ['rec', 'recurring', 'active'], ['later', 'recurring', 'active'],
    ]);
    expect(schedules[0]).toMatchObject({ dueOn: '2026-03-02', amount: { low: { gross: 120000 } } });
    expect(schedules[1]?.needsConfirmation).toBe(true);
    expect(schedules[2]).toMatchObject({ startsOn: '2026-03-02', frequency: 'monthly' });
    expect(schedules[3]).toMatchObject({ startsOn: '2026-04-01', frequency: 'quarterly' });
  });

  it('starts on acceptance when a fixed start date has already passed', () => {
    const past = { ...snapshot, lines: [monthlyLine({ billing: { kind: 'recurring', frequency: 'monthly', start: { kind: 'on-date', date: '2026-01-01' }, end: { kind: 'never' } } })] };

    const [s] = schedulesFor({ practiceId: asId('pr1'), proposalId: 'p1' as ProposalId, proposalNumber: 1, clientId: asId('c1'), snapshot: past, acceptedOn: '2026-03-02', acceptedAt: new Date() }, () => 'x');

    expect(s).toMatchObject({ startsOn: '2026-03-02' });
  });

  it('makes an on-completion bill due when the service is marked complete, once', () => {
    const pending = make()[1]!;

    const done = markComplete(pending, '2026-05-01', 'Ann');
    const again = done.ok ? markComplete(done.value, '2026-05-02', 'Bob') : done;

    expect(done).toMatchObject({ ok: true, value: { status: 'due', completedOn: '2026-05-01', completedBy: 'Ann' } });
    expect(again).toMatchObject({ ok: false, error: { kind: 'already-complete', completedOn: '2026-05-01' } });
    expect(markComplete(make()[0]!, '2026-05-01', 'Ann')).toMatchObject({ ok: false, error: { kind: 'not-on-completion' } });
  });
});

describe('calendar', () => {
  it.each([
    ['2026-01-31', 'monthly', 1, '2026-02-28'], ['2024-01-31', 'monthly', 1, '2024-02-29'], ['2026-11-15', 'quarterly', 1, '2027-02-15'],
    ['2026-12-28', 'weekly', 1, '2027-01-04'], ['2024-02-29', 'yearly', 1, '2025-02-28'],
  ] as const)('%s + %s × %i = %s', (from, f, k, to) => {
    expect(nthPeriod(from, f, k)).toBe(to);
  });

  it('aims at a given day of the month, even from an anchor a short month cut, and finds the next such day', () => {
    expect([nthPeriod('2026-02-28', 'monthly', 1, 31), nthPeriod('2026-02-28', 'quarterly', 1, 30), nthPeriod('2026-02-28', 'weekly', 1, 31)])
      .toEqual(['2026-03-31', '2026-05-30', '2026-03-07']);
    expect([nextDayOfMonth('2026-02-10', 31), nextDayOfMonth('2026-03-02', 1), nextDayOfMonth('2026-12-20', 5)]).toEqual(['2026-02-28', '2026-04-01', '2027-01-05']);
  });

  it('checks real dates and finds the local day of an instant', () => {
    expect([isCalendarDate('2026-02-29'), isCalendarDate('2028-02-29'), isCalendarDate('2026-1-01')]).toEqual([false, true, false]);
    expect(calendarDateIn(new Date('2026-03-01T23:30:00Z'), 'Europe/Paris')).toBe('2026-03-02');
  });
});
