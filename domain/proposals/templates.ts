import type { Id, PracticeId } from '../shared/ids.js';
import type { ProposalContent, ProposalLine, Tier } from './content.js';
import type { BillingType, Offering } from './service.js';
import { defaultTerms } from './terms.js';
import type { TaxRate } from './tax.js';

export type TemplateId = Id<'ProposalTemplate'>;

/** A reusable starting point. Built-in templates live in code; a firm's own are stored. */
export type ProposalTemplate = {
  readonly id: TemplateId;
  readonly practiceId?: PracticeId;
  /** What people type: `proposal new Acme template=people-advisory`. */
  readonly key: string;
  readonly name: string;
  readonly content: ProposalContent;
  /** Lines priced per active employee take the client's headcount as their quantity. */
  readonly perEmployee: boolean;
};

export const templateKey = (name: string): string =>
  name.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);

const monthly: BillingType = { kind: 'recurring', frequency: 'monthly', start: { kind: 'on-acceptance' }, end: { kind: 'never' } };
const employee = 'active employee';

type Spec = Omit<Offering, 'taxRate' | 'taxMode' | 'included'> & { section: string; included?: boolean };

const tierSpecs: readonly [string, readonly Spec[]][] = [
  ['Essentials', [
    { section: 'Payroll', name: 'Payroll processing', description: 'Every pay run processed in Gusto, with payslips and filings handled for you.', price: { kind: 'per-unit', unitLabel: employee, unitPrice: 1200, minimum: 6000 }, billing: monthly },
    { section: 'People advisory', name: 'HR helpdesk', description: 'Email answers to everyday people questions within two working days.', price: { kind: 'fixed', amount: 0 }, billing: monthly, included: true },
  ]],
  ['Growth', [
    { section: 'Payroll', name: 'Payroll and benefits administration', description: 'Pay runs plus **benefits enrolment** and changes kept in step with payroll.', price: { kind: 'per-unit', unitLabel: employee, unitPrice: 2000, minimum: 10000 }, billing: monthly },
    { section: 'People advisory', name: 'Quarterly people review', description: '- Headcount and cost trends\n- Compliance check-up\n- Hiring plan review', price: { kind: 'fixed', amount: 0 }, billing: monthly, included: true },
  ]],
  ['Strategic', [
    { section: 'Payroll', name: 'Full people operations', description: 'Payroll, benefits, onboarding and offboarding run end to end.', price: { kind: 'per-unit', unitLabel: employee, unitPrice: 3200, minimum: 16000 }, billing: monthly },
    { section: 'People advisory', name: 'Monthly advisory meeting', description: 'A standing monthly meeting on workforce planning, pay bands and retention.', price: { kind: 'fixed', amount: 0 }, billing: monthly, included: true },
  ]],
];

const addOnSpecs: readonly Spec[] = [
  { section: 'Add-ons', name: 'Payroll set-up and migration', description: 'Moving your payroll history into Gusto and checking the first pay run.', price: { kind: 'fixed', amount: 45000 }, billing: { kind: 'upfront' } },
  { section: 'Add-ons', name: 'Employee handbook', description: 'A handbook written for your business, delivered within six weeks.', price: { kind: 'fixed', amount: 60000 }, billing: { kind: 'on-completion' } },
];

/**
 * The built-in "People Advisory Packages": three tiers priced per active employee (the payroll app
 * supplies the headcount), for clients linked to Gusto. Prices are the firm's to change after.
 */
export const peopleAdvisoryTemplate = (taxRate: TaxRate, newId: () => string): ProposalTemplate => {
  const line = (s: Spec): ProposalLine => ({
    ...s, id: newId(), taxRate, taxMode: 'exclusive', included: s.included ?? false, quantity: 1,
  });
  const tiers: Tier[] = tierSpecs.map(([name, specs]) => ({ id: newId(), name, lines: specs.map(line) }));
  return {
    id: 'people-advisory' as TemplateId, key: 'people-advisory', name: 'People Advisory Packages', perEmployee: true,
    content: {
      title: 'People Advisory Packages',
      coverLetter: 'Thank you for the chance to look after your people.\n\nBelow are three packages built around your payroll. Each is priced per active employee, so the fee follows your team as it grows. Pick the one that fits, add any extras, and sign at the bottom.',
      tiers, addOns: addOnSpecs.map(line), terms: defaultTerms, validDays: 30,
    },
  };
};

/** Sets every per-employee line's quantity to the headcount (or leaves 1 when it is unknown). */
export const withHeadcount = (c: ProposalContent, employees: number | undefined): ProposalContent => {
  if (!employees || employees < 1) return c;
  const apply = (l: ProposalLine): ProposalLine =>
    l.price.kind === 'per-unit' && l.price.unitLabel === employee ? { ...l, quantity: employees } : l;
  return { ...c, tiers: c.tiers.map((t) => ({ ...t, lines: t.lines.map(apply) })), addOns: c.addOns.map(apply) };
};

/** Fresh ids throughout, so a proposal built from a template never shares line or tier ids with it. */
export const instantiate = (t: ProposalTemplate, newId: () => string): ProposalContent => ({
  ...t.content,
  tiers: t.content.tiers.map((tier) => ({ ...tier, id: newId(), lines: tier.lines.map((l) => ({ ...l, id: newId() })) })),
  addOns: t.content.addOns.map((l) => ({ ...l, id: newId() })),
});
