import { formatSpan, isZero, periodNoun, type Totals } from './pricing.js';
import { frequencies } from '../shared/calendar.js';

/** Merge fields the cover letter and terms may use, written {client}, {practice}, {date}, {totals}… */
export const mergeFields = ['client', 'practice', 'date', 'tier', 'total_one_off', 'total_on_completion', 'total_recurring', 'totals'] as const;
export type MergeField = (typeof mergeFields)[number];
export type MergeValues = Readonly<Record<MergeField, string>>;

const fieldPattern = /\{([a-z_]+)\}/g;

/** Fields in a text that would not merge, so a typo is caught when the text is saved. */
export const unknownMergeFields = (template: string): string[] =>
  [...new Set([...template.matchAll(fieldPattern)].map((m) => m[1]!))].filter((f) => !(mergeFields as readonly string[]).includes(f));

/** Fills in {client}, {totals}… in any text written with merge fields (the cover letter and the terms alike). */
export const mergeText = (template: string, values: MergeValues): string =>
  template.replace(fieldPattern, (whole, field: string) => (field in values ? values[field as MergeField] : whole));

const recurringText = (t: Totals, currency: string): string =>
  frequencies
    .filter((f) => t.recurring[f] && !isZero(t.recurring[f]!))
    .map((f) => `${formatSpan(t.recurring[f]!, currency)} a ${periodNoun[f]}`)
    .join(' and ');

/** "£450.00 on acceptance, £600.00 on completion and £180.00 a month, including VAT". */
export const describeTotals = (t: Totals, currency: string): string => {
  const parts = [
    isZero(t.oneOff) ? '' : `${formatSpan(t.oneOff, currency)} on acceptance`,
    isZero(t.onCompletion) ? '' : `${formatSpan(t.onCompletion, currency)} on completion`,
    recurringText(t, currency),
  ].filter(Boolean);
  if (!parts.length) return 'no charge';
  const list = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : parts[0]!;
  return `${list}, including VAT${t.estimate ? ' (estimated where marked)' : ''}`;
};

export type TermsContext = {
  readonly clientName: string;
  readonly practiceName: string;
  /** Already formatted for people, e.g. "22 November 2026". */
  readonly date: string;
  readonly currency: string;
  /** One entry per tier on offer, or just the chosen one once accepted. */
  readonly options: readonly { readonly name: string; readonly totals: Totals }[];
};

export const termsValues = (ctx: TermsContext): MergeValues => {
  const only = ctx.options.length === 1 ? ctx.options[0] : undefined;
  const each = (pick: (t: Totals) => string): string =>
    only ? pick(only.totals) : ctx.options.map((o) => `${o.name}: ${pick(o.totals)}`).join('; ');
  return {
    client: ctx.clientName,
    practice: ctx.practiceName,
    date: ctx.date,
    tier: only?.name ?? 'one of the options above',
    total_one_off: each((t) => formatSpan(t.oneOff, ctx.currency)),
    total_on_completion: each((t) => formatSpan(t.onCompletion, ctx.currency)),
    total_recurring: each((t) => recurringText(t, ctx.currency) || 'none'),
    totals: each((t) => describeTotals(t, ctx.currency)),
  };
};

export const defaultTerms = [
  'This engagement letter, dated {date}, is between {client} ("you") and {practice} ("we"). It starts when you accept it.',
  'You have chosen {tier}. Our fees are {totals}. Recurring fees are billed in advance for each period until either of us ends the engagement with 30 days\' written notice.',
  'Work marked as on completion is billed when we finish it. Estimated fees (hourly work and price ranges) are confirmed with you before they are billed.',
  'You agree to give us complete and accurate information on time. We keep your information confidential and use it only to provide these services.',
].join('\n\n');
