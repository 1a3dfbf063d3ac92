import type { CalendarDate, Frequency } from '../shared/calendar.js';
import type { Id, PracticeId } from '../shared/ids.js';
import { plural } from '../shared/plural.js';
import type { TaxRate } from './tax.js';

export type ServiceId = Id<'Service'>;

/** All amounts are integer minor units of the service's currency. */
export type PriceType =
  | { readonly kind: 'fixed'; readonly amount: number }
  /** `minimum` is the least the line charges, whatever the quantity (e.g. "£60 a month minimum"). */
  | { readonly kind: 'per-unit'; readonly unitLabel: string; readonly unitPrice: number; readonly minimum?: number }
  /** Quantity is the estimated hours; the final figure is confirmed before billing. */
  | { readonly kind: 'hourly'; readonly hourlyRate: number }
  | { readonly kind: 'range'; readonly min: number; readonly max: number };

export type RecurringStart = { readonly kind: 'on-acceptance' } | { readonly kind: 'on-date'; readonly date: CalendarDate };
export type RecurringEnd =
  | { readonly kind: 'never' }
  | { readonly kind: 'after'; readonly occurrences: number }
  | { readonly kind: 'on-date'; readonly date: CalendarDate };

export type BillingType =
  | { readonly kind: 'upfront' }
  | { readonly kind: 'on-completion' }
  | { readonly kind: 'recurring'; readonly frequency: Frequency; readonly start: RecurringStart; readonly end: RecurringEnd };

/** Whether entered prices already contain tax (inclusive) or tax is added on top (exclusive). */
export type TaxMode = 'exclusive' | 'inclusive';

/** What a service costs and how it is billed: shared by library services and proposal lines. */
export type Offering = {
  readonly name: string;
  /** A small markdown subset: paragraphs, `- ` bullets, **bold**, *italic*. */
  readonly description: string;
  readonly price: PriceType;
  readonly billing: BillingType;
  readonly taxRate: TaxRate;
  readonly taxMode: TaxMode;
  /** Shown to the client as part of the package, never invoiced. */
  readonly included: boolean;
  /** Mapped by the ledger issue (e.g. a Sage sales account); carried through untouched until then. */
  readonly ledgerAccount?: string;
  /** Mapped by the XPM issue to a job template deployed on acceptance. */
  readonly xpmJobTemplate?: string;
};

export type Service = Offering & {
  readonly id: ServiceId;
  readonly practiceId: PracticeId;
  readonly currency: string;
  readonly archived: boolean;
  readonly createdAt: Date;
  readonly updatedAt: Date;
};

/** Price types whose final figure needs confirming before it is billed. */
export const isEstimate = (price: PriceType): boolean => price.kind === 'hourly' || price.kind === 'range';

export const describeBilling = (b: BillingType): string => {
  if (b.kind === 'upfront') return 'Upfront, on acceptance';
  if (b.kind === 'on-completion') return 'On completion';
  const start = b.start.kind === 'on-acceptance' ? 'from acceptance' : `from ${b.start.date}`;
  const end = b.end.kind === 'never' ? '' : b.end.kind === 'after' ? `, ${plural(b.end.occurrences, 'time')}` : `, until ${b.end.date}`;
  return `${capitalise(b.frequency)} ${start}${end}`;
};

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

export const archiveService = (s: Service, now: Date): Service => ({ ...s, archived: true, updatedAt: now });
