import type { CompletionSchedule, RecurringSchedule, ScheduleId, UpfrontSchedule } from '../../domain/billing/schedule.js';
import { priceLine } from '../../domain/proposals/pricing.js';
import type { ProposalId } from '../../domain/proposals/proposal.js';
import type { ProposalLine } from '../../domain/proposals/content.js';
import { asId } from '../../domain/shared/ids.js';
import { line, monthlyLine } from './proposals.js';

/** The schedule's fields that follow from its line, as schedulesFor sets them. */
const base = (l: ProposalLine, id: string) => {
  const price = priceLine(l);
  return {
    id: asId<'BillingSchedule'>(id) as ScheduleId, practiceId: asId<'Practice'>('pr1'), proposalId: asId<'Proposal'>('p1') as ProposalId, proposalNumber: 1,
    clientId: asId<'Client'>('c1'), line: l, amount: { low: price.low, high: price.high }, needsConfirmation: price.estimate,
    createdAt: new Date('2026-03-02T10:00:00Z'),
  };
};

/** A monthly £250 bookkeeping schedule from 2 March 2026 that never ends, unless told otherwise. */
export const recurringSchedule = (over: Partial<RecurringSchedule> = {}, l: ProposalLine = monthlyLine()): RecurringSchedule => ({
  ...base(l, 'rec'), kind: 'recurring', status: 'active', frequency: 'monthly', startsOn: '2026-03-02', end: { kind: 'never' }, ...over,
});

/** A £1,000 upfront schedule due on 2 March 2026, unless told otherwise. */
export const upfrontSchedule = (over: Partial<UpfrontSchedule> = {}, l: ProposalLine = line()): UpfrontSchedule => ({
  ...base(l, 'up'), kind: 'upfront', status: 'due', dueOn: '2026-03-02', ...over,
});

/** A £1,000 schedule billed on completion, still pending, unless told otherwise. */
export const completionSchedule = (over: Partial<CompletionSchedule> = {}, l: ProposalLine = line({ billing: { kind: 'on-completion' } })): CompletionSchedule => ({
  ...base(l, 'done'), kind: 'on-completion', status: 'pending', ...over,
});
