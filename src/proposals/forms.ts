import type { DirectoryEntry } from '../../domain/apps/directory.js';
import type { Practice } from '../../domain/practice/practice.js';
import type { Service } from '../../domain/proposals/service.js';
import { frequencies } from '../../domain/shared/calendar.js';
import { practiceTaxRates, formatRate } from '../../domain/proposals/tax.js';
import type { ProposalTemplate } from '../../domain/proposals/templates.js';
import { formatMoney, money } from '../../domain/shared/money.js';
import { card, type Card, type Input } from '../cards.js';

/** Form inputs arrive as name=value pairs; a field left blank means "not given", not "empty". */
export const given = (named: Readonly<Record<string, string>>): Record<string, string> =>
  Object.fromEntries(Object.entries(named).filter(([, v]) => v.trim() !== ''));

const amount = (minor: number | undefined, currency: string) => (minor === undefined ? undefined : formatMoney(money(minor, currency)).replace(/^[^\d-]+/, ''));
const opt = <T extends object>(value: string | undefined, rest: T) => ({ ...rest, ...(value !== undefined ? { initial: value } : {}) });

/** The service modal on Slack and Teams; in the shell the same fields are typed as arguments. */
/** `templates`: the practice app's imported job templates, offered as a select when there are any. */
export const serviceForm = (practice: Practice, s?: Service, templates?: { readonly label: string; readonly list: readonly DirectoryEntry[] }): Card => {
  const p = s?.price;
  const b = s?.billing;
  const inputs: Input[] = [
    opt(s?.name, { id: 'name', label: 'Name', kind: 'text' as const, required: !s }),
    opt(s?.description, { id: 'description', label: 'Description', kind: 'multiline' as const, hint: 'Paragraphs, "- " bullets, **bold**, *italic*' }),
    opt(p?.kind === 'fixed' ? amount(p.amount, practice.currency) : undefined, { id: 'price', label: 'Fixed price', kind: 'money' as const, hint: 'Fill in one way of pricing' }),
    opt(p?.kind === 'per-unit' ? amount(p.unitPrice, practice.currency) : undefined, { id: 'unit-price', label: 'Or: price per unit', kind: 'money' as const }),
    opt(p?.kind === 'per-unit' ? p.unitLabel : undefined, { id: 'unit', label: 'Unit', kind: 'text' as const, placeholder: 'active employee' }),
    opt(p?.kind === 'per-unit' ? amount(p.minimum, practice.currency) : undefined, { id: 'minimum', label: 'Minimum charge', kind: 'money' as const }),
    opt(p?.kind === 'hourly' ? amount(p.hourlyRate, practice.currency) : undefined, { id: 'hourly', label: 'Or: hourly rate', kind: 'money' as const }),
    opt(p?.kind === 'range' ? `${amount(p.min, practice.currency)}-${amount(p.max, practice.currency)}` : undefined, { id: 'range', label: 'Or: price range', kind: 'text' as const, placeholder: '500-900' }),
    opt(b ? (b.kind === 'recurring' ? b.frequency : b.kind) : undefined, { id: 'billing', label: 'Billing', kind: 'select' as const,
      options: ['upfront', 'on-completion', ...frequencies].map((v) => ({ label: v, value: v })) }),
    opt(b?.kind === 'recurring' && b.start.kind === 'on-date' ? b.start.date : undefined, { id: 'start', label: 'Recurring from (blank: on acceptance)', kind: 'date' as const }),
    opt(b?.kind === 'recurring' ? (b.end.kind === 'after' ? String(b.end.occurrences) : b.end.kind === 'on-date' ? b.end.date : undefined) : undefined,
      { id: 'end', label: 'Ends (blank: never; a number of bills or a date)', kind: 'text' as const }),
    opt(s?.taxRate.code, { id: 'tax', label: 'Tax rate', kind: 'select' as const,
      options: practiceTaxRates(practice.country).map((r) => ({ label: `${r.name} (${formatRate(r)})`, value: r.code })) }),
    opt(s?.taxMode, { id: 'prices', label: 'Prices are', kind: 'select' as const, options: [{ label: 'before tax', value: 'exclusive' }, { label: 'including tax', value: 'inclusive' }] }),
    opt(s ? (s.included ? 'yes' : 'no') : undefined, { id: 'included', label: 'Included (shown, never invoiced)', kind: 'select' as const, options: [{ label: 'no', value: 'no' }, { label: 'yes', value: 'yes' }] }),
    ...(templates?.list.length ? [opt(s?.xpmJobTemplate, { id: 'xpm-template', label: templates.label, kind: 'select' as const,
      options: [...(s?.xpmJobTemplate ? [{ label: 'none (unlink)', value: 'none' }] : []), ...templates.list.map((t) => ({ label: t.name, value: t.externalId }))] })] : []),
  ];
  return card(s ? `Edit ${s.name}` : 'Add a service', {
    form: { title: s ? `Edit ${s.name}` : 'New service', inputs, submit: s ? `service edit "${s.name}"` : 'service add', submitLabel: 'Save' },
  });
};

export const newProposalForm = (templates: readonly ProposalTemplate[]): Card => card('Start a proposal', {
  form: {
    title: 'New proposal', submit: 'proposal new', submitLabel: 'Start draft',
    inputs: [
      { id: 'client', label: 'Client (an existing name, or a new one)', kind: 'text', required: true },
      { id: 'template', label: 'Template', kind: 'select', options: templates.map((t) => ({ label: t.name, value: t.key })) },
    ],
  },
});

export const addServiceForm = (services: readonly Service[], ref: string, tiers: readonly string[]): Card => card(`Add a service to ${ref}`, {
  form: {
    title: `Add to ${ref}`, submit: `proposal add proposal=${ref}`, submitLabel: 'Add',
    inputs: [
      { id: 'service', label: 'Service', kind: 'select', required: true, options: services.map((s) => ({ label: s.name, value: s.name })) },
      { id: 'tier', label: 'Option (tier)', kind: 'text', hint: tiers.length ? `Existing: ${tiers.join(', ')}, or "all"` : 'e.g. Bronze, Silver, Gold' },
      { id: 'qty', label: 'Quantity', kind: 'number' },
      { id: 'price', label: 'Price for this client (blank: library price)', kind: 'money' },
      { id: 'addon', label: 'Optional add-on the client may tick', kind: 'select', options: [{ label: 'no', value: 'no' }, { label: 'yes', value: 'yes' }] },
    ],
  },
});
