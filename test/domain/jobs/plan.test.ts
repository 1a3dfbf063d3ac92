import { describe, expect, it } from 'vitest';
import type { RecurringSchedule } from '../../../domain/billing/schedule.js';
import { dueCharges } from '../../../domain/invoicing/charges.js';
import { jobKey } from '../../../domain/jobs/job.js';
import { defaultOneOffDays, dueJobs, missingJobs, templateFor, type JobCalendar, type LinkedTemplates } from '../../../domain/jobs/plan.js';
import type { RecurringEnd, ServiceId } from '../../../domain/proposals/service.js';
import type { Frequency } from '../../../domain/shared/calendar.js';
import { line, monthlyLine } from '../../builders/proposals.js';
import { completionSchedule, recurringSchedule, upfrontSchedule } from '../../builders/schedules.js';

const calendar: JobCalendar = { invoiceDay: 1, timeZone: 'Europe/London', oneOffDays: defaultOneOffDays };
const svc = (id: string) => id as ServiceId;
/** Every service in these tests links to its own template unless a test says otherwise. */
const linked: LinkedTemplates = new Map([['svc-accounts', 'tpl-accounts'], ['svc-books', 'tpl-books'], ['svc-handbook', 'tpl-handbook']]);

const accounts = () => upfrontSchedule({}, line({ serviceId: svc('svc-accounts'), description: 'Your **statutory** accounts:\n\n- filed on time' }));
const handbook = (over = {}) => completionSchedule(over, line({ id: 'l2', serviceId: svc('svc-handbook'), name: 'Handbook', billing: { kind: 'on-completion' } }));
const books = (frequency: Frequency = 'monthly', end: RecurringEnd = { kind: 'never' }, over: Partial<RecurringSchedule> = {}) =>
  recurringSchedule({ frequency, end, ...over }, monthlyLine({ serviceId: svc('svc-books') }));

describe('one-off services', () => {
  it('make exactly one job from the acceptance day, with the service, client, template and marker', () => {
    const jobs = dueJobs(accounts(), linked, '2026-06-15', calendar);

    expect(jobs).toEqual([{
      practiceId: 'pr1', scheduleId: 'up', period: 'once', proposalId: 'p1', clientId: 'c1',
      name: 'Year-end accounts', description: 'Your statutory accounts:\n\n- filed on time',
      startDate: '2026-03-02', dueDate: '2026-04-01', templateId: 'tpl-accounts', marker: 'P-1-l1-once',
    }]);
  });

  it('make one job for an on-completion service on the local day it was accepted, before anyone completes it', () => {
    const acceptedLateUtc = handbook({ createdAt: new Date('2026-03-01T20:00:00Z') });

    const jobs = dueJobs(acceptedLateUtc, linked, '2026-03-02', { ...calendar, timeZone: 'Pacific/Auckland', oneOffDays: 14 });

    expect(jobs.map((j) => [j.period, j.startDate, j.dueDate, j.marker])).toEqual([['once', '2026-03-02', '2026-03-16', 'P-1-l2-once']]);
  });

  it('keep their one job whatever billing did since: invoiced, completed or due', () => {
    const states = [accounts(), { ...accounts(), status: 'invoiced' as const }, handbook({ status: 'due', completedOn: '2026-05-01' }), handbook({ status: 'invoiced' })];

    const counts = states.map((s) => dueJobs(s, linked, '2026-06-15', calendar).length);

    expect(counts).toEqual([1, 1, 1, 1]);
  });

  it('make none before the day they start', () => {
    expect(dueJobs(accounts(), linked, '2026-03-01', calendar)).toEqual([]);
  });
});

describe('recurring services', () => {
  it('make one job per monthly period up to today, on the dates billing invoices them', () => {
    const s = books();

    const jobs = dueJobs(s, linked, '2026-06-15', calendar);

    expect(jobs.map((j) => j.startDate)).toEqual(dueCharges(s, '2026-06-15', calendar.invoiceDay).map((c) => c.invoiceDate));
    expect(jobs.map((j) => [j.period, j.startDate, j.dueDate, j.marker])).toEqual([
      ['2026-04-01', '2026-04-01', '2026-04-30', 'P-1-m1-20260401'],
      ['2026-05-01', '2026-05-01', '2026-05-31', 'P-1-m1-20260501'],
      ['2026-06-01', '2026-06-01', '2026-06-30', 'P-1-m1-20260601'],
    ]);
  });

  it('make none for a period over before the calendar\'s notBefore, so a late link starts near today, not from the acceptance', () => {
    const jobs = dueJobs(books(), linked, '2026-06-15', { ...calendar, notBefore: '2026-06-08' });

    expect(jobs.map((j) => j.period)).toEqual(['2026-06-01']);
    // A period still running on notBefore keeps its job: a week of missed runs catches up.
    expect(dueJobs(books(), linked, '2026-06-03', { ...calendar, notBefore: '2026-05-27' }).map((j) => j.period)).toEqual(['2026-05-01', '2026-06-01']);
  });

  it.each<[Frequency, number, string, [string, string][]]>([
    ['quarterly', 31, '2027-01-31', [['2026-03-31', '2026-06-29'], ['2026-06-30', '2026-09-29'], ['2026-09-30', '2026-12-30'], ['2026-12-31', '2027-03-30']]],
    ['yearly', 29, '2030-03-01', [['2026-03-29', '2027-03-28'], ['2027-03-29', '2028-03-28'], ['2028-03-29', '2029-03-28'], ['2029-03-29', '2030-03-28']]],
    ['weekly', 15, '2026-03-20', [['2026-03-02', '2026-03-08'], ['2026-03-09', '2026-03-15'], ['2026-03-16', '2026-03-22']]],
  ])('make %s jobs on billing\'s dates, each due the day before the next period', (frequency, invoiceDay, today, slots) => {
    const s = books(frequency);

    const jobs = dueJobs(s, linked, today, { ...calendar, invoiceDay });

    expect(jobs.map((j) => [j.startDate, j.dueDate])).toEqual(slots);
    expect(jobs.map((j) => j.period)).toEqual(dueCharges(s, today, invoiceDay).map((c) => c.period));
  });

  it('stop after the number of periods the end rule allows, the last one running its full period', () => {
    const jobs = dueJobs(books('monthly', { kind: 'after', occurrences: 2 }), linked, '2027-01-15', calendar);

    expect(jobs.map((j) => [j.startDate, j.dueDate])).toEqual([['2026-04-01', '2026-04-30'], ['2026-05-01', '2026-05-31']]);
  });

  it('stop at the end date: a period starting on it is made, one starting after it is not', () => {
    const onDate = dueJobs(books('monthly', { kind: 'on-date', date: '2026-06-01' }), linked, '2027-01-15', calendar);
    const dayBefore = dueJobs(books('monthly', { kind: 'on-date', date: '2026-05-31' }), linked, '2027-01-15', calendar);

    expect(onDate.map((j) => j.period)).toEqual(['2026-04-01', '2026-05-01', '2026-06-01']);
    expect(dayBefore.map((j) => j.period)).toEqual(['2026-04-01', '2026-05-01']);
  });

  it('make none when the end rule allows no period at all, or none has started yet', () => {
    expect(dueJobs(books('monthly', { kind: 'after', occurrences: 0 }), linked, '2027-01-15', calendar)).toEqual([]);
    expect(dueJobs(books('monthly', { kind: 'on-date', date: '2026-03-31' }), linked, '2027-01-15', calendar)).toEqual([]);
    expect(dueJobs(books(), linked, '2026-03-31', calendar)).toEqual([]);
  });

  it('still owe the last period\'s job when billing has already ended the schedule with it', () => {
    const ended = books('monthly', { kind: 'after', occurrences: 2 }, { status: 'ended' });

    const jobs = missingJobs([ended], linked, new Set([jobKey('rec', '2026-04-01')]), '2026-06-15', calendar);

    expect(jobs.map((j) => j.period)).toEqual(['2026-05-01']);
  });
});

describe('services and their templates', () => {
  it('deploy nothing for a service that links to no template', () => {
    const unlinked = upfrontSchedule({}, line({ serviceId: svc('svc-other') }));

    expect(dueJobs(unlinked, linked, '2026-06-15', calendar)).toEqual([]);
    expect(missingJobs([unlinked, books()], new Map(), new Set(), '2026-06-15', calendar)).toEqual([]);
  });

  it('take the service\'s current link over the copy on the accepted line, and the copy for a line with no service', () => {
    const copied = line({ serviceId: svc('svc-accounts'), xpmJobTemplate: 'tpl-old' });
    const adHoc = line({ xpmJobTemplate: 'tpl-own' });

    expect(templateFor(copied, linked)).toBe('tpl-accounts');
    expect(templateFor(copied, new Map([['svc-accounts', null]]))).toBeNull();
    expect(templateFor(copied, new Map())).toBe('tpl-old');
    expect(templateFor(adHoc, linked)).toBe('tpl-own');
    expect(templateFor(line(), linked)).toBeNull();
  });
});

describe('the reconciler', () => {
  const schedules = () => [books(), accounts(), handbook()];

  it('asks for every job due when none was asked for, oldest first, each marker different', () => {
    const jobs = missingJobs(schedules(), linked, new Set(), '2026-05-15', calendar);

    expect(jobs.map((j) => [j.scheduleId, j.period])).toEqual([
      ['done', 'once'], ['up', 'once'], ['rec', '2026-04-01'], ['rec', '2026-05-01'],
    ]);
    expect(new Set(jobs.map((j) => j.marker)).size).toBe(jobs.length);
  });

  it('returns only the periods not yet asked for, so a missed week catches up and a repeated run asks for nothing', () => {
    const asked = new Set([jobKey('up', 'once'), jobKey('done', 'once'), jobKey('rec', '2026-04-01')]);

    const catchUp = missingJobs(schedules(), linked, asked, '2026-07-15', calendar);
    const afterwards = new Set([...asked, ...catchUp.map((j) => jobKey(j.scheduleId, j.period))]);

    expect(catchUp.map((j) => j.period)).toEqual(['2026-05-01', '2026-06-01', '2026-07-01']);
    expect(missingJobs(schedules(), linked, afterwards, '2026-07-15', calendar)).toEqual([]);
  });

  it('never asks twice for one (schedule, period), even when a schedule is listed twice', () => {
    const jobs = missingJobs([books(), books(), accounts(), accounts()], linked, new Set(), '2026-05-15', calendar);

    expect(jobs.map((j) => jobKey(j.scheduleId, j.period))).toEqual([jobKey('up', 'once'), jobKey('rec', '2026-04-01'), jobKey('rec', '2026-05-01')]);
  });

  it('gives the same jobs with the same markers on every run for the same day', () => {
    expect(missingJobs(schedules(), linked, new Set(), '2026-05-15', calendar)).toEqual(missingJobs(schedules(), linked, new Set(), '2026-05-15', calendar));
  });
});
