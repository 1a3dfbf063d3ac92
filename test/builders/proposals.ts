import type { ProposalContent, ProposalLine, Tier } from '../../domain/proposals/content.js';
import { newDraft } from '../../domain/proposals/draft.js';
import type { Draft, ProposalId } from '../../domain/proposals/proposal.js';
import type { TaxRate } from '../../domain/proposals/tax.js';
import { asId } from '../../domain/shared/ids.js';

export const vat20: TaxRate = { code: 'standard', name: 'VAT 20%', basisPoints: 2000 };
export const zeroRated: TaxRate = { code: 'zero', name: 'Zero rated', basisPoints: 0 };

/** A fixed-price, upfront, VAT-exclusive line unless told otherwise. */
export const line = (over: Partial<ProposalLine> = {}): ProposalLine => ({
  id: 'l1', section: 'Compliance', name: 'Year-end accounts', description: 'Statutory accounts.',
  price: { kind: 'fixed', amount: 100000 }, billing: { kind: 'upfront' }, taxRate: vat20, taxMode: 'exclusive',
  included: false, quantity: 1, ...over,
});

export const monthlyLine = (over: Partial<ProposalLine> = {}): ProposalLine =>
  line({ id: 'm1', name: 'Bookkeeping', price: { kind: 'fixed', amount: 25000 },
    billing: { kind: 'recurring', frequency: 'monthly', start: { kind: 'on-acceptance' }, end: { kind: 'never' } }, ...over });

export const tier = (id: string, name: string, lines: ProposalLine[]): Tier => ({ id, name, lines });

export const threeTierContent = (): ProposalContent => ({
  title: 'Your accounting', coverLetter: 'Dear client,\n\nHere is our proposal.',
  tiers: [
    tier('t1', 'Bronze', [line({ id: 'b1' }), monthlyLine({ id: 'b2' })]),
    tier('t2', 'Silver', [line({ id: 's1' }), monthlyLine({ id: 's2', price: { kind: 'fixed', amount: 40000 } })]),
    tier('t3', 'Gold', [line({ id: 'g1' }), monthlyLine({ id: 'g2', price: { kind: 'fixed', amount: 60000 } }),
      line({ id: 'g3', name: 'Tax helpline', included: true })]),
  ],
  addOns: [
    line({ id: 'a1', section: 'Extras', name: 'Payroll set-up', price: { kind: 'fixed', amount: 45000 } }),
    line({ id: 'a2', section: 'Extras', name: 'Handbook', price: { kind: 'fixed', amount: 60000 }, billing: { kind: 'on-completion' } }),
  ],
  terms: 'Between {client} and {practice} on {date}: {totals}.',
  validDays: 14,
});

export const draft = (over: Partial<Draft> = {}): Draft => ({
  ...newDraft({
    id: asId<'Proposal'>('p1') as ProposalId, practiceId: asId('pr1'), number: 1, client: { id: asId('c1'), name: 'Acme Ltd' },
    currency: 'GBP', by: 'Ann', content: threeTierContent(),
  }, new Date('2026-03-01T09:00:00Z')),
  ...over,
});
