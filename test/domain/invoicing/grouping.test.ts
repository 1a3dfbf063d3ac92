import { describe, expect, it } from 'vitest';
import type { ScheduleId } from '../../../domain/billing/schedule.js';
import { missingCharges } from '../../../domain/invoicing/charges.js';
import { groupCharges } from '../../../domain/invoicing/grouping.js';
import type { ProposalId } from '../../../domain/proposals/proposal.js';
import { asId } from '../../../domain/shared/ids.js';
import { monthlyLine } from '../../builders/proposals.js';
import { recurringSchedule, upfrontSchedule } from '../../builders/schedules.js';

const sid = (id: string) => id as ScheduleId;

describe('grouping due charges into invoices', () => {
  it('puts the charges of one client, proposal, day and kind on one invoice, one line per schedule', () => {
    const bookkeeping = recurringSchedule({ id: sid('book') });
    const payroll = recurringSchedule({ id: sid('pay') }, monthlyLine({ id: 'm2', name: 'Payroll' }));
    const setUp = upfrontSchedule({ id: sid('setup'), dueOn: '2026-04-01' });

    const groups = groupCharges(missingCharges([bookkeeping, payroll, setUp], new Set(), '2026-04-01', 1));

    expect(groups.map((g) => [g.kind, g.invoiceDate, g.charges.map((c) => c.schedule.id)])).toEqual([
      ['recurring', '2026-04-01', ['book', 'pay']],
      ['upfront', '2026-04-01', ['setup']],
    ]);
    expect(groups[0]).toMatchObject({ practiceId: 'pr1', clientId: 'c1', proposal: { id: 'p1', number: 1 } });
  });

  it('keeps apart different days, proposals and clients', () => {
    const monthly = recurringSchedule({ id: sid('a') });
    const otherProposal = recurringSchedule({ id: sid('b'), proposalId: asId<'Proposal'>('p2') as ProposalId, proposalNumber: 2 });
    const otherClient = recurringSchedule({ id: sid('c'), clientId: asId('c2') });

    const groups = groupCharges(missingCharges([monthly, otherProposal, otherClient], new Set(), '2026-05-01', 1));

    expect(groups.map((g) => [g.invoiceDate, g.proposal.number, g.clientId, g.charges.length])).toEqual([
      ['2026-04-01', 1, 'c1', 1], ['2026-04-01', 2, 'c1', 1], ['2026-04-01', 1, 'c2', 1],
      ['2026-05-01', 1, 'c1', 1], ['2026-05-01', 2, 'c1', 1], ['2026-05-01', 1, 'c2', 1],
    ]);
  });
});
